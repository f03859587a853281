package ks.core.internal.io;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import ks.api.io.CancelRoutine;
import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.Irp;
import ks.api.io.KsVerifierException;
import ks.api.io.NtStatus;
import ks.core.internal.diagnostics.Verifier;

/**
 * Cancellation (§4.8): IoCancelIrp under the global cancel spin lock, the lock itself for drivers
 * that use it, the threads' IRP lists, CancelIo / CancelIoEx over them, and the cancelling of a
 * thread's requests once the thread has ended.
 *
 * <h2>Threading</h2>
 * The cancel lock is a re-entrant lock; a cancel routine runs holding it. Each thread's IRP list
 * has its own monitor (see {@link ThreadIrps}). A daemon thread looks for ended threads with
 * requests every {@value #REAPER_MILLIS} ms while any list is registered.
 */
final class Cancellation {

    static final int REAPER_MILLIS = 100;
    /** The IRQL the global cancel lock raises to (DISPATCH_LEVEL) and the one it returns (PASSIVE_LEVEL). */
    static final int DISPATCH_LEVEL = 2;
    static final int PASSIVE_LEVEL = 0;

    private final Verifier verifier;
    private final Releaser releaser;
    private final ReentrantLock cancelLock = new ReentrantLock();
    private final ThreadLocal<ThreadIrps> mine = new ThreadLocal<>();
    private final Map<Thread, ThreadIrps> lists = new ConcurrentHashMap<>();
    private final UserApcs apcs;
    private ScheduledFuture<?> reaping;

