package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * IO_COMPLETION_ROUTINE: called while an IRP completes, bottom-up, for the location where it was
 * set with {@link Irp#setCompletionRoutine}.
 *
 * <p>Return {@link NtStatus#STATUS_SUCCESS} (STATUS_CONTINUE_COMPLETION) to let the walk go on, or
 * {@link NtStatus#STATUS_MORE_PROCESSING_REQUIRED} to stop it and keep the IRP; the owner then
 * completes it again later (or frees it if it allocated it). A routine of a driver that passed the
 * IRP down without waiting must propagate pending: {@code if (irp.pendingReturned())
 * irp.markIrpPending();}.
 */
@ConsumerType
@FunctionalInterface
public interface IoCompletionRoutine {

    /**
     * @param deviceObject the routine owner's device, or null for the routine of the IRP's
     *     originator (it has no stack location of its own)
     */
    int onCompletion(DeviceObject deviceObject, Irp irp, Object context);
}
