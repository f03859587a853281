package ks.core.internal.pnp;

import java.util.List;

import ks.api.io.DeviceObject;
import ks.api.io.DriverObject;
import ks.api.io.DriverUnload;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KsDriver;
import ks.api.io.NtStatus;
import ks.core.internal.io.IoManagerImpl;

/**
 * Loads and unloads drivers: DriverEntry, root enumeration and AddDevice, START_DEVICE; on unload
 * REMOVE_DEVICE to each stack the driver is in, deletion of its remaining devices, and DriverUnload
 * once completion routines it holds have run.
 */
public final class DriverLoader {

    /** A loaded driver and the root device created for it, if any. */
    public static final class Loaded {
        public final DriverObject driverObject;
        final DeviceObject rootDevice;
        final boolean functionDriver;

        public Loaded(DriverObject driverObject, DeviceObject rootDevice, boolean functionDriver) {
            this.driverObject = driverObject;
            this.rootDevice = rootDevice;
            this.functionDriver = functionDriver;
        }
    }

    private static final long UNLOAD_WAIT_MILLIS = 5_000;

    private final IoManagerImpl io;
    private final RootBus rootBus;

    public DriverLoader(IoManagerImpl io, RootBus rootBus) {
        this.io = io;
        this.rootBus = rootBus;
    }

    /**
     * DriverEntry, then a root-enumerated device if asked for, and registration with the PnP
     * manager as the function driver for {@code ids} (none: not a function driver of bus devices).
     */
    public Loaded load(KsDriver driver, String name, boolean rootEnumerated, List<String> ids, int ranking) {
        DriverObject d = io.createDriverObject(name);
        int status;
        try {
            status = driver.driverEntry(d, "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" + name);
        } catch (RuntimeException e) {
            IoManagerImpl.log(System.Logger.Level.ERROR, "DriverEntry of " + d + " threw", e);
            status = NtStatus.STATUS_UNSUCCESSFUL;
        }
        if (!NtStatus.NT_SUCCESS(status)) {
            IoManagerImpl.log(System.Logger.Level.ERROR, "DriverEntry of " + d + " failed: " + NtStatus.toString(status), null);
            unload(new Loaded(d, null, false));
            return null;
        }
        DeviceObject pdo = null;
        if (rootEnumerated && d.addDevice() != null) {
            pdo = rootBus.enumerate(name);
            int added = d.addDevice().addDevice(d, pdo);
            if (!NtStatus.NT_SUCCESS(added)) {
                IoManagerImpl.log(System.Logger.Level.ERROR, "AddDevice of " + d + " failed: " + NtStatus.toString(added), null);
            } else {
                int started = io.sendAndWait(pdo, IrpMajorFunction.IRP_MJ_PNP, IrpMinorFunction.IRP_MN_START_DEVICE);
                if (!NtStatus.NT_SUCCESS(started)) {
                    IoManagerImpl.log(System.Logger.Level.ERROR, "START_DEVICE for " + pdo.topOfStack() + " failed: " + NtStatus.toString(started), null);
                } else {
                    // as after every start: a bus asks for its children, including those that arrived before it started
                    io.pnp().invalidateDeviceRelations(pdo);
                }
            }
        }
        boolean functionDriver = !ids.isEmpty() && d.addDevice() != null;
        if (functionDriver) {
            io.pnp().driverArrived(d, ids, ranking);
        } else if (d.addDevice() != null) {
            io.pnp().driverLoaded(); // it may be a filter a binding waits for
        }
        return new Loaded(d, pdo, functionDriver);
    }

    public void unload(Loaded l) {
        if (l.functionDriver || l.driverObject.addDevice() != null) { // function or filter driver of PnP stacks
            io.pnp().driverLeaving(l.driverObject, () -> unloadNow(l));
        } else {
            unloadNow(l);
        }
    }

    private void unloadNow(Loaded l) {
        DriverObject d = l.driverObject;
        if (l.rootDevice != null) {
            io.pnp().removeChildren(l.rootDevice);
            if (l.rootDevice.attachedDevice() != null) {
                io.sendAndWait(l.rootDevice, IrpMajorFunction.IRP_MJ_PNP, IrpMinorFunction.IRP_MN_REMOVE_DEVICE);
            }
            rootBus.remove(l.rootDevice);
        }
        List<DeviceObject> left = List.copyOf(d.deviceObjects());
        for (DeviceObject dev : left) {
            if (dev.attachedTo() != null) {
                io.detachDevice(dev.attachedTo());
            }
            io.deleteDevice(dev);
        }
        io.removeDriverObject(d);
        if (!io.awaitDriverReferences(d, UNLOAD_WAIT_MILLIS)) {
            IoManagerImpl.log(System.Logger.Level.WARNING, d + " unloaded with completion routines still pending", null);
        }
        DriverUnload unload = d.driverUnload();
        if (unload != null) {
            unload.unload(d);
        }
    }
}
