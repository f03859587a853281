package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import ks.api.io.CancelSafeQueue;
import ks.api.io.IoManager;
import ks.api.io.Irp;
import ks.api.io.NtStatus;
import ks.api.ks.KsFrameFiller;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsPin;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;
import ks.api.ks.KsStreamPointer;

/**
 * The streaming side of a KS pin: its KSSTATE with one-step transitions, its queue of stream IRPs
 * and reset (ks-semantics §6.2).
 *
 * <ul>
 * <li>Transitions go STOP → ACQUIRE → PAUSE → RUN and back one step at a time, each through the
 *     device's {@link DeviceState} callback; a failing callback leaves the last state reached.</li>
 * <li>Stream IRPs (after the header probe) are refused in STOP with STATUS_INVALID_DEVICE_STATE,
 *     queued in ACQUIRE, PAUSE and RUN, and filled only in RUN; RUN → PAUSE keeps them queued;
 *     entering STOP cancels them with STATUS_CANCELLED.</li>
 * <li>KSRESET_BEGIN cancels the queue and fails new stream I/O with STATUS_DEVICE_NOT_READY until
 *     KSRESET_END; a state change does not end a reset.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * State changes and resets are serialised on this object; the queue is cancel-safe, so clients may
 * cancel and devices may fill from any thread. An IRP taken for filling is completed by the filler
 * even if the pin stops meanwhile.
 */
public final class StreamPin {

    private static final System.Logger LOG = System.getLogger(StreamPin.class.getName());

    /** PFNKSPINSETDEVICESTATE: the device moves one step; must not return STATUS_PENDING. */
    @FunctionalInterface
    public interface DeviceState {
        int setDeviceState(KsState to, KsState from);
    }

    /** Told the OptionsFlags of each completed frame's headers, ORed, before the IRP completes. */
    @FunctionalInterface
    public interface FrameListener {
        void frameCompleted(int optionsFlags);
    }

    private final IoManager io;
    private final KsStreamIo ks;
    private final DeviceState device;
    private final boolean capture;
    private final int headerSize;
    private final CancelSafeQueue queue;
    private volatile KsState state = KsState.KSSTATE_STOP;
    private volatile boolean resetting;
    private volatile boolean removed;
    private volatile FrameListener frameListener;
    private final Pointer leadingEdge = new Pointer();

    /**
     * @param capture true for a pin data flows out of (reads), false for a render pin (writes)
     * @param headerSize the pin's KSSTREAM_HEADER size (0: any valid size)
     */
    public StreamPin(IoManager io, KsStreamIo ks, DeviceState device, boolean capture, int headerSize) {
        this.io = io;
        this.ks = ks;
        this.device = device;
        this.capture = capture;
        this.headerSize = headerSize;
        this.queue = io.createCancelSafeQueue(null);
    }

    public void frameListener(FrameListener value) {
        this.frameListener = value;
    }

    public KsState state() {
        return state;
    }

    public boolean resetting() {
        return resetting;
    }

    /** Stream IRPs waiting. */
    public int queued() {
        return queue.size();
    }

    /** KSPROPERTY_CONNECTION_STATE SET: walks to {@code target} one step at a time. */
    public synchronized int setState(KsState target) {
        if (target == KsState.UNKNOWN) {
            return STATUS_INVALID_PARAMETER;
        }
        while (state != target) {
            KsState from = state;
            KsState to = KsState.of(from.value() + (target.value() > from.value() ? 1 : -1));
            int status = device.setDeviceState(to, from);
            if (status == STATUS_PENDING) {
                status = NtStatus.STATUS_INVALID_DEVICE_REQUEST; // a state callback must not pend
            }
            if (!NtStatus.NT_SUCCESS(status)) {
                return status;
            }
            state = to;
            if (to == KsState.KSSTATE_STOP) {
                queue.flush(STATUS_CANCELLED);
            }
        }
        return STATUS_SUCCESS;
    }

    /** IOCTL_KS_RESET_STATE with KSRESET_BEGIN or KSRESET_END. */
    public synchronized int reset(int value) {
        if (value == KsIoctl.KSRESET_BEGIN) {
            resetting = true;
            queue.flush(STATUS_CANCELLED);
            return STATUS_SUCCESS;
        }
        if (value == KsIoctl.KSRESET_END) {
            resetting = false;
            return STATUS_SUCCESS;
        }
        return STATUS_INVALID_PARAMETER;
    }

