package ks.core.internal.io;

import ks.api.io.CancelRoutine;
import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceObject;
import ks.api.io.Irp;
import ks.api.io.NtStatus;

/**
 * IoCsq: a FIFO of pending IRPs linked through Tail.Overlay.ListEntry, where ownership of each
 * IRP is decided by the atomic exchange of its cancel routine (§4.8): whoever clears a non-null
 * routine owns the IRP.
 *
 * <h2>Threading</h2>
 * The list is guarded by this queue's monitor; the cancel routine takes it too and completes the
 * cancelled IRP after releasing it. The driver's InsertIrpEx routine runs under it.
 */
final class CancelSafeQueueImpl implements CancelSafeQueue {

    private final IoManagerImpl io;
    private final InsertIrpEx insertIrpEx;
    private final CompleteCanceledIrp completeCanceled;
    private final CancelRoutine cancelRoutine = this::cancel;
    private Irp head;
    private Irp tail;
    /** Written under the lock, read without it. */
    private volatile int size;

    CancelSafeQueueImpl(IoManagerImpl io, InsertIrpEx insertIrpEx, CompleteCanceledIrp completeCanceled) {
        this.io = io;
        this.insertIrpEx = insertIrpEx;
        this.completeCanceled = completeCanceled;
    }

    @Override
    public int insertIrpEx(Irp irp, Object context, Object insertContext) {
        synchronized (this) {
            if (irp.cancel()) {
                return NtStatus.STATUS_CANCELLED;
            }
            if (insertIrpEx != null) {
                int status = insertIrpEx.insertIrpEx(this, irp, insertContext);
                if (status != NtStatus.STATUS_SUCCESS) {
                    return status;
                }
            }
            irp.driverContext[3] = context;
            link(irp);
            irp.setCancelRoutine(cancelRoutine);
            // a cancel that ran before the routine was set missed the IRP: take it back if we still can
            if (irp.cancel() && irp.setCancelRoutine(null) != null) {
                unlink(irp);
                return NtStatus.STATUS_CANCELLED;
            }
            // still under the lock that the cancel routine and every remover take: no other
            // thread can complete the IRP before it is marked
            irp.markIrpPending();
            return NtStatus.STATUS_PENDING;
        }
    }

    @Override
    public Irp removeNextIrp() {
        synchronized (this) {
            for (Irp irp = head; irp != null; irp = irp.listNext()) {
                if (irp.setCancelRoutine(null) != null) {
                    unlink(irp);
                    return irp;
                }
                // its cancel routine is running and will remove it
            }
            return null;
        }
    }

    @Override
    public Irp removeIrp(Object context) {
        synchronized (this) {
            for (Irp irp = head; irp != null; irp = irp.listNext()) {
                if (irp.driverContext[3] == context) {
                    if (irp.setCancelRoutine(null) != null) {
                        unlink(irp);
                        return irp;
                    }
                    return null;
                }
            }
            return null;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int flush(int status) {
        int n = 0;
        Irp irp;
        while ((irp = removeNextIrp()) != null) {
            irp.ioStatus().set(status, 0);
            io.completeRequest(irp);
            n++;
        }
        return n;
    }

    private void cancel(DeviceObject device, Irp irp) {
        synchronized (this) {
            if (irp.listOwner() == this) {
                unlink(irp);
            }
        }
        if (completeCanceled != null) {
            completeCanceled.completeCanceledIrp(this, irp);
        } else {
            irp.ioStatus().set(NtStatus.STATUS_CANCELLED, 0);
            io.completeRequest(irp);
        }
    }

    private void link(Irp irp) {
        irp.setListLinks(this, tail, null);
        if (tail != null) {
            tail.setListLinks(this, tail.listPrev(), irp);
        } else {
            head = irp;
        }
        tail = irp;
        size++;
    }

    private void unlink(Irp irp) {
        Irp prev = irp.listPrev();
        Irp next = irp.listNext();
        if (prev != null) {
            prev.setListLinks(this, prev.listPrev(), next);
        } else {
            head = next;
        }
        if (next != null) {
            next.setListLinks(this, prev, next.listNext());
        } else {
            tail = prev;
        }
        irp.setListLinks(null, null, null);
        irp.driverContext[3] = null;
        size--;
    }
}
