package ks.core.internal.ks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import ks.api.ks.KsStreamHeader;

/**
 * The ready ring of a capture pin: frames the device completed while no read was queued, handed
 * to readers oldest first. A fixed set of slots allocated once.
 *
 * <h2>Threading</h2>
 * <ul>
 * <li>One producer at a time, the holder of the pin's leading edge, {@linkplain #reserve reserves}
 *     the slot after the last frame, fills it and {@linkplain #publish publishes} it. It takes no
 *     lock: publishing is one volatile write of the tail, which orders the slot's contents before
 *     it for every reader of the tail.</li>
 * <li>Consumers (fast reads, IRP dispatch, queue service) take frames from the head while holding
 *     the consumer lock: {@link #tryLock} (a fast read that finds it taken declines) or
 *     {@link #lock}. The head moves with a release write after the frames were copied out, so the
 *     producer never reuses a slot a consumer still reads.</li>
 * <li>{@link #clear} (stop, reset, removal) drops the frames published so far and starts a new
 *     epoch; a frame reserved before it and published after carries the old epoch and is dropped
 *     when it reaches the head, never delivered.</li>
 * </ul>
 */
final class CaptureRing {

    private static final VarHandle HEAD;
    private static final VarHandle LOCKED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(CaptureRing.class, "head", long.class);
            LOCKED = lookup.findVarHandle(CaptureRing.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KsStreamHeader[] slots;
    /** The epoch each slot was reserved in; written before the tail that publishes it. */
    private final int[] slotEpochs;
    private final int depth;

    /** Frames published since the start; written by the producer only. */
    private volatile long tail;
    private int tailIndex;
    private int reservedEpoch;

    /** Frames taken or dropped since the start; written under the consumer lock only. */
    private volatile long head;
    private int headIndex;
    private volatile int epoch;
    private volatile int locked;

    CaptureRing(int depth, int frameBytes, int extensionBytes, int alignment) {
        this.depth = depth;
        this.slots = FrameMemory.ringFrames(depth, frameBytes, extensionBytes, alignment);
        this.slotEpochs = new int[depth];
    }

    // ------------------------------------------------------------------ producer

    /** The free slot after the last frame, or null when the ring is full. Producer only. */
    KsStreamHeader reserve() {
        if (tail - head >= depth) {
            return null;
        }
        reservedEpoch = epoch;
        return slots[tailIndex];
    }

    /** Publishes the slot {@link #reserve} returned as the newest frame. Producer only. */
    void publish() {
        slotEpochs[tailIndex] = reservedEpoch;
        tailIndex = next(tailIndex);
        tail = tail + 1; // the volatile write: the slot's contents happen-before any read of this tail
    }

    // ------------------------------------------------------------------ consumers

    boolean tryLock() {
        return LOCKED.compareAndSet(this, 0, 1);
    }

    void lock() {
        int spins = 0;
        while (!LOCKED.compareAndSet(this, 0, 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a holder copies at most a few frames
            }
        }
    }

    void unlock() {
        LOCKED.setRelease(this, 0);
    }

    /** Whether a published frame may be waiting (no lock needed; a hint to take the lock). */
    boolean mayHaveFrames() {
        return tail != head;
    }

    /** Published frames of the current epoch, after dropping older ones at the head. Under the lock. */
    int available() {
        long t = tail;
        long h0 = head;
        long h = h0;
        int e = epoch;
        while (h != t && slotEpochs[headIndex] != e) {
            h++;
            headIndex = next(headIndex);
        }
        if (h != h0) {
            HEAD.setRelease(this, h);
        }
        return (int) (t - h);
    }

    /** The oldest waiting frame, {@code at(0)} ({@code available() > 0}). Under the lock. */
    KsStreamHeader oldest() {
        return slots[headIndex];
    }

    /** The {@code i}-th waiting frame, oldest first ({@code i < available()}). Under the lock. */
    KsStreamHeader at(int i) {
        int j = headIndex + i; // i < depth, so one wrap at most (no division on this path)
        return slots[j >= depth ? j - depth : j];
    }

    /** Removes the oldest {@code n} frames once they were copied out. Under the lock. */
    void drop(int n) {
        int j = headIndex + n;
        headIndex = j >= depth ? j - depth : j;
        HEAD.setRelease(this, head + n);
    }

    /** Drops every frame published so far and the one being filled. Under the lock. */
    void clear() {
        epoch++;
        available(); // the old epoch's frames are dropped by the same walk
    }

    private int next(int index) {
        return index + 1 == depth ? 0 : index + 1;
    }
}
