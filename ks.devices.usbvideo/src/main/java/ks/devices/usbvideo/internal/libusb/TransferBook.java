package ks.devices.usbvideo.internal.libusb;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import ks.api.usb.Urb;
import ks.api.usb.Usb;
import ks.devices.usbvideo.internal.bus.UsbDeviceBackend.TransferDone;

/**
 * The bookkeeping between URBs and libusb transfers, kept apart from the native calls: each
 * submitted URB gets a slot with a direct buffer (libusb needs one; slots and buffers are reused),
 * libusb fills the buffer — isochronous packet {@code i} at {@code i × packetLength}, as
 * {@code libusb_set_iso_packet_lengths} lays it out — and the completion copies the bytes each
 * packet actually carried to the URB's own packet offsets, with the packet and transfer statuses as
 * USBD_STATUS values.
 *
 * <p>Cancellation: {@link #cancel} takes a slot back while libusb still owns it; its completion
 * (always TRANSFER_CANCELLED or a race winner) is then swallowed and the URB's buffer is not touched,
 * as {@code UsbDeviceBackend.cancel} promises. {@link #abort} instead lets the completions through,
 * so every transfer of the endpoint is reported with USBD_STATUS_CANCELED.
 *
 * <h2>Threading</h2>
 * Submission and cancellation come from the bus driver's threads, completions from the libusb
 * event thread; the book is guarded by its own monitor, and {@code done} is called outside it.
 */
final class TransferBook {

    /** One URB in flight. */
    static final class Slot {
        private ByteBuffer buffer;
        Urb urb;
        TransferDone done;
        boolean cancelled;
        /** The native transfer bound to this slot, kept for reuse. */
        Object transfer;

        /** The buffer libusb reads into. */
        ByteBuffer buffer() {
            return buffer;
        }

        /** Bytes per isochronous packet in {@link #buffer()} (the URB's packet size); the length for bulk. */
        int packetLength() {
            return packetLength;
        }

        private int packetLength;
        private boolean iso;

        boolean isochronous() {
            return iso;
        }

        int packets() {
            return iso ? urb.numberOfPackets() : 0;
        }
    }

    private final Map<Urb, Slot> inFlight = new IdentityHashMap<>();
    private final ArrayDeque<Slot> free = new ArrayDeque<>();

    /** Opens a slot for {@code urb} with a direct buffer of the URB's length. */
    synchronized Slot open(Urb urb, TransferDone done) {
        Slot s = free.pollFirst();
        if (s == null) {
            s = new Slot();
        }
        int length = urb.transferBufferLength();
        if (s.buffer == null || s.buffer.capacity() < length) {
            s.buffer = ByteBuffer.allocateDirect(length);
        }
        s.buffer.clear().limit(length);
        s.urb = urb;
        s.done = done;
        s.cancelled = false;
        s.iso = urb.function() == Usb.URB_FUNCTION_ISOCH_TRANSFER;
        int packets = Math.max(1, urb.numberOfPackets());
        s.packetLength = s.iso ? length / packets : length;
        inFlight.put(urb, s);
        return s;
    }

    /** Takes a queued URB back. @return its slot (the caller cancels the native transfer), or null if it is not in flight */
    synchronized Slot cancel(Urb urb) {
        Slot s = inFlight.get(urb);
        if (s == null || s.cancelled) {
            return null;
        }
        s.cancelled = true;
        return s;
    }

    /** The slots of {@code endpoint} still in flight and not taken back (to cancel natively; they will complete). */
    synchronized List<Slot> abort(int endpoint) {
        List<Slot> out = new ArrayList<>();
        for (Slot s : inFlight.values()) {
            if (!s.cancelled && s.urb.endpoint() == endpoint) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every slot in flight, taken back or not (to cancel before the device handle closes). */
    synchronized List<Slot> all() {
        return new ArrayList<>(inFlight.values());
    }

    /** Empties the pool of free slots (their native transfers are to be freed). */
    synchronized List<Slot> drainFree() {
        List<Slot> out = new ArrayList<>(free);
        free.clear();
        return out;
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    /**
     * A submission libusb refused: the URB ends at once with {@code usbdStatus} (the caller reports
     * it from another thread, as {@code submit} must not complete inline).
     */
    synchronized void refused(Slot s, int usbdStatus) {
        s.urb.status(usbdStatus).transferBufferLength(0);
        inFlight.remove(s.urb);
    }

    /** Recycles a slot whose URB was reported (or refused). */
    synchronized void release(Slot s) {
        s.urb = null;
        s.done = null;
        free.addFirst(s);
    }

    /**
     * libusb finished the slot's transfer.
     *
     * @param transferStatus libusb_transfer.status
     * @param actualLength libusb_transfer.actual_length (bulk)
     * @param packetActual per iso packet actual_length (null for bulk)
     * @param packetStatus per iso packet status (null for bulk)
     * @return whether the URB was reported to its {@code done}
     */
    boolean completed(Slot s, int transferStatus, int actualLength, int[] packetActual, int[] packetStatus) {
        Urb urb;
        TransferDone done;
        synchronized (this) {
            urb = s.urb;
            done = s.done;
            inFlight.remove(urb);
            if (s.cancelled) {
                release(s);
                return false;
            }
            fill(s, urb, transferStatus, actualLength, packetActual, packetStatus);
        }
        done.transferDone(urb);
        synchronized (this) {
            release(s);
        }
        return true;
    }

    private static void fill(Slot s, Urb urb, int transferStatus, int actualLength, int[] packetActual, int[] packetStatus) {
        ByteBuffer dst = urb.transferBuffer();
        ByteBuffer src = s.buffer;
        if (packetActual == null) {
            int n = Math.min(Math.max(0, actualLength), urb.transferBufferLength());
            dst.put(0, src, 0, n);
            urb.transferBufferLength(n);
            urb.status(LibUsbStatus.ofTransfer(transferStatus));
            return;
        }
        int stride = s.packetLength();
        int packets = Math.min(urb.numberOfPackets(), packetActual.length);
        int errors = 0;
        int total = 0;
        for (int i = 0; i < packets; i++) {
            int status = LibUsbStatus.ofTransfer(packetStatus[i]);
            int n = Math.min(Math.max(0, packetActual[i]), stride);
            if (status != Usb.USBD_STATUS_SUCCESS) {
                errors++;
                n = 0;
            }
            if (n > 0) {
                dst.put(urb.isoOffset(i), src, i * stride, n);
            }
            urb.isoPacket(i, n, status);
            total += n;
        }
        for (int i = packets; i < urb.numberOfPackets(); i++) {
            urb.isoPacket(i, 0, Usb.USBD_STATUS_NOT_ACCESSED);
            errors++;
        }
        urb.errorCount(errors);
        urb.transferBufferLength(total);
        // an iso transfer whose packets all failed is failed as a whole, as the USB stack reports it
        int whole = LibUsbStatus.ofTransfer(transferStatus);
        if (whole == Usb.USBD_STATUS_SUCCESS && packets > 0 && errors == urb.numberOfPackets()) {
            whole = Usb.USBD_STATUS_ISOCH_REQUEST_FAILED;
        }
        urb.status(whole);
    }
}
