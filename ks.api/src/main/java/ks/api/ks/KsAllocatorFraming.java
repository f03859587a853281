package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A pin's allocator framing: how many frames of what size it wants outstanding, answered as
 * KSALLOCATOR_FRAMING (24 bytes) and as the one-item KSALLOCATOR_FRAMING_EX (112 bytes).
 *
 * <pre>
 * KSALLOCATOR_FRAMING: 0 RequirementsFlags 4 PoolType 8 Frames 12 FrameSize 16 FileAlignment 20 Reserved
 * KSALLOCATOR_FRAMING_EX: 0 CountItems 4 PinFlags 8 OutputCompression {Num, Den, Margin} 20 PinWeight
 *   24 KS_FRAMING_ITEM (88): 0 MemoryType 16 BusType 32 MemoryFlags 36 BusFlags 40 Flags 44 Frames
 *      48 FileAlignment 52 MemoryTypeWeight 56 PhysicalRange {Min, Max, Stepping}
 *      68 FramingRange {Range {Min, Max, Stepping}, InPlaceWeight, NotInPlaceWeight}
 * </pre>
 *
 * @param requirementsFlags KSALLOCATOR_REQUIREMENTF_*
 * @param frames frames the pin wants outstanding
 * @param frameSize bytes per frame
 * @param fileAlignment alignment mask (FILE_QUAD_ALIGNMENT = 7, ...)
 */
public record KsAllocatorFraming(int requirementsFlags, int frames, int frameSize, int fileAlignment) {

    public static final int SIZEOF = 24;
    public static final int SIZEOF_EX = 112;

    public static final int KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER = 0x1;
    public static final int KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY = 0x2;
    public static final int KSALLOCATOR_REQUIREMENTF_FRAME_INTEGRITY = 0x4;
    public static final int KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE = 0x8;
    public static final int KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY = 0x80000000;
    public static final int FILE_QUAD_ALIGNMENT = 0x7;
    /** POOL_TYPE NonPagedPool. */
    public static final int NON_PAGED_POOL = 0;

    public static final UUID KSMEMORY_TYPE_SYSTEM = UUID.fromString("091BB638-603F-11D1-B067-00A0C9062802");

    /**
     * A KSALLOCATOR_FRAMING at {@code offset}, as a pin answers KSPROPERTY_CONNECTION_ALLOCATORFRAMING.
     *
     * @throws IndexOutOfBoundsException when fewer than {@link #SIZEOF} bytes follow {@code offset}
     */
    public static KsAllocatorFraming read(ByteBuffer b, int offset) {
        checkLength(b, offset, SIZEOF);
        return new KsAllocatorFraming(KsWire.getInt(b, offset), KsWire.getInt(b, offset + 8), KsWire.getInt(b, offset + 12),
                KsWire.getInt(b, offset + 16));
    }

    /**
     * The first framing item of a KSALLOCATOR_FRAMING_EX at {@code offset} (as KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX
     * answers): its Flags, Frames, FileAlignment and the largest frame of its FramingRange.
     *
     * @throws IndexOutOfBoundsException when fewer than {@link #SIZEOF_EX} bytes follow {@code offset}
     * @throws IllegalArgumentException when CountItems is 0
     */
    public static KsAllocatorFraming readEx(ByteBuffer b, int offset) {
        checkLength(b, offset, SIZEOF_EX);
        if (KsWire.getInt(b, offset) < 1) {
            throw new IllegalArgumentException("KSALLOCATOR_FRAMING_EX with no framing item");
        }
        int item = offset + 24;
        return new KsAllocatorFraming(KsWire.getInt(b, item + 40), KsWire.getInt(b, item + 44), KsWire.getInt(b, item + 72),
                KsWire.getInt(b, item + 48));
    }

    private static void checkLength(ByteBuffer b, int offset, int length) {
        if (offset < 0 || b.limit() - offset < length) {
            throw new IndexOutOfBoundsException("allocator framing needs " + length + " bytes at " + offset + ", "
                    + Math.max(0, b.limit() - offset) + " there");
        }
    }

    public void write(ByteBuffer b, int offset) {
        KsWire.putInt(b, offset, requirementsFlags);
        KsWire.putInt(b, offset + 4, NON_PAGED_POOL);
        KsWire.putInt(b, offset + 8, frames);
        KsWire.putInt(b, offset + 12, frameSize);
        KsWire.putInt(b, offset + 16, fileAlignment);
        KsWire.putInt(b, offset + 20, 0);
    }

    /** The extended form with one framing item: system memory, fixed frame size, no compression. */
    public void writeEx(ByteBuffer b, int offset) {
        KsWire.putInt(b, offset, 1); // CountItems
        KsWire.putInt(b, offset + 4, 0); // PinFlags
        KsWire.putInt(b, offset + 8, 1); // OutputCompression 1:1
        KsWire.putInt(b, offset + 12, 1);
        KsWire.putInt(b, offset + 16, 0);
        KsWire.putInt(b, offset + 20, 0); // PinWeight
        int item = offset + 24;
        KsWire.putGuid(b, item, KSMEMORY_TYPE_SYSTEM);
        KsWire.putGuid(b, item + 16, KsGuids.KSMEDIUMSETID_Standard); // BusType of software pins
        KsWire.putInt(b, item + 32, 0);
        KsWire.putInt(b, item + 36, 0);
        KsWire.putInt(b, item + 40, requirementsFlags);
        KsWire.putInt(b, item + 44, frames);
        KsWire.putInt(b, item + 48, fileAlignment);
        KsWire.putInt(b, item + 52, 0);
        for (int range = item + 56; range <= item + 68; range += 12) {
            KsWire.putInt(b, range, frameSize);
            KsWire.putInt(b, range + 4, frameSize);
            KsWire.putInt(b, range + 8, 1);
        }
        KsWire.putInt(b, item + 80, 0);
        KsWire.putInt(b, item + 84, 0);
    }
}
