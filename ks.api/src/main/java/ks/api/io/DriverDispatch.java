package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * DRIVER_DISPATCH: a driver's routine for one IRP major function.
 *
 * <p>It either completes the IRP and returns exactly the status it completed with, passes it down
 * with {@link IoManager#callDriver} and returns that result, or marks it pending
 * ({@link Irp#markIrpPending()}) before queuing it and returns {@link NtStatus#STATUS_PENDING}.
 * Never return STATUS_PENDING without marking, nor anything else after marking.
 */
@ConsumerType
@FunctionalInterface
public interface DriverDispatch {

    int dispatch(DeviceObject deviceObject, Irp irp);
}
