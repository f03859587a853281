package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsDevice;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFramework;
import ks.api.ks.KsPin;
import ks.api.ks.KsStreamIo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The KS class driver (the AVStream role): {@link #initializeDriver} gives a minidriver the KS
 * dispatch table and AddDevice, and every FDO it creates is served by a {@link KsDeviceImpl}.
 */
@Component(service = KsFramework.class)
public final class KsFrameworkImpl implements KsFramework {

    private final IoManager io;
    private final KsStreamIo streamIo;
    private final Map<DeviceObject, KsDeviceImpl> devices = new ConcurrentHashMap<>();

    @Activate
    public KsFrameworkImpl(@Reference IoManager io, @Reference KsStreamIo streamIo) {
        this.io = io;
        this.streamIo = streamIo;
    }

    @Override
    public int initializeDriver(DriverObject driverObject, KsDeviceDescriptor descriptor) {
        driverObject.addDevice((driver, pdo) -> addDevice(driver, pdo, descriptor));
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CREATE, route(KsDeviceImpl::create));
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CLOSE, route(KsDeviceImpl::close));
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CLEANUP, route(KsDeviceImpl::cleanup));
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, route(KsDeviceImpl::deviceControl));
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_PNP, (dev, irp) -> {
            KsDeviceImpl d = devices.get(dev);
            return d == null ? refuse(irp, STATUS_INVALID_DEVICE_REQUEST) : d.pnp(irp, () -> devices.remove(dev));
        });
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_POWER, (dev, irp) -> {
            KsDeviceImpl d = devices.get(dev);
            return d == null ? refuse(irp, STATUS_INVALID_DEVICE_REQUEST) : d.power(irp);
        });
        return STATUS_SUCCESS;
    }

    @Override
    public KsDevice device(DeviceObject fdo) {
        return devices.get(fdo);
    }

    @Override
    public KsFilter filterFromIrp(Irp irp) {
        Object o = ksObjectOf(irp);
        if (o instanceof PinObject) {
            return ((PinObject) o).filter();
        }
        return o instanceof FilterObject ? (FilterObject) o : null;
    }

    @Override
    public KsPin pinFromIrp(Irp irp) {
        Object o = ksObjectOf(irp);
        return o instanceof PinObject ? (PinObject) o : null;
    }

    /** The KS object behind the request's file object (its FsContext), for a device this framework serves. */
    private Object ksObjectOf(Irp irp) {
        if (irp.currentLocation() > irp.stackCount()) {
            return null;
        }
        ks.api.io.IoStackLocation sl = irp.currentIrpStackLocation();
        ks.api.io.FileObject fo = sl.fileObject();
        if (fo == null || sl.deviceObject() == null || !devices.containsKey(sl.deviceObject())) {
            return null;
        }
        return fo.fsContext();
    }

    private interface Routine {
        int call(KsDeviceImpl device, Irp irp);
    }

    /**
     * A dispatch routine that finds the device's KS state. An FDO it does not know is refused: with
     * STATUS_DEVICE_REMOVED when it was deleted (a request that passed the I/O manager's checks
     * just before its removal finished), else STATUS_INVALID_DEVICE_REQUEST.
     */
    private DriverDispatch route(Routine routine) {
        return (dev, irp) -> {
            KsDeviceImpl d = devices.get(dev);
            if (d == null) {
                return refuse(irp, dev.isDeleted() ? NtStatus.STATUS_DEVICE_REMOVED : STATUS_INVALID_DEVICE_REQUEST);
            }
            if (!d.enter()) {
                return refuse(irp, NtStatus.STATUS_DEVICE_REMOVED); // REMOVE is under way: as for a device already gone
            }
            try {
                return routine.call(d, irp);
            } finally {
                d.leave();
            }
        };
    }

    private int refuse(Irp irp, int status) {
        irp.ioStatus().set(status, 0);
        io.completeRequest(irp);
        return status;
    }

    /** AddDevice: an FDO named after the descriptor (numbered when taken), attached over the PDO. */
    private int addDevice(DriverObject driver, DeviceObject pdo, KsDeviceDescriptor descriptor) {
        DeviceObject fdo = null;
        for (int n = 0; fdo == null; n++) {
            String name = "\\Device\\" + descriptor.deviceName() + (n == 0 ? "" : Integer.toString(n));
            try {
                fdo = io.createDevice(driver, name, IoControlCode.FILE_DEVICE_KS, null);
            } catch (KsStatusException e) {
                if (e.status() != NtStatus.STATUS_OBJECT_NAME_COLLISION || n > 1000) {
                    return e.status();
                }
            }
        }
        io.attachDeviceToDeviceStack(fdo, pdo);
        KsDeviceImpl device = new KsDeviceImpl(io, streamIo, descriptor, fdo, pdo);
        devices.put(fdo, device);
        int status = FilterObject.callDevice(() -> descriptor.dispatch().add(device));
        if (!NtStatus.NT_SUCCESS(status)) {
            devices.remove(fdo);
            io.detachDevice(fdo.attachedTo());
            io.deleteDevice(fdo);
            return status;
        }
        fdo.flags(fdo.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
        return STATUS_SUCCESS;
    }
}
