package ks.devices.usbvideo.internal.bus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KsDriver;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.usb.Urb;
import ks.api.usb.Usb;
import ks.api.usb.UsbIds;
import ks.devices.usbvideo.internal.descriptor.DeviceDescriptor;

/**
 * The USB bus driver ({@code \Driver\UsbHub}): a root-enumerated bus whose children are USB devices,
 * one PDO per {@link UsbDeviceBackend} (virtual cameras, libusb devices). The PDO answers the PnP ID
 * queries from the device descriptor and the first interface association, and serves URBs sent in
 * IRP_MJ_INTERNAL_DEVICE_CONTROL / IOCTL_INTERNAL_USB_SUBMIT_URB: control transfers, SELECT_INTERFACE
 * and pipe resets at once, bulk and isochronous transfers pended until the device delivers (and
 * cancellable). A backend arriving or leaving is hotplug: the PnP manager is told to re-enumerate.
 */
@Component(service = KsDriver.class, immediate = true, property = { KsDriver.NAME + "=UsbHub", KsDriver.ROOT_ENUMERATED + "=true" })
public final class UsbBusDriver implements KsDriver {

    private static final System.Logger LOG = System.getLogger(UsbBusDriver.class.getName());

    private final IoManager io;
    private final List<UsbDeviceBackend> backends = new CopyOnWriteArrayList<>();
    private final Map<UsbDeviceBackend, DeviceObject> pdos = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile DriverObject driver;
    private volatile DeviceObject fdo;

    /** A child's state: its backend and its pending transfers. */
    static final class Pdo {
        final UsbDeviceBackend backend;
        final CancelSafeQueue transfers;
        final UsbDeviceBackend.TransferDone done;
        volatile boolean present = true;

        Pdo(UsbDeviceBackend backend, CancelSafeQueue transfers, UsbBusDriver bus) {
            this.backend = backend;
            this.transfers = transfers;
            this.done = urb -> bus.transferDone(this, urb);
        }
    }

