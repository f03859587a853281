package ks.core.internal.io;

import java.util.ArrayList;
import java.util.List;

import ks.api.io.FileObject;

/**
 * One thread's IRP list (Tail.Overlay.Thread and ThreadListEntry): the requests the thread issued
 * through the I/O manager's system-service paths and KsStreamIo, from the send until final
 * completion. CancelIo cancels the thread's requests on a file object; when the thread ends, the
 * I/O manager cancels whatever is still on it.
 *
 * <h2>Threading</h2>
 * The issuing thread adds, any thread removes (final completion) or holds (a canceller); all under
 * this object's monitor, held only for the link changes. A canceller calls IoCancelIrp outside the
 * monitor: its hold keeps the packet out of the pool until it lets go.
 */
final class ThreadIrps {

    final Thread thread;
    private IrpRecord head;
    private int size;

    ThreadIrps(Thread thread) {
        this.thread = thread;
    }

    synchronized void add(IrpRecord r) {
        r.threadList = this;
        r.threadPrev = null;
        r.threadNext = head;
        if (head != null) {
            head.threadPrev = r;
        }
        head = r;
        size++;
    }

    /**
     * Takes a finished IRP off the list.
     *
     * @return whether the IRP may go back to the pool now; false while a canceller holds it (the
     *     last one to let go releases it)
     */
    synchronized boolean remove(IrpRecord r) {
        if (r.threadList != this) {
            return r.cancelHolds == 0;
        }
        if (r.threadPrev != null) {
            r.threadPrev.threadNext = r.threadNext;
        } else {
            head = r.threadNext;
        }
        if (r.threadNext != null) {
            r.threadNext.threadPrev = r.threadPrev;
        }
        r.threadList = null;
        r.threadPrev = null;
        r.threadNext = null;
        size--;
        if (r.cancelHolds > 0) {
            r.releaseDeferred = true;
            return false;
        }
        return true;
    }

    /** Takes an IRP that is used again off the list; a canceller holding it lets go without releasing it. */
    synchronized void removeForReuse(IrpRecord r) {
        remove(r);
        r.releaseDeferred = false;
    }

    /** Holds the listed IRPs for {@code fileObject} (every one for null), so they can be cancelled outside the monitor. */
    synchronized List<IrpRecord> hold(FileObject fileObject) {
        List<IrpRecord> held = new ArrayList<>();
        for (IrpRecord r = head; r != null; r = r.threadNext) {
            if (fileObject == null || r.packet().originalFileObject() == fileObject) {
                r.cancelHolds++;
                held.add(r);
            }
        }
        return held;
    }

    /** Holds {@code r} if it is on this list as the request of {@code generation}. */
    synchronized List<IrpRecord> holdIf(IrpRecord r, int generation) {
        if (r.threadList != this || r.generation != generation) {
            return List.of();
        }
        r.cancelHolds++;
        return List.of(r);
    }

    /**
     * Lets go of a held IRP.
     *
     * @return whether the caller must now give it back to the pool (it finished while held)
     */
    synchronized boolean release(IrpRecord r) {
        r.cancelHolds--;
        if (r.cancelHolds == 0 && r.releaseDeferred) {
            r.releaseDeferred = false;
            return true;
        }
        return false;
    }

    synchronized int size() {
        return size;
    }
}
