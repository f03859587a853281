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
     * IoCsqInsertIrpEx: marks the IRP pending, queues it at the tail and makes it cancelable. If the
     * IRP was already cancelled it is not queued and STATUS_CANCELLED is returned; the caller then
     * completes it itself. Return STATUS_PENDING from the dispatch routine in both cases (the IRP is
     * marked pending).
     *
     * @param context an opaque value stored with the IRP for {@link #removeIrp(Object)}, or null
     */
    int insertIrp(Irp irp, Object context);

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
