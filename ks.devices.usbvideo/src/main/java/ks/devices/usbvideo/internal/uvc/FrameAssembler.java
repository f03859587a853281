package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;

/**
 * Turns UVC payloads into frames (UVC 2.4.3.3, with the Linux uvcvideo rules): header checks, a new
 * frame when FID toggles, the end of a frame at EOF or at the next FID toggle, frames joined midway
 * skipped until FID toggles, ERR and overflow marking the frame bad, an uncompressed frame of the
 * wrong size marked bad. Payload data is copied once, straight into the buffer the {@link Sink}
 * hands out for the frame (a queued stream header's Data); with no buffer the frame is counted as
 * dropped and skipped.
 *
 * <p>Isochronous packets are one payload each ({@link #payload}); bulk payloads may span transfers
 * and end with a short transfer or at dwMaxPayloadTransferSize ({@link #bulkTransfer}).
 *
 * <h2>Threading</h2>
 * Not thread-safe: one transfer-completion thread feeds it. Allocation-free per payload.
 */
public final class FrameAssembler {

    /** Frame flags passed to {@link Sink#frameEnd}. */
    public static final int FRAME_ERROR = 1;
    /** The frame's data did not fit the buffer and was cut. */
    public static final int FRAME_TRUNCATED = 2;
    /** Frames were dropped (no buffer) or lost (FID gaps) before this one. */
    public static final int FRAME_DISCONTINUITY = 4;

    /** Where frames go. */
    public interface Sink {
        /** A frame starts: the buffer to fill from its position, or null to drop the frame. */
        ByteBuffer frameStart();

        /**
         * The frame ended: {@code length} bytes were written from the buffer's position; flags are
         * FRAME_*; {@code pts} is the header's dwPresentationTime when {@code ptsValid}.
         */
        void frameEnd(ByteBuffer frame, int length, int flags, long pts, boolean ptsValid);
    }

    private final Sink sink;
    private final boolean uncompressed;
    private final boolean noFid;
    private long expectedSize;

    private int lastFid = -1;
    private boolean inFrame;
    private ByteBuffer target;
    private int base;
    private int written;
    private int flags;
    private long pts;
    private boolean ptsValid;
    private boolean discontinuity;

    private boolean inBulkPayload;
    private int bulkInfo;
    private long bulkBytes;

    private long payloads;
    private long invalidPayloads;
    private long frames;
    private long errorFrames;
    private long droppedFrames;

    /**
     * @param expectedSize dwMaxVideoFrameSize: an uncompressed frame of another size is bad
     * @param noFid the device never toggles FID (quirk): frames end at EOF only
     */
    public FrameAssembler(Sink sink, long expectedSize, boolean uncompressed, boolean noFid) {
        this.sink = sink;
        this.expectedSize = expectedSize;
        this.uncompressed = uncompressed;
        this.noFid = noFid;
    }

    /** One isochronous packet or one whole bulk payload: header then data. */
    public void payload(ByteBuffer buf, int offset, int length) {
        if (length == 0) {
            return; // zero-length packet: nothing in that (micro)frame
        }
        int info = begin(buf, offset, length);
        if (info < 0) {
            return;
        }
        int hl = buf.get(offset) & 0xFF;
        data(buf, offset + hl, length - hl);
        end(info);
    }

    /**
     * One bulk transfer of {@code length} bytes out of {@code requested}: a payload starts with a
     * header, continues over transfers and ends with a short transfer or at {@code maxPayload} bytes.
     */
    public void bulkTransfer(ByteBuffer buf, int offset, int length, int requested, long maxPayload) {
        if (!inBulkPayload) {
            if (length == 0) {
                return; // ZLP between payloads
            }
            int info = begin(buf, offset, length);
            if (info < 0) {
                return;
            }
            int hl = buf.get(offset) & 0xFF;
            data(buf, offset + hl, length - hl);
            inBulkPayload = true;
            bulkInfo = info;
            bulkBytes = length;
        } else {
            data(buf, offset, length);
            bulkBytes += length;
        }
        if (length < requested || bulkBytes >= maxPayload) {
            inBulkPayload = false;
            end(bulkInfo);
        }
    }

