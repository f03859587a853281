package ks.core.internal.io;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ks.api.io.IoApcRoutine;
import ks.api.io.IoStatusBlock;
import ks.api.io.KEvent;
import ks.api.io.NtStatus;

/**
 * User APCs: final completion of a request with a UserApcRoutine queues the routine to the thread
 * that issued it, and the thread runs it in its next alertable wait or NtTestAlert. The APCs of a
 * thread that has ended are dropped.
 *
 * <h2>Threading</h2>
 * Any thread queues; only the owning thread runs its queue. Each queue is guarded by its own
 * monitor, which a waiting owner waits on.
 */
final class UserApcs {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Apc(IoApcRoutine routine, Object context, IoStatusBlock iosb) {
    }

    private static final class Queue {
        final ArrayDeque<Apc> apcs = new ArrayDeque<>();
    }

    private final Map<Thread, Queue> queues = new ConcurrentHashMap<>();

    /** Queues an APC to {@code thread}; dropped when the thread has ended. */
    void queue(Thread thread, IoApcRoutine routine, Object context, IoStatusBlock iosb) {
        if (thread == null || !thread.isAlive()) {
            return;
        }
        Queue q = queues.computeIfAbsent(thread, t -> new Queue());
        synchronized (q) {
            q.apcs.add(new Apc(routine, context, iosb));
            q.notifyAll();
        }
        if (!thread.isAlive()) {
            queues.remove(thread);
        }
    }

    /** Runs the calling thread's queued APCs; returns how many ran. */
    int testAlert() {
        Queue q = queues.get(Thread.currentThread());
        if (q == null) {
            return 0;
        }
        int ran = 0;
        for (;;) {
            Apc a;
            synchronized (q) {
                a = q.apcs.poll();
            }
            if (a == null) {
                return ran;
            }
            try {
                a.routine().apc(a.context(), a.iosb());
            } catch (RuntimeException e) {
                IoManagerImpl.log(System.Logger.Level.ERROR, "user APC routine threw", e);
            }
            ran++;
        }
    }

    /** An alertable wait for {@code event} (null: a sleep). */
    int alertableWait(KEvent event, long timeout, TimeUnit unit) {
        Queue q = queues.computeIfAbsent(Thread.currentThread(), t -> new Queue());
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (;;) {
            if (testAlert() > 0) {
                return NtStatus.STATUS_USER_APC;
            }
            if (event != null && event.readStateEvent()) {
                return NtStatus.STATUS_SUCCESS;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return NtStatus.STATUS_TIMEOUT;
            }
            synchronized (q) {
                if (q.apcs.isEmpty()) {
                    try {
                        // the event has no waiter hook: look at it again every millisecond
                        TimeUnit.NANOSECONDS.timedWait(q, event == null ? left : Math.min(left, POLL_NANOS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return NtStatus.STATUS_ALERTED;
                    }
                }
            }
        }
    }

    /** Forgets the queues of threads that have ended. */
    void forgetEnded() {
        queues.keySet().removeIf(t -> !t.isAlive());
    }
}
