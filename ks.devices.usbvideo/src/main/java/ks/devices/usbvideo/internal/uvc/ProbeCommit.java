package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Flyweight over a VS probe/commit control block (UVC 4.3.1.1): 26 bytes for UVC 1.0, 34 for 1.1,
 * 48 for 1.5, little-endian. Fields past the buffer's limit read as 0 and are not written.
 */
public final class ProbeCommit {

    private final ByteBuffer b;

    public ProbeCommit(ByteBuffer buffer) {
        this.b = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    public static ProbeCommit allocate(int length) {
        return new ProbeCommit(ByteBuffer.allocate(length));
    }

    public ByteBuffer buffer() {
        return b;
    }

    public int length() {
        return b.limit();
    }

    public ProbeCommit clear() {
        for (int i = 0; i < b.limit(); i++) {
            b.put(i, (byte) 0);
        }
        return this;
    }

    public ProbeCommit copyFrom(ProbeCommit other) {
        int n = Math.min(length(), other.length());
        clear();
        for (int i = 0; i < n; i++) {
            b.put(i, other.b.get(i));
        }
        return this;
    }

    private int u8(int off) {
        return off < b.limit() ? b.get(off) & 0xFF : 0;
    }

    private int u16(int off) {
        return off + 2 <= b.limit() ? b.getShort(off) & 0xFFFF : 0;
    }

    private long u32(int off) {
        return off + 4 <= b.limit() ? b.getInt(off) & 0xFFFF_FFFFL : 0;
    }

    private ProbeCommit put8(int off, int v) {
        if (off < b.limit()) {
            b.put(off, (byte) v);
        }
        return this;
    }

    private ProbeCommit put16(int off, int v) {
        if (off + 2 <= b.limit()) {
            b.putShort(off, (short) v);
        }
        return this;
    }

    private ProbeCommit put32(int off, long v) {
        if (off + 4 <= b.limit()) {
            b.putInt(off, (int) v);
        }
        return this;
    }

    public int hint() { return u16(0); }
    public ProbeCommit hint(int v) { return put16(0, v); }
    public int formatIndex() { return u8(2); }
    public ProbeCommit formatIndex(int v) { return put8(2, v); }
    public int frameIndex() { return u8(3); }
    public ProbeCommit frameIndex(int v) { return put8(3, v); }
    /** dwFrameInterval in 100 ns units. */
    public long frameInterval() { return u32(4); }
    public ProbeCommit frameInterval(long v) { return put32(4, v); }
    public int keyFrameRate() { return u16(8); }
    public ProbeCommit keyFrameRate(int v) { return put16(8, v); }
    public int pFrameRate() { return u16(10); }
    public ProbeCommit pFrameRate(int v) { return put16(10, v); }
    public int compQuality() { return u16(12); }
    public ProbeCommit compQuality(int v) { return put16(12, v); }
    public int compWindowSize() { return u16(14); }
    public ProbeCommit compWindowSize(int v) { return put16(14, v); }
    public int delay() { return u16(16); }
    public ProbeCommit delay(int v) { return put16(16, v); }
    public long maxVideoFrameSize() { return u32(18); }
    public ProbeCommit maxVideoFrameSize(long v) { return put32(18, v); }
    public long maxPayloadTransferSize() { return u32(22); }
    public ProbeCommit maxPayloadTransferSize(long v) { return put32(22, v); }
    /** dwClockFrequency (UVC 1.1+; 0 in a 26-byte block). */
    public long clockFrequency() { return u32(26); }
    public ProbeCommit clockFrequency(long v) { return put32(26, v); }
    public int framingInfo() { return u8(30); }
    public ProbeCommit framingInfo(int v) { return put8(30, v); }
    public int preferredVersion() { return u8(31); }
    public ProbeCommit preferredVersion(int v) { return put8(31, v); }
    public int minVersion() { return u8(32); }
    public ProbeCommit minVersion(int v) { return put8(32, v); }
    public int maxVersion() { return u8(33); }
    public ProbeCommit maxVersion(int v) { return put8(33, v); }

    @Override
    public String toString() {
        return String.format("probe[%d B] format %d frame %d interval %d maxFrame %d maxPayload %d clock %d",
                length(), formatIndex(), frameIndex(), frameInterval(), maxVideoFrameSize(), maxPayloadTransferSize(), clockFrequency());
    }
}
