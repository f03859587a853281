package ks.devices.usbvideo.internal.libusb;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;

import org.usb4java.Device;
import org.usb4java.DeviceHandle;
import org.usb4java.LibUsb;
import org.usb4java.Transfer;
import org.usb4java.TransferCallback;

import ks.api.usb.Urb;
import ks.api.usb.Usb;
import ks.devices.usbvideo.internal.bus.UsbDeviceBackend;

/**
 * A real USB device opened through libusb, as a bus backend. Control transfers are synchronous
 * libusb calls; SET_INTERFACE claims the interface (detaching a kernel driver such as uvcvideo when
 * one holds it) and goes through {@code libusb_set_interface_alt_setting}, CLEAR_FEATURE(HALT)
 * through {@code libusb_clear_halt}, so libusb's own view of the device stays right. Bulk and
 * isochronous URBs become asynchronous libusb transfers (any number in flight) whose completions
 * arrive on the host's event thread; the {@link TransferBook} does the accounting.
 */
final class LibUsbCamera implements UsbDeviceBackend, TransferCallback {

    private static final System.Logger LOG = System.getLogger(LibUsbCamera.class.getName());
    private static final long CONTROL_TIMEOUT_MILLIS = 5000;

    private final String name;
    private final Device device;
    private final DeviceHandle handle;
    private final byte[] deviceDescriptor;
    private final Executor reporter;
    private final TransferBook book = new TransferBook();
    private final Set<Integer> claimed = new HashSet<>();
    private final ByteBuffer control = ByteBuffer.allocateDirect(4096);
    private volatile boolean connected = true;
    private volatile boolean closed;
    /**
     * Guards the control buffer and the claimed interfaces. Held across a synchronous control
     * transfer, which waits for libusb's event handling, so the event thread (which re-submits
     * streaming transfers from its callbacks) must never need it.
     */
    private final Object controlLock = new Object();
    /** Guards the handle's validity for the short, non-blocking transfer calls (submit, cancel). */
    private final Object transferLock = new Object();
    private volatile Disconnect disconnect;

    LibUsbCamera(String name, Device device, DeviceHandle handle, byte[] deviceDescriptor, Executor reporter) {
        this.name = name;
        this.device = device;
        this.handle = handle;
        this.deviceDescriptor = deviceDescriptor.clone();
        this.reporter = reporter;
    }

    Device device() {
        return device;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] deviceDescriptor() {
        return deviceDescriptor.clone();
    }

    @Override
    public int control(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength) {
        synchronized (controlLock) {
            return controlLocked(bmRequestType, bRequest, wValue, wIndex, data, wLength);
        }
    }

    private int controlLocked(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength) {
        if (!connected || closed) {
            return Usb.USBD_STATUS_DEVICE_GONE;
        }
        if (bmRequestType == Usb.USB_RECIP_INTERFACE && bRequest == Usb.USB_REQUEST_SET_INTERFACE) {
            return setInterface(wIndex & 0xFF, wValue & 0xFF);
        }
        if (bmRequestType == Usb.USB_RECIP_ENDPOINT && bRequest == Usb.USB_REQUEST_CLEAR_FEATURE
                && wValue == Usb.USB_FEATURE_ENDPOINT_STALL) {
            int r = LibUsb.clearHalt(handle, (byte) wIndex);
            return r < 0 ? failed(r) : 0;
        }
        if (wLength > control.capacity()) {
            return Usb.USBD_STATUS_INVALID_PARAMETER;
        }
        boolean in = (bmRequestType & Usb.USB_DIR_IN) != 0;
        control.clear().limit(wLength);
        if (!in && wLength > 0) {
            control.put(0, data, 0, wLength);
        }
        int r = LibUsb.controlTransfer(handle, (byte) bmRequestType, (byte) bRequest, (short) wValue, (short) wIndex, control,
                CONTROL_TIMEOUT_MILLIS);
        if (r < 0) {
            return failed(r);
        }
        if (in && r > 0) {
            data.put(0, control, 0, r);
        }
        return r;
    }

    private int setInterface(int iface, int alt) {
        if (claimed.add(iface)) {
            LibUsb.setAutoDetachKernelDriver(handle, true); // uvcvideo gives the interface up while ks holds it
            int r = LibUsb.claimInterface(handle, iface);
            if (r < 0) {
                claimed.remove(iface);
                LOG.log(System.Logger.Level.ERROR, name + ": cannot claim interface " + iface + ": " + LibUsb.errorName(r)
                        + (r == LibUsbStatus.ERROR_BUSY ? " (another program holds it)" : ""));
                return failed(r);
            }
        }
        int r = LibUsb.setInterfaceAltSetting(handle, iface, alt);
        return r < 0 ? failed(r) : 0;
    }

