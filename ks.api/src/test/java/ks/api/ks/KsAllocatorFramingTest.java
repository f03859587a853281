package ks.api.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** KSALLOCATOR_FRAMING read at the offsets of the Windows header (ks.h), laid out here by hand. */
class KsAllocatorFramingTest {

    @Test
    void readTakesFramesFromOffset8AndFrameSizeFromOffset12() {
        ByteBuffer b = ByteBuffer.allocate(4 + KsAllocatorFraming.SIZEOF).order(ByteOrder.LITTLE_ENDIAN);
        // at offset 4: RequirementsFlags 0x2, PoolType 0, Frames 4, FrameSize 153600, FileAlignment 7, Reserved 0
        b.putInt(4, 0x2).putInt(8, 0).putInt(12, 4).putInt(16, 153_600).putInt(20, 7).putInt(24, 0);
        assertEquals(new KsAllocatorFraming(0x2, 4, 153_600, 7), KsAllocatorFraming.read(b, 4));
    }

    @Test
    void whatWriteWritesReadReadsBack() {
        KsAllocatorFraming f = new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 6, 4_147_200,
                KsAllocatorFraming.FILE_QUAD_ALIGNMENT);
        ByteBuffer b = ByteBuffer.allocate(KsAllocatorFraming.SIZEOF);
        f.write(b, 0);
        assertEquals(f, KsAllocatorFraming.read(b, 0));
        ByteBuffer ex = ByteBuffer.allocate(KsAllocatorFraming.SIZEOF_EX);
        f.writeEx(ex, 0);
        assertEquals(f, KsAllocatorFraming.readEx(ex, 0));
    }

    @Test
    void theExtendedFormTakesTheFirstItemsFramesAndTheLargestFrameOfItsFramingRange() {
        ByteBuffer b = ByteBuffer.allocate(KsAllocatorFraming.SIZEOF_EX).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 1); // CountItems
        int item = 24;
        b.putInt(item + 40, 0x4); // Flags
        b.putInt(item + 44, 3); // Frames
        b.putInt(item + 48, 0x3f); // FileAlignment
        b.putInt(item + 68, 1000).putInt(item + 72, 2000).putInt(item + 76, 1); // FramingRange.Range Min, Max, Stepping
        assertEquals(new KsAllocatorFraming(0x4, 3, 2000, 0x3f), KsAllocatorFraming.readEx(b, 0));
    }

    @Test
    void aShortAnswerOrOneWithoutItemsIsRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> KsAllocatorFraming.read(ByteBuffer.allocate(23), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> KsAllocatorFraming.read(ByteBuffer.allocate(24), 1));
        assertThrows(IllegalArgumentException.class, () -> KsAllocatorFraming.readEx(ByteBuffer.allocate(KsAllocatorFraming.SIZEOF_EX), 0));
    }
}
