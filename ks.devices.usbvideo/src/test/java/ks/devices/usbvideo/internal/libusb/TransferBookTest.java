package ks.devices.usbvideo.internal.libusb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ks.api.usb.Urb;
import ks.api.usb.Usb;
import ks.devices.usbvideo.internal.uvc.FrameAssembler;
import ks.devices.usbvideo.internal.uvc.TransferRecorder;
import ks.devices.usbvideo.internal.virtual.TestPattern;
import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/**
 * The libusb transfer bookkeeping against a recorded payload sequence: isochronous transfers
 * recorded off the virtual camera while the UVC driver captured from it, laid into direct buffers
 * the way libusb fills them (packet i at i × packet length, actual lengths and statuses in the
 * packet descriptors), and completed through the book into fresh URBs.
 */
class TransferBookTest {

    static List<TransferRecorder.Transfer> recording;

    @BeforeAll
    static void record() throws Exception {
        VirtualCameraSpec spec = VirtualCameraSpec.of("Recorded Camera", 0x1209, 0x0001, "1.1", "iso", true, new String[] { "YUY2" },
                new String[] { "320x240" }, new int[] { 30 }, new String[0]);
        recording = TransferRecorder.capture(new VirtualUvcCamera("Recorded", spec), 4);
        assertTrue(recording.size() > 10, "transfers recorded: " + recording.size());
    }

    /** Lays a recorded transfer into the slot's direct buffer as libusb would and returns the descriptor arrays. */
    private static int[][] libusbFill(TransferBook.Slot s, TransferRecorder.Transfer t) {
        ByteBuffer b = s.buffer();
        int[] actual = new int[t.packets()];
        int[] status = new int[t.packets()];
        for (int i = 0; i < t.packets(); i++) {
            b.put(i * t.packetSize(), t.data()[i]);
            actual[i] = t.lengths()[i];
            status[i] = t.statuses()[i] == Usb.USBD_STATUS_SUCCESS ? LibUsbStatus.TRANSFER_COMPLETED : LibUsbStatus.TRANSFER_ERROR;
        }
        return new int[][] { actual, status };
    }

    @Test
    void replayedIsochronousTransfersGiveTheSamePacketsAndWholeNumberedFrames() {
        TransferBook book = new TransferBook();
        List<Long> numbers = new ArrayList<>();
        FrameAssembler assembler = new FrameAssembler(new FrameAssembler.Sink() {
            final ByteBuffer frame = ByteBuffer.allocate(320 * 240 * 2);

            @Override
            public ByteBuffer frameStart() {
                return frame.clear();
            }

            @Override
            public void frameEnd(ByteBuffer f, int length, int flags, long pts, boolean ptsValid) {
                if (flags == 0 && length == frame.capacity()) {
                    numbers.add(TestPattern.frameNumberYuy2(frame, 320, 240));
                }
            }
        }, 320 * 240 * 2, true, false);
        int packetsSeen = 0;
        for (TransferRecorder.Transfer t : recording) {
            if (t.status() != Usb.USBD_STATUS_SUCCESS) {
                continue; // the transfers cancelled when the capture stopped
            }
            ByteBuffer target = ByteBuffer.allocate(t.packets() * t.packetSize());
            Urb urb = new Urb(32).isochTransfer(t.endpoint(), target, t.packets(), t.packetSize());
            List<Urb> reported = new ArrayList<>();
            TransferBook.Slot s = book.open(urb, reported::add);
            int[][] d = libusbFill(s, t);
            assertTrue(book.completed(s, LibUsbStatus.TRANSFER_COMPLETED, 0, d[0], d[1]));
            assertEquals(List.of(urb), reported, "reported once");
            assertEquals(Usb.USBD_STATUS_SUCCESS, urb.status());
            for (int i = 0; i < t.packets(); i++) {
                assertEquals(t.lengths()[i], urb.isoLength(i));
                byte[] got = new byte[urb.isoLength(i)];
                target.get(urb.isoOffset(i), got);
                assertArrayEquals(t.data()[i], got, "packet " + i);
                assembler.payload(target, urb.isoOffset(i), urb.isoLength(i));
                packetsSeen++;
            }
        }
        assertTrue(packetsSeen > 100, "packets replayed: " + packetsSeen);
        assertTrue(numbers.size() >= 3, "whole frames: " + numbers);
        for (int i = 1; i < numbers.size(); i++) {
            assertEquals(numbers.get(i - 1) + 1, numbers.get(i), "consecutive frame numbers " + numbers);
        }
        assertEquals(0, book.inFlight());
    }

    @Test
    void slotsAndTheirDirectBuffersAreReused() {
        TransferBook book = new TransferBook();
        Urb a = new Urb(8).isochTransfer(0x81, ByteBuffer.allocate(8 * 1024), 8, 1024);
        TransferBook.Slot s = book.open(a, u -> { });
        ByteBuffer first = s.buffer();
        assertTrue(first.isDirect());
        assertEquals(8 * 1024, first.limit());
        assertEquals(1024, s.packetLength());
        book.completed(s, LibUsbStatus.TRANSFER_COMPLETED, 0, new int[8], new int[8]);
        Urb b = new Urb(8).isochTransfer(0x81, ByteBuffer.allocate(4 * 1024), 4, 1024);
        TransferBook.Slot again = book.open(b, u -> { });
        assertSame(s, again);
        assertSame(first, again.buffer(), "a smaller transfer reuses the buffer");
        assertEquals(4 * 1024, again.buffer().limit());
    }

