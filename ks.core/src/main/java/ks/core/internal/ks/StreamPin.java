package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

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
import ks.api.ks.KsStreamHeaderOptions;
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

    private static final VarHandle FAST_FRAMES;
    private static final VarHandle FAST_BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FAST_FRAMES = lookup.findVarHandle(StreamPin.class, "fastFrames", long.class);
            FAST_BYTES = lookup.findVarHandle(StreamPin.class, "fastBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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
    private final LongAdder starved = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    /** Requests and bytes served by fast reads: written under the capture ring's consumer lock. */
    private long fastFrames;
    private long fastBytes;
    private volatile boolean removed;
    private volatile FrameListener frameListener;
    private final Pointer leadingEdge = new Pointer();
    /** AVStream's frame queue and its pointers (see {@link KsStreamPointer}); set by {@link #frameQueue(boolean, boolean)}. */
    private volatile FrameQueue frameQueue;
    /** A capture pin's ready ring (null without one). */
    private volatile CaptureRing captureRing;
    /**
     * A read the ring filled in part, waiting for the device's next frames; under the capture
     * ring's consumer lock (read without it only to see whether there is one).
     */
    private volatile Irp parkedIrp;
    private KsStreamHeader[] parkedHeaders;
    private int parkedIndex;
    /** Guards a render pin's ready ring together with the decision "queue the IRP or use the ring". */
    private final Object ringLock = new Object();
    private volatile ReadyRing renderRing;
    private Runnable renderWork = () -> { };

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
            public java.util.List<KsStreamHeader> retireRing() {
                return retireRenderRing();
            }

            @Override
            public void complete(Irp irp, KsStreamHeader[] headers, int status) {
                if (irp == null) {
                    counted(optionsOf(headers), KsStreamHeader.totalDataUsed(headers)); // a ring frame, its write long complete
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

    /**
     * Ends a render pin's ready ring for a device that walks the frame queue: the frames in it
     * (their writes completed when they were accepted) go to the queue, and every later write
     * travels as a request. Empty for a capture pin or a pin without a ring.
     */
    private java.util.List<KsStreamHeader> retireRenderRing() {
        synchronized (ringLock) {
            ReadyRing r = renderRing;
            if (r == null) {
                return java.util.List.of();
            }
            java.util.List<KsStreamHeader> frames = new java.util.ArrayList<>(r.count);
            for (int i = 0; i < r.count; i++) {
                frames.add(r.at(i));
            }
            renderRing = null;
            return frames;
        }
    }

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

    public void frameListener(FrameListener value) {
        this.frameListener = value;
    }

    /**
     * Gives the pin a ready ring of {@code depth} frames of {@code frameBytes} each, each frame
     * starting on a multiple of {@code alignment} (see {@link FrameMemory}), with header extensions
     * of {@code extensionBytes}; call once, before streaming. {@code work} runs when a render pin
     * accepted frames into the ring (the device has something to consume).
     */
    public void readyRing(int depth, int frameBytes, int extensionBytes, int alignment, Runnable work) {
        if (depth <= 0) {
            return;
        }
        if (capture) {
            captureRing = new CaptureRing(depth, frameBytes, extensionBytes, alignment);
        } else {
            synchronized (ringLock) {
                renderRing = new ReadyRing(depth, frameBytes, extensionBytes, alignment);
            }
            renderWork = work;
        }
    }

    /** Frames in the ready ring (0 without one). */
    public int readyFrames() {
        CaptureRing r = captureRing;
        if (r != null) {
            r.lock();
            try {
                return r.available();
            } finally {
                r.unlock();
            }
        }
        synchronized (ringLock) {
            return renderRing == null ? 0 : renderRing.count;
        }
    }

    /** Stream requests completed (frames served), on either path. */
    public long framesCompleted() {
        return frames.sum() + (long) FAST_FRAMES.getOpaque(this);
    }

    /** The DataUsed of every header of those requests. */
    public long bytesCompleted() {
        return bytes.sum() + (long) FAST_BYTES.getOpaque(this);
    }

    public KsState state() {
        return state;
    }

    public boolean resetting() {
        return resetting;
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

    /** Stream IRPs waiting, plus frames a render pin accepted into its ring. */
    public int queued() {
        FrameQueue q = frameQueue;
        int inWindow = q == null ? 0 : q.waiting();
        return (capture ? queue.size() : queue.size() + readyFrames()) + inWindow;
    }

    /** KSPROPERTY_CONNECTION_STATE SET: walks to {@code target} one step at a time. */
    /** Names the pin in verifier messages. */
    void owner(String value) {
        owner = value;
    }

    /** A stream-pointer rule broken by the device: recorded by the verifier and thrown. */
    private KsVerifierException misuse(String rule, String what) {
        String message = "the stream pointer of " + owner + " " + what;
        if (io instanceof ks.core.internal.io.IoManagerImpl) {
            return ((ks.core.internal.io.IoManagerImpl) io).verifierFail(rule, message);
        }
        return new KsVerifierException(rule, message);
    }

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
                discardRing(STATUS_CANCELLED);
                String inWindow = endFrameQueue(STATUS_CANCELLED);
                if (inWindow != null && io.verifierEnabled()) {
                    throw misuse("STREAM_POINTER_HELD_AT_STOP", "queue still had " + inWindow
                            + " when the pin stopped: delete clones and unlock the edges before SetDeviceState(STOP) returns");
                }
                if (!leadingEdge.free && io.verifierEnabled()) {
                    Irp held = leadingEdge.irp;
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
            discardRing(STATUS_CANCELLED);
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
            } else if (captureRing != null) {
                return dispatchWithCaptureRing(captureRing, irp);
            } else if (renderRing != null) {
                return dispatchWithRenderRing(irp);
            } else if (queue.insertIrp(irp, null) == STATUS_PENDING) {
                return STATUS_PENDING;
            } else {
                status = STATUS_CANCELLED; // cancelled before it could be queued (not marked pending)
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
        if (state != KsState.KSSTATE_RUN || resetting) {
            return null;
        }
        CaptureRing r = captureRing;
        if (r != null) {
            return acquireCapture(r);
        }
        if (renderRing != null) {
            return acquireForRender();
        }
        if (!leadingEdge.claim()) {
            return null;
        }
        Irp irp = queue.removeNextIrp();
        if (irp == null) {
            leadingEdge.unclaim();
            if (capture) {
                starved.increment();
            }
            return null;
        }
        leadingEdge.take(irp, ks.streamHeaders(irp), 0);
        return leadingEdge;
    }

    /**
     * Frames a capture device could not place: it asked for the leading edge in RUN and no read was
     * queued and no ready-ring slot was free.
     */
    public long starved() {
        return starved.sum();
    }

    /** The one reusable stream pointer of this pin: on an IRP's headers or on a ring slot. */
    public final class Pointer implements KsStreamPointer {
        private volatile boolean free = true;
        private Irp irp;
        /** The request last completed through it, to name in "completed twice". */
        private Irp lastIrp;
        /** A capture frame being filled into the ring (true), or a render frame being consumed from it. */
        private boolean slot;
        private int slotEpoch;
        private KsStreamHeader[] headers;
        private final KsStreamHeader[] one = new KsStreamHeader[1];
        private int index;

        /** Takes the pointer for the device; false when it already holds it. */
        boolean claim() {
            return FREE.compareAndSet(this, true, false);
        }

        void unclaim() {
            FREE.setRelease(this, true);
        }

        void take(Irp taken, KsStreamHeader[] all, int first) {
            irp = taken;
            slot = false;
            headers = all;
            index = first;
        }

        void takeSlot(KsStreamHeader header, int epoch) {
            slotEpoch = epoch;
            slot = true;
            index = 0;
            // only the references that change: each store to the heap costs the collector's barrier
            if (irp != null) {
                irp = null;
            }
            if (headers != one) {
                headers = one;
            }
            if (one[0] != header) {
                one[0] = header;
            }
        }

        @Override
        public KsStreamHeader header() {
            if (free) {
                throw misuse("STREAM_POINTER_USED_AFTER_COMPLETION", "was used (header) after it was completed or failed");
            }
            return headers[index];
        }

        @Override
        public boolean advance() {
            if (free) {
                throw misuse("STREAM_POINTER_USED_AFTER_COMPLETION", "was used (advance) after it was completed or failed");
            }
            if (index + 1 >= headers.length) {
                return false;
            }
            index++;
            return true;
        }

        @Override
        public void complete() {
            if (slot) {
                releaseSlot(true);
                return;
            }
            Irp done = release();
            completeFilled(done, headers);
        }

        @Override
        public void fail(int status) {
            if (slot) {
                releaseSlot(false);
                return;
            }
            Irp done = release();
            done.ioStatus().set(status, 0);
            io.completeRequest(done);
        }

        private Irp release() {
            Irp done = irp;
            if (done == null || free) {
                throw misuse("STREAM_POINTER_COMPLETED_TWICE", "was completed or failed twice"
                        + (lastIrp != null ? "; its request, IRP@" + Integer.toHexString(System.identityHashCode(lastIrp))
                                + ", was completed the first time" : ""));
            }
            lastIrp = done;
            irp = null;
            unclaim();
            return done;
        }

        /** A ring slot is done: a capture frame is published (or dropped), a render frame consumed. */
        private void releaseSlot(boolean ok) {
            if (free) {
                throw misuse("STREAM_POINTER_COMPLETED_TWICE", "was completed or failed twice (a ring frame)");
            }
            KsStreamHeader h = one[0];
            slot = false;
            if (capture) {
                if (ok) {
                    captureRing.publish();
                }
                unclaim();
                // after the publishing write: a read queued meanwhile saw the frame or is seen here
                if (ok && (queue.size() > 0 || parkedIrp != null)) {
                    serveQueued(captureRing, false);
                }
            } else {
                synchronized (ringLock) {
                    unclaim();
                    if (renderRing != null && renderRing.epoch == slotEpoch && renderRing.head() == h) {
                        renderRing.dropHead();
                    }
                }
                counted(h.optionsFlags(), Integer.toUnsignedLong(h.dataUsed()));
            }
        }
    }

    private static final VarHandle FREE;

    static {
        try {
            FREE = MethodHandles.lookup().findVarHandle(Pointer.class, "free", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ------------------------------------------------------------------ ready ring

    /**
     * A render pin's ready ring: frames written while the device was busy, kept until it consumes
     * them, under ringLock. A fixed set of slots allocated once; frames leave in the order they
     * came. (A capture pin's ring is a {@link CaptureRing}.)
     */
    private static final class ReadyRing {
        final KsStreamHeader[] slots;
        int head;
        int count;
        /** Changes when the ring is emptied, so a frame filled before that is not committed after. */
        int epoch;

        ReadyRing(int depth, int frameBytes, int extensionBytes, int alignment) {
            slots = FrameMemory.ringFrames(depth, frameBytes, extensionBytes, alignment);
        }

        KsStreamHeader head() {
            return slots[head];
        }

        KsStreamHeader at(int i) {
            int j = head + i; // i <= depth, so one wrap at most (no division on this path)
            return slots[j >= slots.length ? j - slots.length : j];
        }

        /** The free slot after the last frame (only valid while count < depth). */
        KsStreamHeader tail() {
            return at(count);
        }

        void dropHead() {
            head = head + 1 == slots.length ? 0 : head + 1;
            count--;
        }

        void clear() {
            head = 0;
            count = 0;
            epoch++;
        }
    }

    /** Copies a frame and what describes it (not Size, FrameExtent or Data) between headers. */
    private static void copyFrame(KsStreamHeader from, KsStreamHeader to) {
        int used = from.dataUsed();
        copyFields(from, to, used);
        if (used > 0) {
            to.data().put(0, from.data(), 0, used);
        }
    }

    /** The header fields of a frame besides its bytes, and its extension, as {@link #copyFrame} copies them. */
    private static void copyFields(KsStreamHeader from, KsStreamHeader to, int used) {
        to.dataUsed(used)
                .optionsFlags(from.optionsFlags())
                .typeSpecificFlags(from.typeSpecificFlags())
                .presentationTimeScale(from.presentationTimeNumerator(), from.presentationTimeDenominator())
                .presentationTime(from.presentationTime())
                .duration(from.duration());
        ByteBuffer fx = from.extension();
        ByteBuffer tx = to.extension();
        if (fx != null && tx != null && !tx.isReadOnly()) {
            tx.put(0, fx, 0, Math.min(fx.capacity(), tx.capacity()));
        }
    }

    /** Whether the ring's oldest {@code n} frames fit headers {@code from..from+n-1}. Under the consumer lock. */
    private static boolean fits(CaptureRing r, KsStreamHeader[] hs, int from, int n) {
        for (int i = 0; i < n; i++) {
            KsStreamHeader h = hs[from + i];
            if (r.at(i).dataUsed() > Math.min(h.frameExtent(), h.data() == null ? 0 : h.data().capacity())) {
                return false;
            }
        }
        return true;
    }

    /** Moves the ring's oldest {@code n} frames into headers {@code from..from+n-1}. Under the consumer lock. */
    private static void deliver(CaptureRing r, KsStreamHeader[] hs, int from, int n) {
        for (int i = 0; i < n; i++) {
            copyFrame(r.at(i), hs[from + i]);
        }
        r.drop(n);
    }

    /** Whether the ring has room for every header's frame. Under ringLock. */
    private boolean ringAccepts(KsStreamHeader[] hs) {
        if (renderRing.count + hs.length > renderRing.slots.length) {
            return false;
        }
        for (int i = 0; i < hs.length; i++) {
            KsStreamHeader slotHeader = renderRing.at(renderRing.count + i);
            if (hs[i].dataUsed() > slotHeader.data().capacity()
                    || hs[i].hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)) {
                return false; // a format change goes to the device as an IRP
            }
        }
        return true;
    }

    /** Copies written frames into the ring's free slots. Under ringLock. */
    private long ringAccept(KsStreamHeader[] hs) {
        long total = 0;
        for (KsStreamHeader h : hs) {
            copyFrame(h, renderRing.tail());
            renderRing.count++;
            total += Integer.toUnsignedLong(h.dataUsed());
        }
        return total;
    }

    private static final int NOT_READY = 0;
    private static final int TAKEN = 1;
    private static final int TOO_SMALL = 2;

    /**
     * Capture, under the consumer lock: the oldest ready frames into every header, when the pin
     * runs, no read waits before this one and enough frames are ready. TOO_SMALL leaves the frames
     * where they are.
     */
    private int takeReady(CaptureRing r, KsStreamHeader[] hs) {
        if (!readyFramesServeReads() || r.available() < hs.length) {
            return NOT_READY;
        }
        if (!fits(r, hs, 0, hs.length)) {
            return TOO_SMALL;
        }
        deliver(r, hs, 0, hs.length);
        return TAKEN;
    }

    /**
     * Whether a new read may take ready frames: the pin runs and no read waits before it (queued,
     * or parked filled in part), so the order with the IRP path holds. Under the consumer lock.
     */
    private boolean readyFramesServeReads() {
        return state == KsState.KSSTATE_RUN && queue.size() == 0 && parkedIrp == null;
    }

    /** Render, under ringLock: the bytes of the frames accepted into the ring, or -1 when it cannot take them all now. */
    private long acceptWrite(KsStreamHeader[] hs) {
        if (renderRing == null || queue.size() != 0 || !ringAccepts(hs)) {
            return -1;
        }
        return ringAccept(hs);
    }

    private int dispatchWithCaptureRing(CaptureRing r, Irp irp) {
        KsStreamHeader[] hs = ks.streamHeaders(irp);
        int outcome;
        int inserted = STATUS_PENDING;
        r.lock();
        try {
            outcome = takeReady(r, hs);
            if (outcome == NOT_READY) {
                inserted = queue.insertIrp(irp, null);
            }
        } finally {
            r.unlock();
        }
        if (outcome == TAKEN) {
            counted(optionsOf(hs), KsStreamHeader.totalDataUsed(hs));
            irp.ioStatus().set(STATUS_SUCCESS, Integer.toUnsignedLong(KsStreamHeader.totalSize(hs)));
            io.completeRequest(irp);
            return STATUS_SUCCESS;
        }
        if (outcome == TOO_SMALL) {
            return completeTooSmall(irp);
        }
        if (inserted != STATUS_PENDING) {
            irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued (not marked pending)
            io.completeRequest(irp);
            return STATUS_CANCELLED;
        } else if (r.mayHaveFrames()) {
            // after the queueing write: a frame the producer published meanwhile is seen here or
            // the producer saw this read
            serveQueued(r, false);
        }
        return STATUS_PENDING;
    }

    private int dispatchWithRenderRing(Irp irp) {
        KsStreamHeader[] hs = ks.streamHeaders(irp);
        long information;
        int inserted = STATUS_PENDING;
        synchronized (ringLock) {
            information = acceptWrite(hs);
            if (information < 0) {
                inserted = queue.insertIrp(irp, null);
            }
        }
        if (information >= 0) {
            renderWork.run();
            irp.ioStatus().set(STATUS_SUCCESS, information);
            io.completeRequest(irp);
            return STATUS_SUCCESS;
        }
        if (inserted != STATUS_PENDING) {
            irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued (not marked pending)
            io.completeRequest(irp);
            return STATUS_CANCELLED;
        }
        return STATUS_PENDING;
    }

    /** A read with no room for the frame that is next: it fails, the frame stays for a request with room. */
    private int completeTooSmall(Irp irp) {
        irp.ioStatus().set(NtStatus.STATUS_BUFFER_TOO_SMALL, 0);
        io.completeRequest(irp);
        return NtStatus.STATUS_BUFFER_TOO_SMALL;
    }

    /**
     * See {@link ks.api.ks.KsPin#fastRead}. The common read, one header of Length
     * KsStreamHeader.SIZEOF without an extension, is served here without the general probe: the
     * checks accept exactly the headers {@link KsStreamIoImpl#validate} accepts in that case, and
     * anything else declines, so the IRP path probes it and answers with the probe's status. Any
     * other read is probed and taken by {@link #fastTake}.
     *
     * <p>Kept in one method, with the frame's bytes copied here rather than in {@link #copyFrame},
     * so that the copy's own calls stay within the JIT's inlining depth when a caller inlines the
     * whole fast path (KsStreamIo, the fast I/O router, the statistics decorator, the provider).
     */
    public boolean fastRead(KsStreamHeader[] hs, int length) {
        CaptureRing r = captureRing;
        if (r == null || hs.length == 0 || removed || resetting) {
            return false;
        }
        KsStreamHeader h = hs[0];
        if (hs.length != 1 || length != KsStreamHeader.SIZEOF || h == null || h.extension() != null) {
            return fastAllowed(hs, length, KsStreamFlags.KSPROBE_STREAMREAD) && fastTake(r, hs);
        }
        if (!plainReadHeader(h)) {
            return false;
        }
        if (!r.tryLock()) {
            return false; // another reader or the device is at the head: the IRP path keeps the order
        }
        int used;
        try {
            if (!readyFramesServeReads() || r.available() == 0) {
                return false;
            }
            KsStreamHeader frame = r.oldest();
            used = frame.dataUsed();
            if (Integer.toUnsignedLong(used) > Integer.toUnsignedLong(h.frameExtent())) {
                return false; // BUFFER_TOO_SMALL is the IRP path's answer; the frame stays
            }
            copyFields(frame, h, used); // before the bytes: fewer values live across the copy's call
            if (used != 0) {
                h.data().put(0, frame.data(), 0, used); // used <= FrameExtent <= the capacity
            }
            r.drop(1);
            countFast(used);
        } finally {
            r.unlock();
        }
        int options = h.optionsFlags();
        if (options != 0) {
            notifyListener(options, used);
        }
        return true;
    }

    /** Takes the oldest ready frames into probed headers, or declines. */
    private boolean fastTake(CaptureRing r, KsStreamHeader[] hs) {
        if (!r.tryLock()) {
            return false; // another reader or the device is at the head: the IRP path keeps the order
        }
        long used;
        try {
            if (takeReady(r, hs) != TAKEN) {
                return false;
            }
            used = KsStreamHeader.totalDataUsed(hs);
            countFast(used);
        } finally {
            r.unlock();
        }
        int options = optionsOf(hs);
        if (options != 0) {
            notifyListener(options, used);
        }
        return true;
    }

    /** One fast read of {@code used} bytes, in the pin's statistics. Under the consumer lock. */
    private void countFast(long used) {
        FAST_FRAMES.setOpaque(this, fastFrames + 1);
        FAST_BYTES.setOpaque(this, fastBytes + used);
    }

    /**
     * Whether a read's only header, of Length KsStreamHeader.SIZEOF and without an extension,
     * passes the probe: Size SIZEOF where the pin takes that size, DataUsed and OptionsFlags 0,
     * and a writable Data covering FrameExtent.
     */
    private boolean plainReadHeader(KsStreamHeader h) {
        if (h.size() != KsStreamHeader.SIZEOF || !takesPlainHeaders || (h.dataUsed() | h.optionsFlags()) != 0) {
            return false;
        }
        int extent = h.frameExtent();
        if (extent == 0) {
            return true;
        }
        ByteBuffer data = h.data();
        return data != null && Integer.toUnsignedLong(extent) <= data.capacity() && !data.isReadOnly();
    }

    /** See {@link ks.api.ks.KsPin#fastWrite}; returns the bytes accepted, or -1 to decline. */
    public long fastWrite(KsStreamHeader[] hs, int length) {
        if (renderRing == null || hs.length == 0 || state == KsState.KSSTATE_STOP || removed || resetting
                || !fastAllowed(hs, length, KsStreamFlags.KSPROBE_STREAMWRITE)) {
            return -1;
        }
        long accepted;
        synchronized (ringLock) {
            accepted = acceptWrite(hs);
        }
        if (accepted >= 0) {
            renderWork.run();
        }
        return accepted;
    }

    /** Whether the headers pass the probe and Length covers them exactly (the callers checked the pin's state). */
    private boolean fastAllowed(KsStreamHeader[] hs, int length, int probe) {
        return KsStreamIoImpl.validate(hs, length, probe, headerSize) == STATUS_SUCCESS && length == KsStreamHeader.totalSize(hs);
    }

    private Pointer acquireForRender() {
        synchronized (ringLock) {
            if (!leadingEdge.free) {
                return null;
            }
            if (renderRing.count > 0) {
                leadingEdge.claim();
                leadingEdge.takeSlot(renderRing.head(), renderRing.epoch); // written before anything still queued
                return leadingEdge;
            }
            Irp irp = queue.removeNextIrp();
            if (irp == null) {
                return null;
            }
            leadingEdge.claim();
            leadingEdge.take(irp, ks.streamHeaders(irp), 0);
            return leadingEdge;
        }
    }

    /**
     * The device's side with a capture ring: the slot after the last ready frame when no read
     * waits (no lock), else the queue service below. Null when the device already holds the
     * pointer, or when no read waits and the ring is full (the frame is dropped and counted).
     */
    private Pointer acquireCapture(CaptureRing r) {
        if (!leadingEdge.claim()) {
            return null;
        }
        if (queue.size() == 0 && parkedIrp == null) {
            KsStreamHeader slot = r.reserve();
            if (slot != null) {
                leadingEdge.takeSlot(slot.resetForRead(), 0);
                return leadingEdge;
            }
        }
        Pointer p = serveQueued(r, true);
        if (p == null) {
            leadingEdge.unclaim();
        }
        return p;
    }

    /**
     * Hands ready frames to waiting reads, oldest first: first to the read parked filled in part,
     * then to queued reads, completing each read they fill. For the device ({@code forDevice},
     * holding the claimed pointer): returns the pointer on the next read, after the ready frames it
     * takes, or on a free ring slot when no read waits (null: the ring is full, the frame is
     * counted as dropped). Otherwise (after a frame was published or a read queued): stops when no
     * frame is ready; a read that needs more frames than are ready is parked for the device's next
     * frames.
     */
    private Pointer serveQueued(CaptureRing r, boolean forDevice) {
        while (true) {
            Irp done;
            KsStreamHeader[] hs;
            boolean tooSmall = false;
            r.lock();
            try {
                if (parkedIrp != null) {
                    hs = parkedHeaders;
                    int n = state == KsState.KSSTATE_RUN ? Math.min(r.available(), hs.length - parkedIndex) : 0;
                    done = parkedIrp;
                    if (n > 0 && !fits(r, hs, parkedIndex, n)) {
                        tooSmall = true;
                    } else {
                        deliver(r, hs, parkedIndex, n);
                        parkedIndex += n;
                        if (parkedIndex < hs.length) {
                            if (!forDevice) {
                                return null;
                            }
                            leadingEdge.take(done, hs, parkedIndex);
                            unpark();
                            return leadingEdge;
                        }
                    }
                    unpark();
                } else {
                    if (!forDevice && (state != KsState.KSSTATE_RUN || r.available() == 0)) {
                        return null;
                    }
                    Irp irp = queue.size() == 0 ? null : queue.removeNextIrp();
                    if (irp == null) {
                        if (!forDevice) {
                            return null;
                        }
                        KsStreamHeader slot = r.reserve();
                        if (slot == null) {
                            starved.increment(); // no request and no room: the device drops the frame
                            return null;
                        }
                        leadingEdge.takeSlot(slot.resetForRead(), 0);
                        return leadingEdge;
                    }
                    hs = ks.streamHeaders(irp);
                    done = irp;
                    int n = Math.min(r.available(), hs.length);
                    if (n > 0 && !fits(r, hs, 0, n)) {
                        tooSmall = true;
                    } else {
                        deliver(r, hs, 0, n);
                        if (n < hs.length) {
                            if (forDevice) {
                                leadingEdge.take(irp, hs, n);
                                return leadingEdge;
                            }
                            parkedHeaders = hs;
                            parkedIndex = n;
                            parkedIrp = irp;
                            continue; // after the parking write: a frame published meanwhile is seen on the next turn
                        }
                    }
                }
            } finally {
                r.unlock();
            }
            if (tooSmall) {
                completeTooSmall(done);
            } else {
                completeFilled(done, hs);
            }
        }
    }

    private void unpark() {
        parkedIrp = null;
        parkedHeaders = null;
        parkedIndex = 0;
    }

    /** Empties the ready ring and completes a parked read with {@code status}. */
    private void discardRing(int status) {
        CaptureRing r = captureRing;
        if (r != null) {
            Irp parked;
            r.lock();
            try {
                r.clear();
                parked = parkedIrp;
                unpark();
            } finally {
                r.unlock();
            }
            if (parked != null) {
                parked.ioStatus().set(status, 0);
                io.completeRequest(parked);
            }
            return;
        }
        synchronized (ringLock) {
            if (renderRing != null) {
                renderRing.clear();
            }
        }
    }

    private void completeFilled(Irp done, KsStreamHeader[] all) {
        long used = KsStreamHeader.totalDataUsed(all);
        counted(optionsOf(all), used);
        done.ioStatus().set(STATUS_SUCCESS, capture ? Integer.toUnsignedLong(KsStreamHeader.totalSize(all)) : used);
        io.completeRequest(done);
    }

    /** A request served on the IRP path (or a render frame consumed from the ring). */
    private void counted(int options, long used) {
        frames.increment();
        bytes.add(used);
        if (options != 0) {
            notifyListener(options, used);
        }
    }

    private void notifyListener(int options, long used) {
        FrameListener listener = frameListener;
        if (listener != null) {
            listener.frameCompleted(options, used);
        }
    }

    private static int optionsOf(KsStreamHeader[] all) {
        int options = 0;
        for (KsStreamHeader h : all) {
            options |= h.optionsFlags();
        }
        return options;
    }

    /**
     * Device removal: every queued IRP completes with {@code status} (STATUS_DEVICE_REMOVED), and
     * later stream requests fail with STATUS_DEVICE_REMOVED.
     */
    public int remove(int status) {
        removed = true;
        int flushed = queue.flush(status);
        discardRing(status);
        endFrameQueue(status);
        return flushed;
    }

    /** Completes the frame queue's requests with {@code status}; what was still held there, or null. */
    private String endFrameQueue(int status) {
        FrameQueue q = frameQueue;
        return q == null ? null : q.end(status);
    }
}
