package ks.api.io;

import java.util.concurrent.TimeUnit;

/**
 * KEVENT with notification semantics (KeInitializeEvent(NotificationEvent)): once set it stays
 * signalled, releasing every waiter, until it is cleared.
 *
 * <h2>Threading</h2>
 * Any thread may set, clear or wait. A waiter spins briefly, then yields for up to 50 µs, before
 * blocking, so a request completed on another core is noticed within a microsecond or two; setting
 * an event nobody waits on costs one volatile write and read.
 */
public final class KEvent {

    private static final int SPINS = 2_000;
    /** After spinning, yield for up to this long before blocking: waking a blocked thread costs microseconds. */
    private static final long YIELD_NANOS = 50_000;

    private volatile boolean signaled;
    private volatile int waiters;

    public KEvent() {
    }

    public KEvent(boolean initialState) {
        signaled = initialState;
    }

    /** KeSetEvent: signals the event and releases all waiters. */
    public void setEvent() {
        signaled = true;
        if (waiters > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** KeClearEvent: returns the event to the non-signalled state. */
    public void clearEvent() {
        signaled = false;
    }

    /** KeResetEvent: clears the event and returns whether it was signalled. */
    public boolean resetEvent() {
        boolean was = signaled;
        signaled = false;
        return was;
    }

    /** KeReadStateEvent. */
    public boolean readStateEvent() {
        return signaled;
    }

    /**
     * KeWaitForSingleObject with a timeout: waits until the event is signalled.
     *
     * @return true if signalled, false on timeout
     * @throws InterruptedException if the waiting thread is interrupted (the flag is cleared, as
     *     usual for methods that throw it)
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        for (int i = 0; i < SPINS; i++) {
            if (signaled) {
                return true;
            }
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        long timeoutNanos = unit.toNanos(timeout);
        long yieldUntil = Math.min(YIELD_NANOS, timeoutNanos);
        while (System.nanoTime() - start < yieldUntil) {
            if (signaled) {
                return true;
            }
            Thread.yield();
        }
        // may wrap for a "forever" timeout; deadline - now below still counts down correctly
        long deadline = start + timeoutNanos;
        synchronized (this) {
            waiters++;
            try {
                while (!signaled) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }
}