    /**
     * Dispatch of IOCTL_KS_READ_STREAM / WRITE_STREAM: probes the headers, then refuses, or queues
     * the IRP (marked pending). Completes refused IRPs itself; returns what the dispatch routine
     * returns.
     */
    public int dispatchStream(Irp irp) {
        int code = irp.currentIrpStackLocation().parameters().deviceIoControl().ioControlCode();
        int expected = capture ? KsIoctl.IOCTL_KS_READ_STREAM : KsIoctl.IOCTL_KS_WRITE_STREAM;
        int status = code != expected ? NtStatus.STATUS_INVALID_DEVICE_REQUEST
                : ks.probeStreamIrp(irp, capture ? KsStreamFlags.KSPROBE_STREAMREAD : KsStreamFlags.KSPROBE_STREAMWRITE, headerSize);
        if (status == STATUS_SUCCESS) {
            if (removed) {
                status = NtStatus.STATUS_DEVICE_REMOVED;
            } else if (resetting) {
                status = STATUS_DEVICE_NOT_READY;
            } else if (state == KsState.KSSTATE_STOP) {
                status = STATUS_INVALID_DEVICE_STATE;
            } else if (queue.insertIrp(irp, null) == STATUS_PENDING) {
                return STATUS_PENDING;
            } else {
                irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued
                io.completeRequest(irp);
                return STATUS_PENDING; // insertIrp marked it pending
            }
        }
        irp.ioStatus().set(status, 0);
        io.completeRequest(irp);
        return status;
    }

    /**
     * The device's side: in RUN, takes the oldest queued IRP, lets {@code filler} fill (capture) or
     * consume (render) each of its headers, and completes it with STATUS_SUCCESS and Information =
     * the headers' total size (capture) or the bytes consumed (render). Returns false when the pin
     * is not running or nothing is queued. Call it when a frame is ready; a device with a frame and
     * no IRP waiting drops or keeps the frame itself. A filler that throws fails the IRP with
     * STATUS_UNSUCCESSFUL (it is still completed once) and the call returns true.
     */
    public boolean fillNext(KsPin pin, KsFrameFiller filler) {
        Pointer p = acquire();
        if (p == null) {
            return false;
        }
        try {
            do {
                filler.fill(pin, p.header());
            } while (p.advance());
        } catch (RuntimeException e) {
            // the IRP left the queue: it must still complete exactly once
            LOG.log(System.Logger.Level.ERROR, "frame filler threw; the stream request fails", e);
            p.fail(NtStatus.STATUS_UNSUCCESSFUL);
            return true;
        }
        p.complete();
        return true;
    }

    /** The leading-edge stream pointer: in RUN, the oldest queued IRP taken for filling, or null. */
    public Pointer acquire() {
        if (state != KsState.KSSTATE_RUN || resetting || !leadingEdge.free) {
            return null;
        }
        Irp irp = queue.removeNextIrp();
        if (irp == null) {
            return null;
        }
        leadingEdge.take(irp, ks.streamHeaders(irp));
        return leadingEdge;
    }

    /** The one reusable stream pointer of this pin. */
    public final class Pointer implements KsStreamPointer {
        private volatile boolean free = true;
        private Irp irp;
        private KsStreamHeader[] headers;
        private int index;

        void take(Irp taken, KsStreamHeader[] all) {
            free = false;
            irp = taken;
            headers = all;
            index = 0;
        }

        @Override
        public KsStreamHeader header() {
            return headers[index];
        }

        @Override
        public boolean advance() {
            if (index + 1 >= headers.length) {
                return false;
            }
            index++;
            return true;
        }

        @Override
        public void complete() {
            Irp done = release();
            KsStreamHeader[] all = headers;
            long bytes = 0;
            int options = 0;
            for (KsStreamHeader h : all) {
                bytes += Integer.toUnsignedLong(h.size());
                options |= h.optionsFlags();
            }
            FrameListener listener = frameListener;
            if (listener != null) {
                listener.frameCompleted(options);
            }
            done.ioStatus().set(STATUS_SUCCESS, capture ? bytes : totalUsed(all));
            io.completeRequest(done);
        }

        @Override
        public void fail(int status) {
            Irp done = release();
            done.ioStatus().set(status, 0);
            io.completeRequest(done);
        }

        private Irp release() {
            Irp done = irp;
            if (done == null) {
                throw new IllegalStateException("stream pointer completed twice");
            }
            irp = null;
            free = true;
            return done;
        }
    }

    /**
     * Device removal: every queued IRP completes with {@code status} (STATUS_DEVICE_REMOVED), and
     * later stream requests fail with STATUS_DEVICE_REMOVED.
     */
    public int remove(int status) {
        removed = true;
        return queue.flush(status);
    }

    private static long totalUsed(KsStreamHeader[] headers) {
        long used = 0;
        for (KsStreamHeader h : headers) {
            used += Integer.toUnsignedLong(h.dataUsed());
        }
        return used;
    }
}