    @Activate
    public UsbBusDriver(@Reference IoManager io) {
        this.io = io;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeBackend")
    public void addBackend(UsbDeviceBackend backend) {
        backends.add(backend);
        backend.onDisconnect(() -> unplugged(backend));
        rescan();
    }

    public void removeBackend(UsbDeviceBackend backend) {
        backends.remove(backend);
        rescan();
    }

    private void unplugged(UsbDeviceBackend backend) {
        backends.remove(backend);
        rescan();
    }

    private void rescan() {
        DeviceObject f = fdo;
        if (f != null && !f.isDeleted()) {
            io.invalidateDeviceRelations(f);
        }
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        driver = driverObject;
        driverObject.addDevice((d, pdo) -> {
            try {
                DeviceObject f = io.createDevice(d, null, IoControlCode.FILE_DEVICE_BUS_EXTENDER, null);
                io.attachDeviceToDeviceStack(f, pdo);
                f.flags(f.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
                fdo = f;
            } catch (KsStatusException e) {
                return e.status();
            }
            return NtStatus.STATUS_SUCCESS;
        });
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_PNP, this::pnp);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_INTERNAL_DEVICE_CONTROL, this::internalDeviceControl);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_POWER, this::power);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CREATE, this::succeed);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CLOSE, this::succeed);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CLEANUP, this::succeed);
        driverObject.driverUnload(d -> fdo = null);
        return NtStatus.STATUS_SUCCESS;
    }

    private int succeed(DeviceObject dev, Irp irp) {
        return complete(irp, NtStatus.STATUS_SUCCESS);
    }

    private int complete(Irp irp, int status) {
        irp.ioStatus().status(status);
        io.completeRequest(irp);
        return status;
    }

    // ------------------------------------------------------------------ PnP

    /** Power: the bus FDO passes requests down; a camera's PDO ends QUERY_POWER and SET_POWER with success. */
    private int power(DeviceObject dev, Irp irp) {
        if (!(dev.deviceExtension() instanceof Pdo)) {
            irp.skipCurrentIrpStackLocation();
            return io.callDriver(dev.attachedTo(), irp);
        }
        int minor = irp.currentIrpStackLocation().minorFunction();
        boolean handled = minor == IrpMinorFunction.IRP_MN_QUERY_POWER || minor == IrpMinorFunction.IRP_MN_SET_POWER;
        return complete(irp, handled ? NtStatus.STATUS_SUCCESS : irp.ioStatus().status());
    }

    private int pnp(DeviceObject dev, Irp irp) {
        int minor = irp.currentIrpStackLocation().minorFunction();
        if (!(dev.deviceExtension() instanceof Pdo)) {
            if (minor == IrpMinorFunction.IRP_MN_QUERY_DEVICE_RELATIONS
                    && irp.currentIrpStackLocation().parameters().queryDeviceRelations().type() == IrpMinorFunction.BusRelations) {
                irp.ioStatus().status(NtStatus.STATUS_SUCCESS).pointer(children());
            } else if (minor == IrpMinorFunction.IRP_MN_START_DEVICE || minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
                irp.ioStatus().status(NtStatus.STATUS_SUCCESS);
            }
            DeviceObject lower = dev.attachedTo();
            irp.skipCurrentIrpStackLocation();
            int status = io.callDriver(lower, irp);
            if (minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
                io.detachDevice(lower);
                io.deleteDevice(dev);
                fdo = null;
            }
            return status;
        }
        Pdo pdo = (Pdo) dev.deviceExtension();
        int status = irp.ioStatus().status();
        switch (minor) {
            case IrpMinorFunction.IRP_MN_QUERY_ID:
                List<String> ids = ids(pdo.backend, irp.currentIrpStackLocation().parameters().queryId().idType());
                if (ids != null) {
                    irp.ioStatus().pointer(ids);
                    status = NtStatus.STATUS_SUCCESS;
                }
                break;
            case IrpMinorFunction.IRP_MN_START_DEVICE:
            case IrpMinorFunction.IRP_MN_QUERY_REMOVE_DEVICE:
            case IrpMinorFunction.IRP_MN_STOP_DEVICE:
                status = NtStatus.STATUS_SUCCESS;
                break;
            case IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL:
                pdo.present = false;
                flushTransfers(pdo);
                status = NtStatus.STATUS_SUCCESS;
                break;
            case IrpMinorFunction.IRP_MN_REMOVE_DEVICE:
                flushTransfers(pdo);
                status = NtStatus.STATUS_SUCCESS;
                break;
            default:
                break;
        }
        complete(irp, status);
        if (minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE && !backends.contains(pdo.backend)) {
            pdos.remove(pdo.backend);
            io.deleteDevice(dev); // reported missing: the PDO goes once its REMOVE completed
        }
        return status;
    }

    /** The PDOs of the attached backends, creating those not seen before. */
    private List<DeviceObject> children() {
        List<DeviceObject> list = new ArrayList<>();
        for (UsbDeviceBackend b : backends) {
            if (!b.connected()) {
                continue;
            }
            DeviceObject pdo = pdos.computeIfAbsent(b, this::createPdo);
            if (pdo != null) {
                list.add(pdo);
            }
        }
        return list;
    }

    private DeviceObject createPdo(UsbDeviceBackend b) {
        try {
            CancelSafeQueue q = io.createCancelSafeQueue(this::transferCancelled);
            DeviceObject pdo = io.createDevice(driver, String.format("\\Device\\USBPDO-%d", next.getAndIncrement()),
                    IoControlCode.FILE_DEVICE_UNKNOWN, new Pdo(b, q, this));
            pdo.flags((pdo.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING) | DeviceObjectFlags.DO_BUS_ENUMERATED_DEVICE);
            return pdo;
        } catch (KsStatusException e) {
            LOG.log(System.Logger.Level.ERROR, "no PDO for " + b.name() + ": " + NtStatus.toString(e.status()));
            return null;
        }
    }

    /** Hardware IDs from the device descriptor, compatible IDs from the first interface association (or interface). */
    static List<String> ids(UsbDeviceBackend b, int type) {
        DeviceDescriptor d = DeviceDescriptor.parse(b.deviceDescriptor());
        if (d == null) {
            return null;
        }
        switch (type) {
            case IrpMinorFunction.BusQueryDeviceID:
                return List.of(UsbIds.hardwareIds(d.vendorId(), d.productId(), d.bcdDevice()).get(1));
            case IrpMinorFunction.BusQueryHardwareIDs:
                return UsbIds.hardwareIds(d.vendorId(), d.productId(), d.bcdDevice());
            case IrpMinorFunction.BusQueryCompatibleIDs:
                int[] c = functionClass(b, d);
                return UsbIds.compatibleIds(c[0], c[1], c[2]);
            case IrpMinorFunction.BusQueryInstanceID:
                return List.of(b.name());
            default:
                return null;
        }
    }

    private static int[] functionClass(UsbDeviceBackend b, DeviceDescriptor device) {
        int[] fromDevice = { device.deviceClass(), device.deviceSubClass(), device.deviceProtocol() };
        ByteBuffer head = ByteBuffer.allocate(9);
        if (b.control(Usb.USB_DIR_IN, Usb.USB_REQUEST_GET_DESCRIPTOR, Usb.USB_CONFIGURATION_DESCRIPTOR_TYPE << 8, 0, head, 9) < 9) {
            return fromDevice;
        }
        int total = head.order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(2) & 0xFFFF;
        ByteBuffer config = ByteBuffer.allocate(total);
        int n = b.control(Usb.USB_DIR_IN, Usb.USB_REQUEST_GET_DESCRIPTOR, Usb.USB_CONFIGURATION_DESCRIPTOR_TYPE << 8, 0, config, total);
        for (int off = 0; n > 0 && off + 2 <= n; off += config.get(off) & 0xFF) {
            int len = config.get(off) & 0xFF;
            int type = config.get(off + 1) & 0xFF;
            if (len < 2 || off + len > n) {
                break;
            }
            if (type == 0x0B && len >= 8) { // interface association
                return new int[] { config.get(off + 4) & 0xFF, config.get(off + 5) & 0xFF, config.get(off + 6) & 0xFF };
            }
            if (type == 0x04 && len >= 9 && fromDevice[0] == 0) {
                return new int[] { config.get(off + 5) & 0xFF, config.get(off + 6) & 0xFF, config.get(off + 7) & 0xFF };
            }
        }
        return fromDevice;
    }

    // ------------------------------------------------------------------ URBs

    private int internalDeviceControl(DeviceObject dev, Irp irp) {
        if (!(dev.deviceExtension() instanceof Pdo)) {
            irp.skipCurrentIrpStackLocation();
            return io.callDriver(dev.attachedTo(), irp);
        }
        Pdo pdo = (Pdo) dev.deviceExtension();
        irp.ioStatus().information(0);
        if (irp.currentIrpStackLocation().parameters().deviceIoControl().ioControlCode() != Usb.IOCTL_INTERNAL_USB_SUBMIT_URB
                || !(irp.currentIrpStackLocation().parameters().others().argument1() instanceof Urb)) {
            return complete(irp, NtStatus.STATUS_INVALID_DEVICE_REQUEST);
        }
        Urb urb = (Urb) irp.currentIrpStackLocation().parameters().others().argument1();
        UsbDeviceBackend b = pdo.backend;
        if (!pdo.present || !b.connected()) {
            urb.status(Usb.USBD_STATUS_DEVICE_GONE);
            return complete(irp, NtStatus.STATUS_DEVICE_NOT_CONNECTED);
        }
        switch (urb.function()) {
            case Usb.URB_FUNCTION_CONTROL_TRANSFER:
            case Usb.URB_FUNCTION_GET_DESCRIPTOR_FROM_DEVICE:
            case Usb.URB_FUNCTION_CLASS_INTERFACE:
                return finish(irp, urb, b.control(urb.requestType(), urb.request(), urb.value(), urb.index(), urb.transferBuffer(),
                        urb.transferBufferLength()));
            case Usb.URB_FUNCTION_SELECT_INTERFACE:
                return finish(irp, urb, b.control(Usb.USB_RECIP_INTERFACE, Usb.USB_REQUEST_SET_INTERFACE, urb.alternateSetting(),
                        urb.interfaceNumber(), null, 0));
            case Usb.URB_FUNCTION_SYNC_RESET_PIPE_AND_CLEAR_STALL:
                b.abort(urb.endpoint());
                return finish(irp, urb, b.control(Usb.USB_RECIP_ENDPOINT, Usb.USB_REQUEST_CLEAR_FEATURE, Usb.USB_FEATURE_ENDPOINT_STALL,
                        urb.endpoint(), null, 0));
            case Usb.URB_FUNCTION_ABORT_PIPE:
                b.abort(urb.endpoint());
                return finish(irp, urb, 0);
            case Usb.URB_FUNCTION_BULK_OR_INTERRUPT_TRANSFER:
            case Usb.URB_FUNCTION_ISOCH_TRANSFER:
                if (urb.transferBuffer() == null || urb.transferBuffer().capacity() < urb.transferBufferLength()) {
                    urb.status(Usb.USBD_STATUS_INVALID_PARAMETER);
                    return complete(irp, NtStatus.STATUS_INVALID_PARAMETER);
                }
                synchronized (pdo) { // a cancel routine waits until the device has the transfer, then takes it back
                    if (pdo.transfers.insertIrp(irp, urb) != NtStatus.STATUS_PENDING) {
                        urb.status(Usb.USBD_STATUS_CANCELED); // cancelled before it could be queued (not marked pending)
                        irp.ioStatus().status(NtStatus.STATUS_CANCELLED);
                        io.completeRequest(irp);
                        return NtStatus.STATUS_CANCELLED;
                    }
                    b.submit(urb, pdo.done);
                }
                return NtStatus.STATUS_PENDING;
            default:
                urb.status(Usb.USBD_STATUS_INVALID_URB_FUNCTION);
                return complete(irp, NtStatus.STATUS_INVALID_PARAMETER);
        }
    }

    /** Completes a synchronous URB from the backend's answer (bytes, or a negative USBD_STATUS). */
    private int finish(Irp irp, Urb urb, int result) {
        if (result < 0) {
            urb.status(result).transferBufferLength(0);
        } else {
            urb.status(Usb.USBD_STATUS_SUCCESS);
            if (urb.function() != Usb.URB_FUNCTION_SELECT_INTERFACE) {
                urb.transferBufferLength(result);
            }
        }
        return complete(irp, Usb.ntStatus(urb.status()));
    }

    /** Takes every pending transfer back from the device and completes it with STATUS_DEVICE_NOT_CONNECTED. */
    private void flushTransfers(Pdo pdo) {
        Irp irp;
        while ((irp = pdo.transfers.removeNextIrp()) != null) {
            Urb urb = (Urb) irp.currentIrpStackLocation().parameters().others().argument1();
            pdo.backend.cancel(urb);
            urb.status(Usb.USBD_STATUS_DEVICE_GONE);
            irp.ioStatus().set(NtStatus.STATUS_DEVICE_NOT_CONNECTED, 0);
            io.completeRequest(irp);
        }
    }

    private void transferDone(Pdo pdo, Urb urb) {
        Irp irp = pdo.transfers.removeIrp(urb);
        if (irp == null) {
            return; // cancelled meanwhile; the cancel path completed it
        }
        irp.ioStatus().set(Usb.ntStatus(urb.status()), 0);
        io.completeRequest(irp);
    }

    private void transferCancelled(CancelSafeQueue queue, Irp irp) {
        Urb urb = (Urb) irp.currentIrpStackLocation().parameters().others().argument1();
        DeviceObject dev = irp.currentIrpStackLocation().deviceObject();
        if (dev != null && dev.deviceExtension() instanceof Pdo) {
            Pdo pdo = (Pdo) dev.deviceExtension();
            synchronized (pdo) {
                pdo.backend.cancel(urb);
            }
        }
        urb.status(Usb.USBD_STATUS_CANCELED);
        irp.ioStatus().set(NtStatus.STATUS_CANCELLED, 0);
        io.completeRequest(irp);
    }
}
