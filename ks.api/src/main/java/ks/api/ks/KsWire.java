package ks.api.ks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Reading and writing KS wire formats in {@link ByteBuffer}s: little-endian integers and GUIDs at
 * absolute offsets, with the length check first. Callers' buffer positions and byte orders are
 * left alone.
 *
 * <pre>
 * GUID (16 bytes): Data1 u32 LE | Data2 u16 LE | Data3 u16 LE | Data4[8] as stored
 * </pre>
 */
public final class KsWire {

    private KsWire() {
    }

    /** Whether {@code length} bytes at {@code offset} lie inside the buffer's limit. */
    public static boolean fits(ByteBuffer b, int offset, int length) {
        return b != null && offset >= 0 && length >= 0 && offset <= b.limit() - length;
    }

    public static int getInt(ByteBuffer b, int offset) {
        return little(b).getInt(offset);
    }

    public static void putInt(ByteBuffer b, int offset, int value) {
        little(b).putInt(offset, value);
    }

    /** An unsigned 16-bit value. */
    public static int getShort(ByteBuffer b, int offset) {
        return little(b).getShort(offset) & 0xFFFF;
    }

    public static void putShort(ByteBuffer b, int offset, int value) {
        little(b).putShort(offset, (short) value);
    }

    public static long getLong(ByteBuffer b, int offset) {
        return little(b).getLong(offset);
    }

    public static void putLong(ByteBuffer b, int offset, long value) {
        little(b).putLong(offset, value);
    }

    public static UUID getGuid(ByteBuffer b, int offset) {
        ByteBuffer l = little(b);
        long data1 = Integer.toUnsignedLong(l.getInt(offset));
        long data2 = Short.toUnsignedLong(l.getShort(offset + 4));
        long data3 = Short.toUnsignedLong(l.getShort(offset + 6));
        long msb = data1 << 32 | data2 << 16 | data3;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            lsb = lsb << 8 | (b.get(offset + 8 + i) & 0xFF);
        }
        return new UUID(msb, lsb);
    }

    public static void putGuid(ByteBuffer b, int offset, UUID guid) {
        ByteBuffer l = little(b);
        long msb = guid.getMostSignificantBits();
        l.putInt(offset, (int) (msb >>> 32));
        l.putShort(offset + 4, (short) (msb >>> 16));
        l.putShort(offset + 6, (short) msb);
        long lsb = guid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b.put(offset + 8 + i, (byte) (lsb >>> (56 - 8 * i)));
        }
    }

    /** Rounds up to a multiple of 8 (data ranges in a KSMULTIPLE_ITEM start 8-byte aligned). */
    public static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static ByteBuffer little(ByteBuffer b) {
        return b.order() == ByteOrder.LITTLE_ENDIAN ? b : b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