    /** One daemon thread for every I/O manager in the process; a task lets go of a manager that is gone. */
    private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ks-thread-irps");
        t.setDaemon(true);
        return t;
    });

    /** Gives a finished IRP back to the pool. */
    interface Releaser {
        void release(Irp irp);
    }

    Cancellation(Verifier verifier, UserApcs apcs, Releaser releaser) {
        this.verifier = verifier;
        this.apcs = apcs;
        this.releaser = releaser;
    }

    // ------------------------------------------------------------------ IoCancelIrp and the lock

    boolean cancelIrp(Irp irp) {
        IrpRecord r = IrpRecord.of(irp);
        int depth = cancelLock.getHoldCount();
        cancelLock.lock();
        CancelRoutine routine;
        try {
            r.setCancel();
            routine = irp.setCancelRoutine(null);
            if (routine == null) {
                return false;
            }
            int state = r.state;
            if (state == IrpRecord.COMPLETED || state == IrpRecord.FREE) {
                throw verifier.fail("CANCEL_STATE_IN_COMPLETED_IRP", irp.describe() + " cancelled after completion with a cancel routine set");
            }
            r.setCancelIrql(depth > 0 ? DISPATCH_LEVEL : PASSIVE_LEVEL);
            int loc = irp.currentLocation();
            DeviceObject device = loc <= irp.stackCount() ? irp.stackLocation(loc).deviceObject() : null;
            routine.cancel(device, irp);
            return true;
        } finally {
            // a routine written against the global lock released it itself; release it for one that did not
            while (cancelLock.getHoldCount() > depth) {
                cancelLock.unlock();
            }
        }
    }

    int acquireCancelSpinLock() {
        int previous = cancelLock.isHeldByCurrentThread() ? DISPATCH_LEVEL : PASSIVE_LEVEL;
        cancelLock.lock();
        return previous;
    }

    void releaseCancelSpinLock(int irql) {
        if (!cancelLock.isHeldByCurrentThread()) {
            throw new KsVerifierException("CANCEL_SPIN_LOCK_NOT_HELD", "IoReleaseCancelSpinLock by a thread that does not hold the cancel spin lock");
        }
        cancelLock.unlock();
    }

    // ------------------------------------------------------------------ thread IRP lists

    /** Puts a request on the calling thread's IRP list (Tail.Overlay.Thread is the caller). */
    void queueToThread(Irp irp) {
        ThreadIrps list = mine.get();
        if (list == null) {
            Thread t = Thread.currentThread();
            list = new ThreadIrps(t);
            mine.set(list);
            lists.put(t, list);
            startReaper();
        }
        irp.thread(list.thread);
        list.add(IrpRecord.of(irp));
    }

    /**
     * Takes a finished IRP off its thread's list, if it is on one.
     *
     * @return whether the IRP may go back to the pool now (false: a canceller holds it and releases it)
     */
    boolean dequeueFinished(IrpRecord r) {
        ThreadIrps list = r.threadList;
        return list == null || list.remove(r);
    }

    /**
     * Takes an IRP that is used again (IoReuseIrp) off its thread's list; a canceller holding it
     * lets go without giving it back to the pool.
     */
    void leaveThreadList(IrpRecord r) {
        ThreadIrps list = r.threadList;
        if (list != null) {
            list.removeForReuse(r);
        }
    }

    /** CancelIo: the calling thread's requests on the file object. */
    int cancelIo(FileObject fileObject, long wait, TimeUnit unit) {
        ThreadIrps list = mine.get();
        if (list == null) {
            return NtStatus.STATUS_SUCCESS;
        }
        List<IrpRecord> held = list.hold(fileObject);
        List<Integer> generations = new ArrayList<>(held.size());
        for (IrpRecord r : held) {
            generations.add(r.generation);
        }
        cancelHeld(list, held);
        long deadline = System.nanoTime() + unit.toNanos(wait);
        for (int i = 0; i < held.size(); i++) {
            IrpRecord r = held.get(i);
            // finished: off the list, or the packet is already serving a later request
            while (r.threadList == list && r.generation == generations.get(i)) {
                if (System.nanoTime() - deadline >= 0) {
                    return NtStatus.STATUS_TIMEOUT;
                }
                sleepBriefly();
            }
        }
        return NtStatus.STATUS_SUCCESS;
    }

    /** Cancels one request of the calling thread, if it is still on the list as the request of that generation. */
    void cancelListed(IrpRecord r, int generation) {
        ThreadIrps list = mine.get();
        if (list == null) {
            return;
        }
        List<IrpRecord> held = list.holdIf(r, generation);
        cancelHeld(list, held);
    }

    /** CancelIoEx with no OVERLAPPED: every thread's requests on the file object. */
    int cancelIoEx(FileObject fileObject) {
        boolean found = false;
        for (ThreadIrps list : lists.values()) {
            List<IrpRecord> held = list.hold(fileObject);
            found |= !held.isEmpty();
            cancelHeld(list, held);
        }
        return found ? NtStatus.STATUS_SUCCESS : NtStatus.STATUS_NOT_FOUND;
    }

    private void cancelHeld(ThreadIrps list, List<IrpRecord> held) {
        for (IrpRecord r : held) {
            try {
                if (r.state == IrpRecord.ACTIVE || r.state == IrpRecord.COMPLETING) {
                    cancelIrp(r.packet());
                }
            } finally {
                if (list.release(r)) {
                    releaser.release(r.packet());
                }
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ thread end

    private synchronized void startReaper() {
        if (reaping == null) {
            WeakReference<Cancellation> self = new WeakReference<>(this);
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            Runnable look = () -> {
                Cancellation c = self.get();
                if (c != null) {
                    c.reap();
                } else if (task[0] != null) {
                    task[0].cancel(false);
                }
            };
            task[0] = REAPER.scheduleWithFixedDelay(look, REAPER_MILLIS, REAPER_MILLIS, TimeUnit.MILLISECONDS);
            reaping = task[0];
        }
    }

    /** Cancels the requests of threads that have ended, and forgets their empty lists. */
    void reap() {
        for (ThreadIrps list : lists.values()) {
            if (list.thread.isAlive()) {
                continue;
            }
            List<IrpRecord> held = list.hold(null);
            if (held.isEmpty()) {
                lists.remove(list.thread, list);
            } else {
                cancelHeld(list, held);
            }
        }
        apcs.forgetEnded();
    }

    /** Requests on the lists of every thread (for diagnostics). */
    int listed() {
        int n = 0;
        for (ThreadIrps list : lists.values()) {
            n += list.size();
        }
        return n;
    }

    synchronized void shutdown() {
        if (reaping != null) {
            reaping.cancel(false);
            reaping = null;
        }
    }
}
