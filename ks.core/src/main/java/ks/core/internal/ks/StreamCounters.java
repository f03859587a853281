package ks.core.internal.ks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pin's stream statistics: requests and bytes served on the IRP path and by fast reads, frames a
 * capture device could not place, and the listener told about frames with OptionsFlags set.
 *
 * <h2>Threading</h2>
 * The IRP-path counts are adders any thread may add to; the fast-read counts are written only
 * under the capture ring's consumer lock and read opaquely.
 */
final class StreamCounters {

    private static final VarHandle FAST_FRAMES;
    private static final VarHandle FAST_BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FAST_FRAMES = lookup.findVarHandle(StreamCounters.class, "fastFrames", long.class);
            FAST_BYTES = lookup.findVarHandle(StreamCounters.class, "fastBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder starved = new LongAdder();
    /** Requests and bytes served by fast reads: written under the capture ring's consumer lock. */
    private long fastFrames;
    private long fastBytes;
    private volatile StreamPin.FrameListener listener;

    void listener(StreamPin.FrameListener value) {
        listener = value;
    }

    /** A request served on the IRP path (or a render frame consumed from the ring). */
    void counted(int options, long used) {
        frames.increment();
        bytes.add(used);
        if (options != 0) {
            notifyListener(options, used);
        }
    }

    /** One fast read of {@code used} bytes. Under the capture ring's consumer lock. */
    void countFast(long used) {
        FAST_FRAMES.setOpaque(this, fastFrames + 1);
        FAST_BYTES.setOpaque(this, fastBytes + used);
    }

    void notifyListener(int options, long used) {
        StreamPin.FrameListener l = listener;
        if (l != null) {
            l.frameCompleted(options, used);
        }
    }

    /** A capture frame the device could not place (no read queued, no ring slot free). */
    void starved() {
        starved.increment();
    }

    long starvedCount() {
        return starved.sum();
    }

    long framesCompleted() {
        return frames.sum() + (long) FAST_FRAMES.getOpaque(this);
    }

    long bytesCompleted() {
        return bytes.sum() + (long) FAST_BYTES.getOpaque(this);
    }
}
