package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A cancel-safe IRP queue with IoCsq semantics: inserting marks the IRP pending and makes it
 * cancelable; removing takes ownership atomically, so an IRP is completed either by the remover or
 * by cancellation, never both. Drivers queue pending IRPs here instead of hand-rolling the race.
 *
 * <p>The queue is FIFO. It links IRPs through their Tail.Overlay.ListEntry and does not allocate.
 */
@ProviderType
public interface CancelSafeQueue {

    /** CompleteCanceledIrp: called, outside the queue lock, for an IRP cancelled while queued. */
    @ConsumerType
    @FunctionalInterface
    interface CompleteCanceledIrp {
        void completeCanceledIrp(CancelSafeQueue queue, Irp irp);
    }

    /**
     * CsqInsertIrpEx: the driver's say in an insertion, called under the queue's lock before the
     * IRP is queued. A status other than STATUS_SUCCESS refuses it (a stopped device, a full
     * queue): the IRP is not queued and not marked pending, and the insertion returns that status.
     */
    @ConsumerType
    @FunctionalInterface
    interface InsertIrpEx {
        int insertIrpEx(CancelSafeQueue queue, Irp irp, Object insertContext);
    }

    /**
     * IoCsqInsertIrp: queues the IRP at the tail, makes it cancelable and marks it pending; the
     * dispatch routine then returns STATUS_PENDING. An IRP already cancelled (before or while it
     * was being queued) is refused: it is not queued and not marked pending, STATUS_CANCELLED is
     * returned, and the caller completes it and returns that status.
     *
     * @param context an opaque value stored with the IRP for {@link #removeIrp(Object)}, or null
     * @return STATUS_PENDING when queued, else the refusal
     */
    default int insertIrp(Irp irp, Object context) {
        return insertIrpEx(irp, context, null);
    }

    /**
     * IoCsqInsertIrpEx: as {@link #insertIrp}, first asking the queue's {@link InsertIrpEx} (if it
     * has one) with {@code insertContext}.
     *
     * @return STATUS_PENDING when queued; STATUS_CANCELLED, or the InsertIrpEx routine's status, when refused
     */
    int insertIrpEx(Irp irp, Object context, Object insertContext);

    /** IoCsqRemoveNextIrp: the oldest queued IRP, now owned by the caller, or null. */
    Irp removeNextIrp();

    /** IoCsqRemoveIrp: removes the IRP inserted with this context, if still queued and not being cancelled. */
    Irp removeIrp(Object context);

    /** IRPs currently queued. */
    int size();

    /**
     * Removes every queued IRP and completes each with {@code status} and Information 0 (device
     * removal, pin stop). Returns how many were completed.
     */
    int flush(int status);
}