    @Test
    void aCancelledTransferIsNotReportedAndItsUrbBufferIsLeftAlone() {
        TransferBook book = new TransferBook();
        ByteBuffer target = ByteBuffer.allocate(512);
        Arrays.fill(target.array(), (byte) 0x5A);
        Urb urb = new Urb().bulkTransfer(0x81, target, 512);
        List<Urb> reported = new ArrayList<>();
        TransferBook.Slot s = book.open(urb, reported::add);
        assertSame(s, book.cancel(urb));
        assertNull(book.cancel(urb), "taken back once");
        s.buffer().put(0, new byte[] { 1, 2, 3 });
        assertFalse(book.completed(s, LibUsbStatus.TRANSFER_CANCELLED, 3, null, null));
        assertTrue(reported.isEmpty());
        assertEquals(0x5A, target.get(0));
        assertEquals(0, book.inFlight());
    }

    @Test
    void abortedTransfersAreReportedCancelled() {
        TransferBook book = new TransferBook();
        List<Urb> reported = new ArrayList<>();
        Urb x = new Urb().bulkTransfer(0x81, ByteBuffer.allocate(64), 64);
        Urb y = new Urb().bulkTransfer(0x82, ByteBuffer.allocate(64), 64);
        TransferBook.Slot sx = book.open(x, reported::add);
        book.open(y, reported::add);
        List<TransferBook.Slot> aborted = book.abort(0x81);
        assertEquals(List.of(sx), aborted, "only the endpoint's transfers");
        book.completed(sx, LibUsbStatus.TRANSFER_CANCELLED, 0, null, null);
        assertEquals(List.of(x), reported);
        assertEquals(Usb.USBD_STATUS_CANCELED, x.status());
        assertEquals(0, x.transferBufferLength());
    }

    @Test
    void packetAndTransferFailuresBecomeUsbdStatuses() {
        TransferBook book = new TransferBook();
        Urb iso = new Urb(4).isochTransfer(0x81, ByteBuffer.allocate(4 * 16), 4, 16);
        TransferBook.Slot s = book.open(iso, u -> { });
        assertTrue(book.completed(s, LibUsbStatus.TRANSFER_COMPLETED, 0, new int[] { 12, 16, 5, 0 },
                new int[] { LibUsbStatus.TRANSFER_COMPLETED, LibUsbStatus.TRANSFER_ERROR, LibUsbStatus.TRANSFER_OVERFLOW,
                    LibUsbStatus.TRANSFER_COMPLETED }));
        assertEquals(Usb.USBD_STATUS_SUCCESS, iso.status());
        assertEquals(12, iso.isoLength(0));
        assertEquals(0, iso.isoLength(1), "a failed packet carries nothing");
        assertEquals(Usb.USBD_STATUS_REQUEST_FAILED, iso.isoStatus(1));
        assertEquals(Usb.USBD_STATUS_BUFFER_OVERRUN, iso.isoStatus(2));
        assertEquals(2, iso.errorCount());
        assertEquals(12, iso.transferBufferLength());

        Urb dead = new Urb(2).isochTransfer(0x81, ByteBuffer.allocate(32), 2, 16);
        s = book.open(dead, u -> { });
        book.completed(s, LibUsbStatus.TRANSFER_COMPLETED, 0, new int[2],
                new int[] { LibUsbStatus.TRANSFER_ERROR, LibUsbStatus.TRANSFER_ERROR });
        assertEquals(Usb.USBD_STATUS_ISOCH_REQUEST_FAILED, dead.status(), "every packet failed");

        Urb bulk = new Urb().bulkTransfer(0x81, ByteBuffer.allocate(64), 64);
        s = book.open(bulk, u -> { });
        book.completed(s, LibUsbStatus.TRANSFER_NO_DEVICE, 0, null, null);
        assertEquals(Usb.USBD_STATUS_DEVICE_GONE, bulk.status());
        assertEquals(Usb.USBD_STATUS_STALL_PID, LibUsbStatus.ofError(LibUsbStatus.ERROR_PIPE));
        assertEquals(Usb.USBD_STATUS_DEVICE_GONE, LibUsbStatus.ofError(LibUsbStatus.ERROR_NO_DEVICE));
    }

    @Test
    void aRefusedSubmissionEndsTheUrbWithTheStatus() {
        TransferBook book = new TransferBook();
        Urb urb = new Urb().bulkTransfer(0x81, ByteBuffer.allocate(64), 64);
        TransferBook.Slot s = book.open(urb, u -> { });
        book.refused(s, Usb.USBD_STATUS_DEVICE_GONE);
        assertEquals(Usb.USBD_STATUS_DEVICE_GONE, urb.status());
        assertEquals(0, urb.transferBufferLength());
        assertEquals(0, book.inFlight());
    }
}