    /** Validates a header and handles FID; returns bmHeaderInfo, or -1 when the payload is skipped. */
    private int begin(ByteBuffer buf, int offset, int length) {
        payloads++;
        if (length < 2) {
            invalidPayloads++;
            return -1;
        }
        int hl = buf.get(offset) & 0xFF;
        if (hl < 2 || hl > length) {
            invalidPayloads++;
            return -1;
        }
        int info = buf.get(offset + 1) & 0xFF;
        int fid = info & Uvc.UVC_STREAM_FID;
        if (inFrame && !noFid && fid != lastFid) {
            finish(); // FID toggled without EOF: the previous frame is complete
        }
        if (!inFrame) {
            if (!noFid && fid == lastFid) {
                lastFid = fid;
                return -1; // the rest of a frame joined midway (or ended early): wait for the toggle
            }
            start();
        }
        lastFid = fid;
        if ((info & Uvc.UVC_STREAM_ERR) != 0) {
            flags |= FRAME_ERROR;
        }
        if (!ptsValid && (info & Uvc.UVC_STREAM_PTS) != 0 && hl >= 6) {
            pts = (buf.get(offset + 2) & 0xFFL) | (buf.get(offset + 3) & 0xFFL) << 8 | (buf.get(offset + 4) & 0xFFL) << 16
                    | (buf.get(offset + 5) & 0xFFL) << 24; // little-endian whatever the buffer's order
            ptsValid = true;
        }
        return info;
    }

    private void start() {
        inFrame = true;
        target = sink.frameStart();
        base = target == null ? 0 : target.position();
        written = 0;
        flags = discontinuity ? FRAME_DISCONTINUITY : 0;
        ptsValid = false;
        if (target == null) {
            droppedFrames++;
            discontinuity = true;
        } else {
            discontinuity = false;
        }
    }

    private void data(ByteBuffer buf, int offset, int n) {
        if (!inFrame || n <= 0) {
            return;
        }
        if (target == null) {
            written += n;
            return;
        }
        int room = target.limit() - base - written;
        int copy = Math.min(room, n);
        if (copy > 0) {
            target.put(base + written, buf, offset, copy);
            written += copy;
        }
        if (copy < n) {
            flags |= FRAME_ERROR | FRAME_TRUNCATED;
            finish();
        }
    }

    private void end(int info) {
        if (inFrame && (info & Uvc.UVC_STREAM_EOF) != 0 && written > 0) {
            finish();
        }
    }

    private void finish() {
        if (!inFrame) {
            return;
        }
        inFrame = false;
        if (target == null) {
            return;
        }
        if (uncompressed && written != expectedSize) {
            flags |= FRAME_ERROR;
        }
        frames++;
        if ((flags & FRAME_ERROR) != 0) {
            errorFrames++;
        }
        ByteBuffer t = target;
        target = null;
        sink.frameEnd(t, written, flags, pts, ptsValid);
    }

    /** Forgets a frame in progress (stream stopped); the next payload starts afresh. */
    public void reset() {
        inFrame = false;
        target = null;
        inBulkPayload = false;
        lastFid = -1;
    }

    /** Whether a frame is being assembled into a buffer from the sink. */
    public boolean holdsBuffer() {
        return inFrame && target != null;
    }

    public void expectedSize(long value) {
        expectedSize = value;
    }

    public long payloads() {
        return payloads;
    }

    public long invalidPayloads() {
        return invalidPayloads;
    }

    public long frames() {
        return frames;
    }

    public long errorFrames() {
        return errorFrames;
    }

    public long droppedFrames() {
        return droppedFrames;
    }
}
