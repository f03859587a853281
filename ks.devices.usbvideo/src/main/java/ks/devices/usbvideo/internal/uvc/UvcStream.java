package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ks.api.io.IoCompletionRoutine;
import ks.api.io.Irp;
import ks.api.io.NtStatus;
import ks.api.usb.Urb;
import ks.api.usb.Usb;

/**
 * The transfers that keep a UVC stream flowing: {@link #TRANSFERS} IRPs, each with its URB and
 * direct buffer, submitted to the USB device and re-submitted from their completion routine after
 * the payloads went through the {@link FrameAssembler}. Isochronous transfers carry up to 32
 * packets of the alternate setting's bytes per interval (Linux's sizing); bulk transfers carry one
 * dwMaxPayloadTransferSize payload.
 *
 * <h2>Threading</h2>
 * Completion routines run on the device's thread and are the only users of the assembler while
 * the stream runs. {@link #stop} waits until every transfer has come back.
 */
final class UvcStream {

    static final int TRANSFERS = 5;
    static final int MAX_ISO_PACKETS = 32;

    private static final System.Logger LOG = System.getLogger(UvcStream.class.getName());

    private final UsbLink link;
    private final FrameAssembler assembler;
    private final boolean iso;
    private final int endpoint;
    private final int packetSize;
    private final int packets;
    private final int transferSize;
    private final long maxPayload;
    private final Irp[] irps = new Irp[TRANSFERS];
    private final Urb[] urbs = new Urb[TRANSFERS];
    private final ByteBuffer[] buffers = new ByteBuffer[TRANSFERS];
    /** One routine for every transfer (the context is its index), so re-submitting allocates nothing. */
    private final IoCompletionRoutine onCompletion = (dev, done, ctx) -> completed((Integer) ctx);
    private volatile boolean running;
    private volatile int failure = NtStatus.STATUS_SUCCESS;
    private CountDownLatch outstanding;

    /**
     * @param packetSize iso: bytes per interval of the chosen alt setting; bulk: ignored
     * @param maxVideoFrameSize sizes iso transfers (packets = ceil(frame / packet), at most 32)
     */
    UvcStream(UsbLink link, FrameAssembler assembler, boolean iso, int endpoint, int packetSize, long maxVideoFrameSize,
            long maxPayload) {
        this.link = link;
        this.assembler = assembler;
        this.iso = iso;
        this.endpoint = endpoint;
        this.packetSize = packetSize;
        this.maxPayload = maxPayload;
        this.packets = iso ? (int) Math.max(1, Math.min(MAX_ISO_PACKETS, (maxVideoFrameSize + packetSize - 1) / packetSize)) : 0;
        this.transferSize = iso ? packets * packetSize : (int) Math.max(512, Math.min(maxPayload, 4 * 1024 * 1024));
        for (int i = 0; i < TRANSFERS; i++) {
            buffers[i] = ByteBuffer.allocateDirect(transferSize);
            urbs[i] = new Urb(packets);
        }
    }

    /** Allocates and submits the transfers. */
    int start() {
        running = true;
        failure = NtStatus.STATUS_SUCCESS;
        outstanding = new CountDownLatch(TRANSFERS);
        for (int i = 0; i < TRANSFERS; i++) {
            Irp irp = link.io().allocateIrp(link.lower().stackSize());
            if (irp == null) {
                for (int j = i; j < TRANSFERS; j++) {
                    outstanding.countDown();
                }
                stop();
                return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
            }
            irps[i] = irp;
            submit(i);
        }
        return NtStatus.STATUS_SUCCESS;
    }

    private void submit(int i) {
        Irp irp = irps[i];
        Urb urb = urbs[i];
        if (iso) {
            urb.isochTransfer(endpoint, buffers[i], packets, packetSize);
        } else {
            urb.bulkTransfer(endpoint, buffers[i], transferSize);
        }
        UsbLink.prepare(irp, urb);
        irp.setCompletionRoutine(onCompletion, i, true, true, true);
        link.io().callDriver(link.lower(), irp);
    }

    /** Completion routine: feed the payloads to the assembler, then re-submit or retire the transfer. */
    private int completed(int i) {
        Irp irp = irps[i];
        Urb urb = urbs[i];
        int status = irp.ioStatus().status();
        if (NtStatus.NT_SUCCESS(status) && running) {
            ByteBuffer b = buffers[i];
            if (iso) {
                for (int p = 0; p < urb.numberOfPackets(); p++) {
                    if (Usb.USBD_SUCCESS(urb.isoStatus(p))) {
                        assembler.payload(b, urb.isoOffset(p), urb.isoLength(p));
                    }
                }
            } else {
                assembler.bulkTransfer(b, 0, urb.transferBufferLength(), transferSize, maxPayload);
            }
        } else if (!NtStatus.NT_SUCCESS(status) && running && status != NtStatus.STATUS_CANCELLED) {
            failure = status;
            LOG.log(System.Logger.Level.WARNING, "stream transfer failed: " + NtStatus.toString(status) + " (" + Usb.usbdStatusName(urb.status()) + ")");
        }
        if (running && NtStatus.NT_SUCCESS(status)) {
            link.io().reuseIrp(irp, NtStatus.STATUS_SUCCESS);
            submit(i);
        } else {
            outstanding.countDown();
        }
        return NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
    }

    /** The status that ended the stream on its own (device gone), or STATUS_SUCCESS. */
    int failure() {
        return failure;
    }

    boolean running() {
        return running;
    }

    /** Stops re-submitting, aborts the pipe and waits for every transfer to come back, then frees them. */
    void stop() {
        running = false;
        link.pipe(Usb.URB_FUNCTION_ABORT_PIPE, endpoint);
        boolean interrupted = false;
        try {
            while (!outstanding.await(UsbLink.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                for (Irp irp : irps) {
                    if (irp != null) {
                        link.io().cancelIrp(irp);
                    }
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (int i = 0; i < TRANSFERS; i++) {
            if (irps[i] != null) {
                link.io().freeIrp(irps[i]);
                irps[i] = null;
            }
        }
        assembler.reset();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
