package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.List;

import ks.api.io.CancelSafeQueue;
import ks.api.io.IoManager;
import ks.api.io.Irp;
import ks.api.io.KsVerifierException;
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
 * The streaming side of a KS pin: its KSSTATE with one-step transitions, the header probe and the
 * refusals of stream requests, reset (ks-semantics §6.2), and the parts it is made of: the
 * {@link StreamPath} (the queue alone, or with a capture or render ready ring), the device's
 * {@link RequestPointer}, AVStream's {@link FrameQueue} and the {@link StreamCounters}.
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

    /** "pin 0 of filter 'capture' of \\Driver\\Cam", for verifier messages; set by the pin. */
    private volatile String owner = "a pin";

    /** Set by the queue's InsertIrpEx on the inserting thread. */
    private static final ThreadLocal<Boolean> INTO_EMPTY = new ThreadLocal<>();

    private static final System.Logger LOG = System.getLogger(StreamPin.class.getName());

    /** PFNKSPINSETDEVICESTATE: the device moves one step; must not return STATUS_PENDING. */
    @FunctionalInterface
    public interface DeviceState {
        int setDeviceState(KsState to, KsState from);
    }

    /**
     * Told the OptionsFlags of a completed request's headers, ORed, when any is set (the pin counts
     * frames and bytes itself), before the IRP completes.
     */
    @FunctionalInterface
    public interface FrameListener {
        void frameCompleted(int optionsFlags, long bytes);
    }

    private final IoManager io;
    private final KsStreamIo ks;
    private final DeviceState device;
    private final boolean capture;
    private final int headerSize;
    /** Whether the pin takes headers of Size KsStreamHeader.SIZEOF (its header size is that, or any). */
    private final boolean takesPlainHeaders;
    private final CancelSafeQueue queue;
    private volatile KsState state = KsState.KSSTATE_STOP;
    private volatile boolean resetting;
    private volatile boolean removed;
    private final StreamCounters counters = new StreamCounters();
    private final RequestPointer pointer = new RequestPointer(this);
    /** The queue alone until a ready ring is given; a retired render ring goes back to it. */
    private final StreamPath queued = new QueuedPath();
    private volatile StreamPath path = queued;
    /** AVStream's frame queue and its pointers (see {@link KsStreamPointer}); set by {@link #frameQueue(boolean, boolean)}. */
    private volatile FrameQueue frameQueue;

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
        this.takesPlainHeaders = headerSize == 0 || headerSize == KsStreamHeader.SIZEOF;
        // under the queue's lock: whether this insertion finds the queue empty (AVStream's trigger)
        this.queue = io.createCancelSafeQueue((q, irp, context) -> {
            INTO_EMPTY.set(q.size() == 0 ? Boolean.TRUE : Boolean.FALSE);
            return STATUS_SUCCESS;
        }, null);
    }

    // ---------------------------------------------------------------- what the paths use

    IoManager io() {
        return io;
    }

    KsStreamIo streamIo() {
        return ks;
    }

    CancelSafeQueue queue() {
        return queue;
    }

    RequestPointer pointer() {
        return pointer;
    }

    StreamCounters counters() {
        return counters;
    }

    boolean removed() {
        return removed;
    }

    boolean takesPlainHeaders() {
        return takesPlainHeaders;
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Gives the pin AVStream's frame queue, for a device that walks it with queue pointers:
     * {@code distinctTrailingEdge} for KSPIN_FLAG_DISTINCT_TRAILING_EDGE, {@code fifo} for
     * KSPIN_FLAG_ENFORCE_FIFO. Call once, before streaming.
     */
    public void frameQueue(boolean distinctTrailingEdge, boolean fifo) {
        frameQueue = new FrameQueue(new FrameQueue.Pin() {
            @Override
            public Irp nextRequest() {
                return queue.size() == 0 ? null : queue.removeNextIrp();
            }

            @Override
            public KsStreamHeader[] headers(Irp irp) {
                return ks.streamHeaders(irp);
            }

            @Override
            public List<KsStreamHeader> retireRing() {
                StreamPath p = path;
                if (!(p instanceof RenderRingPath)) {
                    return List.of();
                }
                List<KsStreamHeader> frames = ((RenderRingPath) p).retire();
                path = queued; // every later write is a request the queue sees
                return frames;
            }

            @Override
            public void complete(Irp irp, KsStreamHeader[] headers, int status) {
                if (irp == null) {
                    // a ring frame, its write long complete
                    counters.counted(FrameCopy.optionsOf(headers), KsStreamHeader.totalDataUsed(headers));
                } else if (status == STATUS_SUCCESS) {
                    completeFilled(irp, headers);
                } else {
                    irp.ioStatus().set(status, 0);
                    io.completeRequest(irp);
                }
            }

            @Override
            public boolean active() {
                KsState s = state;
                return !removed && !resetting && (s == KsState.KSSTATE_PAUSE || s == KsState.KSSTATE_RUN);
            }

            @Override
            public KsVerifierException misuse(String rule, String what) {
                return StreamPin.this.misuse(rule, what);
            }
        }, capture, distinctTrailingEdge, fifo);
    }

    public void frameListener(FrameListener value) {
        counters.listener(value);
    }

    /**
     * Gives the pin a ready ring of {@code depth} frames of {@code frameBytes} each, each frame
     * starting on a multiple of {@code alignment} (see {@link FrameMemory}), with header extensions
     * of {@code extensionBytes}; in STOP (a format change gives the pin a new one). {@code work}
     * runs when a render pin accepted frames into the ring (the device has something to consume).
     */
    public void readyRing(int depth, int frameBytes, int extensionBytes, int alignment, Runnable work) {
        if (depth <= 0) {
            return;
        }
        path = capture ? new CaptureRingPath(this, depth, frameBytes, extensionBytes, alignment)
                : new RenderRingPath(this, depth, frameBytes, extensionBytes, alignment, work);
    }

    /** Names the pin in verifier messages. */
    void owner(String value) {
        owner = value;
    }

    // ---------------------------------------------------------------- state

    public KsState state() {
        return state;
    }

    public boolean resetting() {
        return resetting;
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
                path.discard(STATUS_CANCELLED);
                String inWindow = endFrameQueue(STATUS_CANCELLED);
                if (inWindow != null && io.verifierEnabled()) {
                    throw misuse("STREAM_POINTER_HELD_AT_STOP", "queue still had " + inWindow
                            + " when the pin stopped: delete clones and unlock the edges before SetDeviceState(STOP) returns");
                }
                if (pointer.held() && io.verifierEnabled()) {
                    Irp held = pointer.irp();
                    throw misuse("STREAM_POINTER_HELD_AT_STOP", "was still held when the pin stopped"
                            + (held != null ? " (on " + held.describe() + ")" : " (on a ring frame)")
                            + ": complete or fail it before SetDeviceState(STOP) returns");
                }
            }
        }
        return STATUS_SUCCESS;
    }

    /** IOCTL_KS_RESET_STATE with KSRESET_BEGIN or KSRESET_END. */
    public synchronized int reset(int value) {
        if (value == KsIoctl.KSRESET_BEGIN) {
            resetting = true;
            queue.flush(STATUS_CANCELLED);
            path.discard(STATUS_CANCELLED);
            endFrameQueue(STATUS_CANCELLED);
            return STATUS_SUCCESS;
        }
        if (value == KsIoctl.KSRESET_END) {
            resetting = false;
            return STATUS_SUCCESS;
        }
        return STATUS_INVALID_PARAMETER;
    }

    /**
     * Device removal: every queued IRP completes with {@code status} (STATUS_DEVICE_REMOVED), and
     * later stream requests fail with STATUS_DEVICE_REMOVED.
     */
    public int remove(int status) {
        removed = true;
        int flushed = queue.flush(status);
        path.discard(status);
        endFrameQueue(status);
        return flushed;
    }

    /** Completes the frame queue's requests with {@code status}; what was still held there, or null. */
    private String endFrameQueue(int status) {
        FrameQueue q = frameQueue;
        return q == null ? null : q.end(status);
    }

    /** A stream-pointer rule broken by the device: recorded by the verifier and thrown. */
    KsVerifierException misuse(String rule, String what) {
        String message = "the stream pointer of " + owner + " " + what;
        if (io instanceof ks.core.internal.io.IoManagerImpl) {
            return ((ks.core.internal.io.IoManagerImpl) io).verifierFail(rule, message);
        }
        return new KsVerifierException(rule, message);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Dispatch of IOCTL_KS_READ_STREAM / WRITE_STREAM: probes the headers, then refuses, or hands
     * the IRP to the path (which queues it, marked pending, or serves it from the ring). Completes
     * refused IRPs itself; returns what the dispatch routine returns.
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
            } else {
                return path.dispatch(irp);
            }
        }
        irp.ioStatus().set(status, 0);
        io.completeRequest(irp);
        return status;
    }

    /**
     * Whether the stream request this thread queued last found the queue empty, and forgets it:
     * read right after {@link #dispatchStream} returned STATUS_PENDING.
     */
    boolean queuedIntoEmpty() {
        Boolean b = INTO_EMPTY.get();
        INTO_EMPTY.set(Boolean.FALSE);
        FrameQueue q = frameQueue;
        // AVStream's "no data at the leading edge": nothing queued and nothing in the window ahead of it
        return b != null && b && (q == null || q.waiting() == 0);
    }

    /** Stream IRPs waiting, plus frames a render pin accepted into its ring and frames the frame queue holds ahead of its leading edge. */
    public int queued() {
        FrameQueue q = frameQueue;
        int inWindow = q == null ? 0 : q.waiting();
        return (capture ? queue.size() : queue.size() + readyFrames()) + inWindow;
    }

    /** Frames in the ready ring (0 without one). */
    public int readyFrames() {
        return path.readyFrames();
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
        RequestPointer p = acquire();
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

    /** The request pointer: in RUN, on the oldest queued IRP (or a ring slot), or null. */
    public RequestPointer acquire() {
        if (state != KsState.KSSTATE_RUN || resetting) {
            return null;
        }
        return path.acquire();
    }

    /**
     * Frames a capture device could not place: it asked for the leading edge in RUN and no read was
     * queued and no ready-ring slot was free.
     */
    public long starved() {
        return counters.starvedCount();
    }

    /** Stream requests completed (frames served), on either path. */
    public long framesCompleted() {
        return counters.framesCompleted();
    }

    /** The DataUsed of every header of those requests. */
    public long bytesCompleted() {
        return counters.bytesCompleted();
    }

    /** See {@link ks.api.ks.KsPin#fastRead}: only a capture pin with a ready ring serves one. */
    public boolean fastRead(KsStreamHeader[] hs, int length) {
        StreamPath p = path;
        return p instanceof CaptureRingPath && ((CaptureRingPath) p).fastRead(hs, length);
    }

    /** See {@link ks.api.ks.KsPin#fastWrite}; returns the bytes accepted, or -1 to decline. */
    public long fastWrite(KsStreamHeader[] hs, int length) {
        StreamPath p = path;
        return p instanceof RenderRingPath ? ((RenderRingPath) p).fastWrite(hs, length) : -1;
    }

    /** Whether the headers pass the probe and Length covers them exactly (the callers checked the pin's state). */
    boolean fastAllowed(KsStreamHeader[] hs, int length, int probe) {
        return KsStreamIoImpl.validate(hs, length, probe, headerSize) == STATUS_SUCCESS && length == KsStreamHeader.totalSize(hs);
    }

    /** A request filled (capture) or consumed (render): counted, completed with STATUS_SUCCESS. */
    void completeFilled(Irp done, KsStreamHeader[] all) {
        long used = KsStreamHeader.totalDataUsed(all);
        counters.counted(FrameCopy.optionsOf(all), used);
        done.ioStatus().set(STATUS_SUCCESS, capture ? Integer.toUnsignedLong(KsStreamHeader.totalSize(all)) : used);
        io.completeRequest(done);
    }

    /** A read with no room for the frame that is next: it fails, the frame stays for a request with room. */
    int completeTooSmall(Irp irp) {
        irp.ioStatus().set(NtStatus.STATUS_BUFFER_TOO_SMALL, 0);
        io.completeRequest(irp);
        return NtStatus.STATUS_BUFFER_TOO_SMALL;
    }

    // ---------------------------------------------------------------- AVStream's frame queue

    /** The frame queue's leading edge (null without one, or with no frame there). */
    public KsStreamPointer leadingEdge(boolean locked) {
        FrameQueue q = frameQueue;
        return q == null ? null : q.leadingEdge(locked);
    }

    public KsStreamPointer trailingEdge(boolean locked) {
        FrameQueue q = frameQueue;
        return q == null ? null : q.trailingEdge(locked);
    }

    public KsStreamPointer firstClone() {
        FrameQueue q = frameQueue;
        return q == null ? null : q.firstClone();
    }

    /** The queue alone: requests wait in the cancel-safe queue for the device. */
    private final class QueuedPath implements StreamPath {
        @Override
        public int dispatch(Irp irp) {
            if (queue.insertIrp(irp, null) == STATUS_PENDING) {
                return STATUS_PENDING;
            }
            irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued (not marked pending)
            io.completeRequest(irp);
            return STATUS_CANCELLED;
        }

        @Override
        public RequestPointer acquire() {
            if (!pointer.claim()) {
                return null;
            }
            Irp irp = queue.removeNextIrp();
            if (irp == null) {
                pointer.unclaim();
                if (capture) {
                    counters.starved();
                }
                return null;
            }
            pointer.take(irp, ks.streamHeaders(irp), 0);
            return pointer;
        }

        @Override
        public int readyFrames() {
            return 0;
        }

        @Override
        public void discard(int status) {
        }

        @Override
        public void slotDone(RequestPointer p, KsStreamHeader header, int epoch, boolean ok) {
            throw new IllegalStateException("the queued path hands out no ring slot");
        }
    }
}
