package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.IoManager;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.NtStatus;
import ks.api.usb.Urb;
import ks.api.usb.Usb;

/**
 * A function driver's synchronous USB requests to the device below it: each URB travels in an IRP
 * the driver allocates (IRP_MJ_INTERNAL_DEVICE_CONTROL, IOCTL_INTERNAL_USB_SUBMIT_URB, the URB in
 * Parameters.Others.Argument1), with a completion routine that signals an event and keeps the IRP
 * (STATUS_MORE_PROCESSING_REQUIRED). A request that takes longer than its timeout is cancelled.
 *
 * <h2>Threading</h2>
 * One request at a time per link (callers serialise on it).
 */
public final class UsbLink {

    /** Linux uses 5000 ms for streaming controls; ordinary controls get the same here. */
    static final long TIMEOUT_MILLIS = 5000;

    private final IoManager io;
    private final DeviceObject lower;
    private final Urb urb = new Urb();
    private final KEvent done = new KEvent();
    private int lastUsbdStatus;

    public UsbLink(IoManager io, DeviceObject lower) {
        this.io = io;
        this.lower = lower;
    }

    public DeviceObject lower() {
        return lower;
    }

    public IoManager io() {
        return io;
    }

    /** The USBD_STATUS of the last request. */
    public int lastUsbdStatus() {
        return lastUsbdStatus;
    }

    /**
     * A control transfer.
     *
     * @return bytes transferred (≥ 0), or the failing NTSTATUS (negative)
     */
    public synchronized int control(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength) {
        urb.controlTransfer(bmRequestType, bRequest, wValue, wIndex, data, wLength);
        int status = send(urb);
        return NtStatus.NT_SUCCESS(status) ? urb.transferBufferLength() : status;
    }

    /** A UVC class GET_* request to an entity ({@code entity << 8 | interface}) into {@code data}. */
    public int classGet(int request, int selector, int entity, int iface, ByteBuffer data, int length) {
        return control(Uvc.REQ_GET, request, selector << 8, entity << 8 | iface, data, length);
    }

    /** A UVC class SET_CUR. */
    public int classSet(int selector, int entity, int iface, ByteBuffer data, int length) {
        return control(Uvc.REQ_SET, Uvc.SET_CUR, selector << 8, entity << 8 | iface, data, length);
    }

    /** GET_DESCRIPTOR into a new buffer of up to {@code length} bytes; null on failure. */
    public ByteBuffer descriptor(int type, int index, int language, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        int n;
        synchronized (this) {
            urb.getDescriptor(type, index, language, b, length);
            int status = send(urb);
            n = NtStatus.NT_SUCCESS(status) ? urb.transferBufferLength() : -1;
        }
        return n < 0 ? null : b.limit(n);
    }

    public synchronized int selectInterface(int iface, int alt) {
        return send(urb.selectInterface(iface, alt));
    }

    public synchronized int pipe(int urbFunction, int endpoint) {
        return send(urb.pipeRequest(urbFunction, endpoint));
    }

    private int send(Urb u) {
        Irp irp = io.allocateIrp(lower.stackSize());
        if (irp == null) {
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        done.clearEvent();
        prepare(irp, u);
        irp.setCompletionRoutine((dev, i, ctx) -> {
            done.setEvent();
            return NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
        }, null, true, true, true);
        io.callDriver(lower, irp);
        boolean interrupted = false;
        boolean cancelled = false;
        while (!done.readStateEvent()) {
            try {
                if (!done.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) && !cancelled) {
                    io.cancelIrp(irp);
                    cancelled = true;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int status = irp.ioStatus().status();
        lastUsbdStatus = u.status();
        io.freeIrp(irp);
        return status;
    }

    /** Sets up the next stack location of a driver-allocated IRP to carry {@code u}. */
    static void prepare(Irp irp, Urb u) {
        irp.ioStatus().set(NtStatus.STATUS_NOT_SUPPORTED, 0);
        var next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_INTERNAL_DEVICE_CONTROL).minorFunction(0);
        next.parameters().deviceIoControl().ioControlCode(Usb.IOCTL_INTERNAL_USB_SUBMIT_URB);
        next.parameters().others().argument1(u);
    }
}
