package ks.core.internal.io;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;

/**
 * {@code \Device\Null}, as in Windows: opens and closes succeed, reads return end of file, writes
 * consume everything. It is always present, so a fresh container has a device to open.
 */
final class NullDriver {

    private NullDriver() {
    }

    static DeviceObject load(IoManagerImpl io) {
        DriverObject d = io.createDriverObject("Null");
        DriverDispatch succeed = io.completeWith(NtStatus.STATUS_SUCCESS);
        d.dispatch(IrpMajorFunction.IRP_MJ_CREATE, succeed);
        d.dispatch(IrpMajorFunction.IRP_MJ_CLEANUP, succeed);
        d.dispatch(IrpMajorFunction.IRP_MJ_CLOSE, succeed);
        d.dispatch(IrpMajorFunction.IRP_MJ_READ, io.completeWith(NtStatus.STATUS_END_OF_FILE));
        d.dispatch(IrpMajorFunction.IRP_MJ_WRITE, (dev, irp) -> {
            irp.ioStatus().set(NtStatus.STATUS_SUCCESS, Integer.toUnsignedLong(irp.currentIrpStackLocation().parameters().write().length()));
            io.completeRequest(irp);
            return NtStatus.STATUS_SUCCESS;
        });
        try {
            DeviceObject dev = io.createDevice(d, "\\Device\\Null", IoControlCode.FILE_DEVICE_NULL, null);
            dev.flags(dev.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
            return dev;
        } catch (KsStatusException e) {
            throw new IllegalStateException("\\Device\\Null already exists", e);
        }
    }
}