    private int failed(int libusbError) {
        if (libusbError == LibUsbStatus.ERROR_NO_DEVICE) {
            gone();
        }
        return LibUsbStatus.ofError(libusbError);
    }

    @Override
    public void submit(Urb urb, TransferDone done) {
        TransferBook.Slot s = book.open(urb, done);
        Transfer t = (Transfer) s.transfer;
        int packets = s.packets();
        if (t == null || t.numIsoPackets() < packets) {
            if (t != null) {
                LibUsb.freeTransfer(t);
            }
            t = LibUsb.allocTransfer(packets);
            s.transfer = t;
        }
        if (s.isochronous()) {
            LibUsb.fillIsoTransfer(t, handle, (byte) urb.endpoint(), s.buffer(), packets, this, s, 0);
            LibUsb.setIsoPacketLengths(t, s.packetLength());
        } else {
            LibUsb.fillBulkTransfer(t, handle, (byte) urb.endpoint(), s.buffer(), this, s, 0);
        }
        int r;
        synchronized (transferLock) {
            r = connected && !closed ? LibUsb.submitTransfer(t) : LibUsbStatus.ERROR_NO_DEVICE;
        }
        if (r < 0) {
            book.refused(s, failed(r));
            reporter.execute(() -> {
                done.transferDone(urb);
                book.release(s);
            });
        }
    }

    @Override
    public void processTransfer(Transfer t) {
        TransferBook.Slot s = (TransferBook.Slot) t.userData();
        int[] actual = null;
        int[] status = null;
        int packets = t.numIsoPackets();
        if (s.isochronous()) {
            var desc = t.isoPacketDesc();
            actual = new int[packets];
            status = new int[packets];
            for (int i = 0; i < packets; i++) {
                actual[i] = desc[i].actualLength();
                status[i] = desc[i].status();
            }
        }
        if (t.status() == LibUsbStatus.TRANSFER_NO_DEVICE) {
            gone();
        }
        book.completed(s, t.status(), t.actualLength(), actual, status);
    }

    @Override
    public boolean cancel(Urb urb) {
        TransferBook.Slot s = book.cancel(urb);
        if (s == null) {
            return false;
        }
        synchronized (transferLock) {
            if (!closed) {
                LibUsb.cancelTransfer((Transfer) s.transfer); // its completion is swallowed by the book
            }
        }
        return true;
    }

    @Override
    public void abort(int endpoint) {
        synchronized (transferLock) {
            if (closed) {
                return;
            }
            for (TransferBook.Slot s : book.abort(endpoint)) {
                LibUsb.cancelTransfer((Transfer) s.transfer);
            }
        }
    }

    @Override
    public void onDisconnect(Disconnect listener) {
        this.disconnect = listener;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    /** The device left (hotplug event, or libusb reported it gone). */
    void gone() {
        if (!connected) {
            return;
        }
        connected = false;
        Disconnect d = disconnect;
        if (d != null) {
            reporter.execute(d::disconnected);
        }
    }

    /**
     * Cancels what is still in flight, waits (up to two seconds) for libusb to hand those transfers
     * back on the event thread, then releases the interfaces and closes the handle.
     */
    void close() {
        synchronized (transferLock) {
            if (closed) {
                return;
            }
            for (TransferBook.Slot s : book.all()) {
                LibUsb.cancelTransfer((Transfer) s.transfer);
            }
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (book.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (controlLock) {
            synchronized (transferLock) {
                closed = true;
            }
            for (int iface : claimed) {
                LibUsb.releaseInterface(handle, iface);
            }
            claimed.clear();
            LibUsb.close(handle);
            if (book.inFlight() == 0) {
                for (TransferBook.Slot s : book.drainFree()) {
                    if (s.transfer != null) {
                        LibUsb.freeTransfer((Transfer) s.transfer);
                    }
                }
            } else {
                LOG.log(System.Logger.Level.WARNING, name + ": " + book.inFlight() + " transfers not returned by libusb; not freed");
            }
        }
    }

    int inFlight() {
        return book.inFlight();
    }
}
