package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

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

    private static final System.Logger LOG = System.getLogger(StreamPin.class.getName());

    /** PFNKSPINSETDEVICESTATE: the device moves one step; must not return STATUS_PENDING. */
    @FunctionalInterface
    public interface DeviceState {
        int setDeviceState(KsState to, KsState from);
    }

    /**
     * Told the OptionsFlags of each completed frame's headers, ORed, and their DataUsed summed,
     * before the IRP completes.
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
    private final CancelSafeQueue queue;
    private volatile KsState state = KsState.KSSTATE_STOP;
    private volatile boolean resetting;
    private final LongAdder starved = new LongAdder();
    private volatile boolean removed;
    private volatile FrameListener frameListener;
    private final Pointer leadingEdge = new Pointer();
    /** Guards the ready ring together with the decision "queue the IRP or use the ring". */
    private final Object ringLock = new Object();
    private volatile ReadyRing ring;
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
        this.queue = io.createCancelSafeQueue(null);
    }

    public void frameListener(FrameListener value) {
        this.frameListener = value;
    }

    /**
     * Gives the pin a ready ring of {@code depth} frames of {@code frameBytes} each (with header
     * extensions of {@code extensionBytes}); call once, before streaming. {@code work} runs when a
     * render pin accepted frames into the ring (the device has something to consume).
     */
    public void readyRing(int depth, int frameBytes, int extensionBytes, Runnable work) {
        if (depth > 0) {
            synchronized (ringLock) {
                ring = new ReadyRing(depth, frameBytes, extensionBytes);
            }
            renderWork = work;
        }
    }

    /** Frames in the ready ring (0 without one). */
    public int readyFrames() {
        synchronized (ringLock) {
            return ring == null ? 0 : ring.count;
        }
    }

    public KsState state() {
        return state;
    }

    public boolean resetting() {
        return resetting;
    }

    /** Stream IRPs waiting, plus frames a render pin accepted into its ring. */
    public int queued() {
        return capture ? queue.size() : queue.size() + readyFrames();
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
                discardRing(STATUS_CANCELLED);
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
            } else if (ring != null) {
                return dispatchWithRing(irp);
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
        if (state != KsState.KSSTATE_RUN || resetting) {
            return null;
        }
        if (ring != null) {
            return capture ? serveQueued(true) : acquireForRender();
        }
        if (!leadingEdge.free) {
            return null;
        }
        Irp irp = queue.removeNextIrp();
        if (irp == null) {
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
        /** Taken and filled in part from the ring at commit time; handed out by the next acquire. */
        private boolean parked;
        private Irp irp;
        /** A capture frame being filled into the ring (true), or a render frame being consumed from it. */
        private boolean slot;
        private int slotEpoch;
        private KsStreamHeader[] headers;
        private final KsStreamHeader[] one = new KsStreamHeader[1];
        private int index;

        void take(Irp taken, KsStreamHeader[] all, int first) {
            free = false;
            irp = taken;
            slot = false;
            headers = all;
            index = first;
        }

        void takeSlot(KsStreamHeader header, int epoch) {
            free = false;
            slotEpoch = epoch;
            irp = null;
            slot = true;
            one[0] = header;
            headers = one;
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
            if (done == null) {
                throw new IllegalStateException("stream pointer completed twice");
            }
            irp = null;
            free = true;
            return done;
        }

        /** A ring slot is done: a capture frame is committed (or dropped), a render frame consumed. */
        private void releaseSlot(boolean ok) {
            if (free) {
                throw new IllegalStateException("stream pointer completed twice");
            }
            KsStreamHeader h = one[0];
            one[0] = null;
            slot = false;
            if (capture) {
                synchronized (ringLock) {
                    free = true;
                    if (ok && ring != null && ring.epoch == slotEpoch && ring.tail() == h) {
                        ring.count++;
                    }
                }
                if (ok && queue.size() > 0) {
                    serveQueued(false); // reads queued while the frame was being filled
                }
            } else {
                synchronized (ringLock) {
                    free = true;
                    if (ring != null && ring.epoch == slotEpoch && ring.head() == h) {
                        ring.dropHead();
                    }
                }
                notifyListener(h.optionsFlags(), Integer.toUnsignedLong(h.dataUsed()));
            }
        }
    }

    // ------------------------------------------------------------------ ready ring

    /**
     * The frames a pin keeps when no IRP is there to take them: capture frames completed while no
     * read was queued, render frames written while the device was busy. A fixed set of slots
     * allocated once; frames leave in the order they came.
     */
    private static final class ReadyRing {
        final KsStreamHeader[] slots;
        int head;
        int count;
        /** Changes when the ring is emptied, so a frame filled before that is not committed after. */
        int epoch;

        ReadyRing(int depth, int frameBytes, int extensionBytes) {
            slots = new KsStreamHeader[depth];
            for (int i = 0; i < depth; i++) {
                slots[i] = new KsStreamHeader(ByteBuffer.allocateDirect(frameBytes))
                        .extension(extensionBytes > 0 ? ByteBuffer.allocate(extensionBytes) : null);
            }
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

        boolean full() {
            return count == slots.length;
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
        if (used > 0) {
            to.data().put(0, from.data(), 0, used);
        }
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

    /** Whether the ring's frames {@code 0..n-1} fit the first {@code n} headers. Under ringLock. */
    private boolean ringFits(KsStreamHeader[] hs, int n) {
        for (int i = 0; i < n; i++) {
            if (ring.at(i).dataUsed() > Math.min(hs[i].frameExtent(), hs[i].data() == null ? 0 : hs[i].data().capacity())) {
                return false;
            }
        }
        return true;
    }

    /** Moves the ring's oldest {@code n} frames into headers {@code 0..n-1}. Under ringLock. */
    private void ringDeliver(KsStreamHeader[] hs, int n) {
        for (int i = 0; i < n; i++) {
            copyFrame(ring.head(), hs[i]);
            ring.dropHead();
        }
    }

    /** Whether the ring has room for every header's frame. Under ringLock. */
    private boolean ringAccepts(KsStreamHeader[] hs) {
        if (ring.count + hs.length > ring.slots.length) {
            return false;
        }
        for (int i = 0; i < hs.length; i++) {
            KsStreamHeader slotHeader = ring.at(ring.count + i);
            if (hs[i].dataUsed() > slotHeader.data().capacity()
                    || hs[i].hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)) {
                return false; // a format change goes to the device as an IRP
            }
        }
        return true;
    }

    /** Copies written frames into the ring's free slots. Under ringLock. */
    private long ringAccept(KsStreamHeader[] hs) {
        long bytes = 0;
        for (KsStreamHeader h : hs) {
            copyFrame(h, ring.tail());
            ring.count++;
            bytes += Integer.toUnsignedLong(h.dataUsed());
        }
        return bytes;
    }

    private static final int NOT_READY = 0;
    private static final int TAKEN = 1;
    private static final int TOO_SMALL = 2;

    /**
     * Capture, under ringLock: the oldest ready frames into every header, when the pin runs, no
     * read is queued and enough frames wait. TOO_SMALL leaves the frames where they are.
     */
    private int takeReady(KsStreamHeader[] hs) {
        if (ring == null || state != KsState.KSSTATE_RUN || queue.size() != 0 || ring.count < hs.length) {
            return NOT_READY;
        }
        if (!ringFits(hs, hs.length)) {
            return TOO_SMALL;
        }
        ringDeliver(hs, hs.length);
        return TAKEN;
    }

    /** Render, under ringLock: the bytes of the frames accepted into the ring, or -1 when it cannot take them all now. */
    private long acceptWrite(KsStreamHeader[] hs) {
        if (ring == null || queue.size() != 0 || !ringAccepts(hs)) {
            return -1;
        }
        return ringAccept(hs);
    }

    private int dispatchWithRing(Irp irp) {
        KsStreamHeader[] hs = ks.streamHeaders(irp);
        int outcome;
        long information = 0;
        int inserted = STATUS_PENDING;
        synchronized (ringLock) {
            if (capture) {
                outcome = takeReady(hs);
                if (outcome == TAKEN) {
                    information = Integer.toUnsignedLong(KsStreamHeader.totalSize(hs));
                }
            } else {
                information = acceptWrite(hs);
                outcome = information < 0 ? NOT_READY : TAKEN;
            }
            if (outcome == NOT_READY) {
                inserted = queue.insertIrp(irp, null);
            }
        }
        if (outcome == TAKEN) {
            if (capture) {
                notifyListener(optionsOf(hs), totalUsed(hs));
            } else {
                renderWork.run();
            }
            irp.ioStatus().set(STATUS_SUCCESS, information);
            io.completeRequest(irp);
            return STATUS_SUCCESS;
        }
        if (outcome == TOO_SMALL) {
            // the frame stays for a request with room for it
            irp.ioStatus().set(NtStatus.STATUS_BUFFER_TOO_SMALL, 0);
            io.completeRequest(irp);
            return NtStatus.STATUS_BUFFER_TOO_SMALL;
        }
        if (inserted != STATUS_PENDING) {
            irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued
            io.completeRequest(irp);
        }
        return STATUS_PENDING;
    }

    /** See {@link ks.api.ks.KsPin#fastRead}. */
    public boolean fastRead(KsStreamHeader[] hs, int length) {
        if (!capture || hs.length == 0 || !fastAllowed(hs, length, KsStreamFlags.KSPROBE_STREAMREAD)) {
            return false;
        }
        synchronized (ringLock) {
            if (takeReady(hs) != TAKEN) {
                return false;
            }
        }
        notifyListener(optionsOf(hs), totalUsed(hs));
        return true;
    }

    /** See {@link ks.api.ks.KsPin#fastWrite}; returns the bytes accepted, or -1 to decline. */
    public long fastWrite(KsStreamHeader[] hs, int length) {
        if (capture || hs.length == 0 || state == KsState.KSSTATE_STOP
                || !fastAllowed(hs, length, KsStreamFlags.KSPROBE_STREAMWRITE)) {
            return -1;
        }
        long bytes;
        synchronized (ringLock) {
            bytes = acceptWrite(hs);
        }
        if (bytes >= 0) {
            renderWork.run();
        }
        return bytes;
    }

    private boolean fastAllowed(KsStreamHeader[] hs, int length, int probe) {
        return ring != null && !removed && !resetting
                && KsStreamIoImpl.validate(hs, length, probe, headerSize) == STATUS_SUCCESS
                && length == KsStreamHeader.totalSize(hs);
    }

    private Pointer acquireForRender() {
        synchronized (ringLock) {
            if (!leadingEdge.free) {
                return null;
            }
            if (ring.count > 0) {
                leadingEdge.takeSlot(ring.head(), ring.epoch); // written before anything still queued
                return leadingEdge;
            }
            Irp irp = queue.removeNextIrp();
            if (irp == null) {
                return null;
            }
            leadingEdge.take(irp, ks.streamHeaders(irp), 0);
            return leadingEdge;
        }
    }

    /**
     * Hands ready frames to queued reads, oldest first, completing each read they fill. For the
     * device ({@code forDevice}): returns the leading edge on the next read, after the ready frames
     * it takes, or on a free ring slot when no read is queued (null: the ring is full). After a
     * frame went into the ring (not {@code forDevice}): stops when no frame is ready; a read that
     * needs more frames than are ready is parked as the leading edge, filled in part, for the
     * device's next frame.
     */
    private Pointer serveQueued(boolean forDevice) {
        while (true) {
            Irp done;
            KsStreamHeader[] hs;
            synchronized (ringLock) {
                if (!leadingEdge.free) {
                    if (forDevice && leadingEdge.parked) {
                        leadingEdge.parked = false;
                        return leadingEdge;
                    }
                    return null;
                }
                if (!forDevice && (ring == null || ring.count == 0 || state != KsState.KSSTATE_RUN)) {
                    return null;
                }
                Irp irp = queue.size() == 0 ? null : queue.removeNextIrp();
                if (irp == null) {
                    if (!forDevice || ring.full()) {
                        if (forDevice) {
                            starved.increment(); // for the device: no request and no room, it drops the frame
                        }
                        return null;
                    }
                    leadingEdge.takeSlot(ring.tail().resetForRead(), ring.epoch);
                    return leadingEdge;
                }
                hs = ks.streamHeaders(irp);
                int n = Math.min(ring.count, hs.length);
                done = irp;
                if (n > 0 && !ringFits(hs, n)) {
                    hs = null; // failed below; the frames stay
                } else {
                    ringDeliver(hs, n);
                    if (n < hs.length) {
                        leadingEdge.take(irp, hs, n);
                        leadingEdge.parked = !forDevice;
                        return forDevice ? leadingEdge : null;
                    }
                }
            }
            if (hs == null) {
                done.ioStatus().set(NtStatus.STATUS_BUFFER_TOO_SMALL, 0);
                io.completeRequest(done);
            } else {
                completeFilled(done, hs);
            }
        }
    }

    /** Empties the ring and completes a parked read with {@code status}. */
    private void discardRing(int status) {
        Irp parked = null;
        synchronized (ringLock) {
            if (ring == null) {
                return;
            }
            ring.clear();
            if (leadingEdge.parked) {
                leadingEdge.parked = false;
                parked = leadingEdge.release();
            }
        }
        if (parked != null) {
            parked.ioStatus().set(status, 0);
            io.completeRequest(parked);
        }
    }

    private void completeFilled(Irp done, KsStreamHeader[] all) {
        notifyListener(optionsOf(all), totalUsed(all));
        done.ioStatus().set(STATUS_SUCCESS, capture ? Integer.toUnsignedLong(KsStreamHeader.totalSize(all)) : totalUsed(all));
        io.completeRequest(done);
    }

    private void notifyListener(int options, long bytes) {
        FrameListener listener = frameListener;
        if (listener != null) {
            listener.frameCompleted(options, bytes);
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
        return flushed;
    }

    private static long totalUsed(KsStreamHeader[] headers) {
        long used = 0;
        for (KsStreamHeader h : headers) {
            used += Integer.toUnsignedLong(h.dataUsed());
        }
        return used;
    }
}
