package ks.core.internal.pnp;

import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.core.internal.io.IoManagerImpl;

/**
 * The root bus ({@code \Driver\PnpManager}): physical device objects for root-enumerated drivers.
 * As the bottom of a stack it succeeds PnP start/stop/remove, leaves other PnP requests with the
 * status set above it, succeeds create/cleanup/close that reach it, and fails anything else with
 * STATUS_INVALID_DEVICE_REQUEST.
 */
public final class RootBus {

    private final IoManagerImpl io;
    private final DriverObject driver;
    private final AtomicInteger next = new AtomicInteger();

    public RootBus(IoManagerImpl io) {
        this.io = io;
        this.driver = io.createDriverObject("PnpManager");
        driver.dispatch(IrpMajorFunction.IRP_MJ_PNP, (dev, irp) -> {
            int minor = irp.currentIrpStackLocation().minorFunction();
            int status = irp.ioStatus().status();
            if (minor == IrpMinorFunction.IRP_MN_START_DEVICE || minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE
                    || minor == IrpMinorFunction.IRP_MN_STOP_DEVICE || minor == IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL
                    || minor == IrpMinorFunction.IRP_MN_QUERY_REMOVE_DEVICE || minor == IrpMinorFunction.IRP_MN_QUERY_STOP_DEVICE) {
                status = NtStatus.STATUS_SUCCESS;
            }
            irp.ioStatus().status(status);
            io.completeRequest(irp);
            return status;
        });
        // a PDO's power requests end here: QUERY_POWER and SET_POWER succeed, the rest keep their status
        driver.dispatch(IrpMajorFunction.IRP_MJ_POWER, (dev, irp) -> {
            int minor = irp.currentIrpStackLocation().minorFunction();
            int status = minor == IrpMinorFunction.IRP_MN_QUERY_POWER || minor == IrpMinorFunction.IRP_MN_SET_POWER
                    ? NtStatus.STATUS_SUCCESS : irp.ioStatus().status();
            irp.ioStatus().status(status);
            io.completeRequest(irp);
            return status;
        });
        ks.api.io.DriverDispatch succeed = io.completeWith(NtStatus.STATUS_SUCCESS);
        driver.dispatch(IrpMajorFunction.IRP_MJ_CREATE, succeed);
        driver.dispatch(IrpMajorFunction.IRP_MJ_CLEANUP, succeed);
        driver.dispatch(IrpMajorFunction.IRP_MJ_CLOSE, succeed);
    }

    /** A new root-enumerated PDO, ready for AddDevice. */
    public DeviceObject enumerate(String name) {
        try {
            DeviceObject pdo = io.createDevice(driver, "\\Device\\Root\\" + name + "\\" + next.getAndIncrement(),
                    IoControlCode.FILE_DEVICE_BUS_EXTENDER, null);
            pdo.flags((pdo.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING) | DeviceObjectFlags.DO_BUS_ENUMERATED_DEVICE);
            return pdo;
        } catch (KsStatusException e) {
            throw new IllegalStateException(e); // numbers are unique, names cannot collide
        }
    }

    public void remove(DeviceObject pdo) {
        io.deleteDevice(pdo);
    }
}
