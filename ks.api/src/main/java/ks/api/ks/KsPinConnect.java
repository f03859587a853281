package ks.api.ks;

import java.nio.ByteBuffer;

/**
 * KSPIN_CONNECT (x64, 72 bytes), the create parameters of a pin, followed directly by the data
 * format (KSDATAFORMAT + format block):
 *
 * <pre>
 *  0 Interface (KSPIN_INTERFACE, 24)   24 Medium (KSPIN_MEDIUM, 24)   48 PinId   52 (padding)
 * 56 PinToHandle (8; 0 = connect to this sink pin)   64 Priority {PriorityClass, PrioritySubClass}
 * 72 KSDATAFORMAT ...
 * </pre>
 */
public final class KsPinConnect {

    public static final int SIZEOF = 72;
    public static final int INTERFACE = 0;
    public static final int MEDIUM = 24;
    public static final int PIN_ID = 48;
    public static final int PIN_TO_HANDLE = 56;
    public static final int PRIORITY = 64;

    public static final int KSPRIORITY_LOW = 0x00000001;
    public static final int KSPRIORITY_NORMAL = 0x40000000;
    public static final int KSPRIORITY_HIGH = 0x80000000;
    public static final int KSPRIORITY_EXCLUSIVE = 0xFFFFFFFF;

    private KsPinConnect() {
    }

    /**
     * The create buffer KsCreatePin sends: KSPIN_CONNECT with the standard streaming interface and
     * medium, normal priority, then {@code format}'s FormatSize bytes.
     */
    public static ByteBuffer build(int pinId, ByteBuffer format) {
        return build(pinId, format, 0);
    }

    /**
     * As {@link #build(int, ByteBuffer)} for a source pin connected to a sink pin of another
     * filter: {@code pinToHandle} is the sink pin's handle (IoManager.handleOf).
     */
    public static ByteBuffer build(int pinId, ByteBuffer format, long pinToHandle) {
        int formatSize = KsDataFormat.formatSize(format);
        ByteBuffer b = KsDataFormat.allocate(SIZEOF + formatSize);
        KsIdentifier.STANDARD_STREAMING.write(b, INTERFACE);
        KsIdentifier.STANDARD_MEDIUM.write(b, MEDIUM);
        KsWire.putInt(b, PIN_ID, pinId);
        KsWire.putLong(b, PIN_TO_HANDLE, pinToHandle);
        KsWire.putInt(b, PRIORITY, KSPRIORITY_NORMAL);
        KsWire.putInt(b, PRIORITY + 4, 1);
        return b.put(SIZEOF, format, 0, formatSize);
    }

    public static KsIdentifier interfaceId(ByteBuffer b) {
        return KsIdentifier.read(b, INTERFACE);
    }

    public static KsIdentifier medium(ByteBuffer b) {
        return KsIdentifier.read(b, MEDIUM);
    }

    public static int pinId(ByteBuffer b) {
        return KsWire.getInt(b, PIN_ID);
    }

    public static long pinToHandle(ByteBuffer b) {
        return KsWire.getLong(b, PIN_TO_HANDLE);
    }
}
