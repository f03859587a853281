package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * DRIVER_CANCEL: called by {@link IoManager#cancelIrp} for an IRP that is cancelable (has this
 * routine set). The I/O manager has already cleared the IRP's cancel routine, so the routine now
 * owns the IRP: it removes it from wherever it is queued and completes it with
 * {@link NtStatus#STATUS_CANCELLED}.
 *
 * <p>Unlike Windows, the routine is called without a global cancel lock held; take your own queue
 * lock. Drivers that queue IRPs should use {@link CancelSafeQueue}, which does this correctly.
 */
@ConsumerType
@FunctionalInterface
public interface CancelRoutine {

    void cancel(DeviceObject deviceObject, Irp irp);
}
