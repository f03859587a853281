package ks.devices.usbvideo.internal.bus;

import java.nio.ByteBuffer;

import ks.api.usb.Urb;

/**
 * A USB device as the bus sees it: the virtual camera, or a real device through libusb. The USB bus
 * driver fronts each backend with one PDO and turns URBs into these calls.
 *
 * <h2>Threading</h2>
 * {@link #control} may be called from any thread and answers synchronously. {@link #submit} only
 * queues the transfer: the backend completes it later from its own thread (never inside
 * {@code submit}), in submission order per endpoint.
 */
public interface UsbDeviceBackend {

    /** Told when a submitted bulk or isochronous transfer finished (status and lengths in the URB). */
    @FunctionalInterface
    interface TransferDone {
        void transferDone(Urb urb);
    }

    /** Told when the device goes away on its own (unplugged). */
    @FunctionalInterface
    interface Disconnect {
        void disconnected();
    }

    /** A name for logs and the PDO, e.g. {@code VirtualCamera-0}. */
    String name();

    /** The 18-byte device descriptor. */
    byte[] deviceDescriptor();

    /**
     * A control transfer on the default pipe. {@code data} holds the OUT data or receives the IN
     * data from position 0.
     *
     * @return bytes transferred, or a negative USBD_STATUS (USBD_STATUS_STALL_PID for a STALL,
     *     USBD_STATUS_DEVICE_GONE once disconnected)
     */
    int control(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength);

    /** Queues a bulk or isochronous IN transfer; {@code done} is called once it finished or was cancelled. */
    void submit(Urb urb, TransferDone done);

    /**
     * Takes back a queued transfer (its IRP is being cancelled). After the call returns the backend
     * no longer touches the URB's buffer.
     *
     * @return true if it was still queued (it will not be reported to {@code done})
     */
    boolean cancel(Urb urb);

    /** Ends every queued transfer of {@code endpoint} with USBD_STATUS_CANCELED (ABORT_PIPE). */
    void abort(int endpoint);

    /** Registers the listener for an unplug the device detects itself. */
    void onDisconnect(Disconnect listener);

    /** Whether the device is still attached. */
    boolean connected();
}
