package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;

import ks.api.io.CancelSafeQueue;
import ks.api.io.Irp;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;

/**
 * A capture pin with a ready ring (fast I/O configured for its device): frames the device makes
 * while no read waits go into the ring, and reads (IRPs or fast reads) take them oldest first.
 *
 * <ul>
 * <li>The device's request pointer is on the next queued read, or, with none waiting, on the
 *     ring slot after the last ready frame (no lock); with the ring full the frame is dropped and
 *     counted.</li>
 * <li>A read needing more frames than are ready takes those there and is parked for the device's
 *     next frames, so order holds between the ring and the queue.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * The ring's consumer lock guards the ring's head, the parked read and the decision "take ready
 * frames or queue the read"; the producer side publishes with a release write, and each side
 * re-checks the other after its own write (see the comments at those points).
 */
final class CaptureRingPath implements StreamPath {

    private static final int NOT_READY = 0;
    private static final int TAKEN = 1;
    private static final int TOO_SMALL = 2;

    private final StreamPin pin;
    private final CancelSafeQueue queue;
    private final RequestPointer pointer;
    private final StreamCounters counters;
    private final CaptureRing ring;
    /**
     * A read the ring filled in part, waiting for the device's next frames; under the consumer
     * lock (read without it only to see whether there is one).
     */
    private volatile Irp parkedIrp;
    private KsStreamHeader[] parkedHeaders;
    private int parkedIndex;

    CaptureRingPath(StreamPin pin, int depth, int frameBytes, int extensionBytes, int alignment) {
        this.pin = pin;
        this.queue = pin.queue();
        this.pointer = pin.pointer();
        this.counters = pin.counters();
        this.ring = new CaptureRing(depth, frameBytes, extensionBytes, alignment);
    }

    @Override
    public int dispatch(Irp irp) {
        KsStreamHeader[] hs = pin.streamIo().streamHeaders(irp);
        int outcome;
        int inserted = STATUS_PENDING;
        ring.lock();
        try {
            outcome = takeReady(hs);
            if (outcome == NOT_READY) {
                inserted = queue.insertIrp(irp, null);
            }
        } finally {
            ring.unlock();
        }
        if (outcome == TAKEN) {
            counters.counted(FrameCopy.optionsOf(hs), KsStreamHeader.totalDataUsed(hs));
            irp.ioStatus().set(STATUS_SUCCESS, Integer.toUnsignedLong(KsStreamHeader.totalSize(hs)));
            pin.io().completeRequest(irp);
            return STATUS_SUCCESS;
        }
        if (outcome == TOO_SMALL) {
            return pin.completeTooSmall(irp);
        }
        if (inserted != STATUS_PENDING) {
            irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued (not marked pending)
            pin.io().completeRequest(irp);
            return STATUS_CANCELLED;
        } else if (ring.mayHaveFrames()) {
            // after the queueing write: a frame the producer published meanwhile is seen here or
            // the producer saw this read
            serve(false);
        }
        return STATUS_PENDING;
    }

    /**
     * The device's side: the slot after the last ready frame when no read waits (no lock), else
     * the queue service below. Null when the device already holds the pointer, or when no read
     * waits and the ring is full (the frame is dropped and counted).
     */
    @Override
    public RequestPointer acquire() {
        if (!pointer.claim()) {
            return null;
        }
        if (queue.size() == 0 && parkedIrp == null) {
            KsStreamHeader slot = ring.reserve();
            if (slot != null) {
                pointer.takeSlot(this, slot.resetForRead(), 0);
                return pointer;
            }
        }
        RequestPointer p = serve(true);
        if (p == null) {
            pointer.unclaim();
        }
        return p;
    }

    @Override
    public void slotDone(RequestPointer p, KsStreamHeader header, int epoch, boolean ok) {
        if (ok) {
            ring.publish();
        }
        p.unclaim();
        // after the publishing write: a read queued meanwhile saw the frame or is seen here
        if (ok && (queue.size() > 0 || parkedIrp != null)) {
            serve(false);
        }
    }

    @Override
    public int readyFrames() {
        ring.lock();
        try {
            return ring.available();
        } finally {
            ring.unlock();
        }
    }

    /** Empties the ready ring and completes a parked read with {@code status}. */
    @Override
    public void discard(int status) {
        Irp parked;
        ring.lock();
        try {
            ring.clear();
            parked = parkedIrp;
            unpark();
        } finally {
            ring.unlock();
        }
        if (parked != null) {
            parked.ioStatus().set(status, 0);
            pin.io().completeRequest(parked);
        }
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
    private RequestPointer serve(boolean forDevice) {
        while (true) {
            Irp done;
            KsStreamHeader[] hs;
            boolean tooSmall = false;
            ring.lock();
            try {
                if (parkedIrp != null) {
                    hs = parkedHeaders;
                    int n = pin.state() == KsState.KSSTATE_RUN ? Math.min(ring.available(), hs.length - parkedIndex) : 0;
                    done = parkedIrp;
                    if (n > 0 && !fits(hs, parkedIndex, n)) {
                        tooSmall = true;
                    } else {
                        deliver(hs, parkedIndex, n);
                        parkedIndex += n;
                        if (parkedIndex < hs.length) {
                            if (!forDevice) {
                                return null;
                            }
                            pointer.take(done, hs, parkedIndex);
                            unpark();
                            return pointer;
                        }
                    }
                    unpark();
                } else {
                    if (!forDevice && (pin.state() != KsState.KSSTATE_RUN || ring.available() == 0)) {
                        return null;
                    }
                    Irp irp = queue.size() == 0 ? null : queue.removeNextIrp();
                    if (irp == null) {
                        if (!forDevice) {
                            return null;
                        }
                        KsStreamHeader slot = ring.reserve();
                        if (slot == null) {
                            counters.starved(); // no request and no room: the device drops the frame
                            return null;
                        }
                        pointer.takeSlot(this, slot.resetForRead(), 0);
                        return pointer;
                    }
                    hs = pin.streamIo().streamHeaders(irp);
                    done = irp;
                    int n = Math.min(ring.available(), hs.length);
                    if (n > 0 && !fits(hs, 0, n)) {
                        tooSmall = true;
                    } else {
                        deliver(hs, 0, n);
                        if (n < hs.length) {
                            if (forDevice) {
                                pointer.take(irp, hs, n);
                                return pointer;
                            }
                            parkedHeaders = hs;
                            parkedIndex = n;
                            parkedIrp = irp;
                            continue; // after the parking write: a frame published meanwhile is seen on the next turn
                        }
                    }
                }
            } finally {
                ring.unlock();
            }
            if (tooSmall) {
                pin.completeTooSmall(done);
            } else {
                pin.completeFilled(done, hs);
            }
        }
    }

    private void unpark() {
        parkedIrp = null;
        parkedHeaders = null;
        parkedIndex = 0;
    }

    /** Whether the ring's oldest {@code n} frames fit headers {@code from..from+n-1}. Under the consumer lock. */
    private boolean fits(KsStreamHeader[] hs, int from, int n) {
        for (int i = 0; i < n; i++) {
            KsStreamHeader h = hs[from + i];
            if (ring.at(i).dataUsed() > Math.min(h.frameExtent(), h.data() == null ? 0 : h.data().capacity())) {
                return false;
            }
        }
        return true;
    }

    /** Moves the ring's oldest {@code n} frames into headers {@code from..from+n-1}. Under the consumer lock. */
    private void deliver(KsStreamHeader[] hs, int from, int n) {
        for (int i = 0; i < n; i++) {
            FrameCopy.copyFrame(ring.at(i), hs[from + i]);
        }
        ring.drop(n);
    }

    /**
     * Under the consumer lock: the oldest ready frames into every header, when the pin runs, no
     * read waits before this one and enough frames are ready. TOO_SMALL leaves the frames where
     * they are.
     */
    private int takeReady(KsStreamHeader[] hs) {
        if (!readyFramesServeReads() || ring.available() < hs.length) {
            return NOT_READY;
        }
        if (!fits(hs, 0, hs.length)) {
            return TOO_SMALL;
        }
        deliver(hs, 0, hs.length);
        return TAKEN;
    }

    /**
     * Whether a new read may take ready frames: the pin runs and no read waits before it (queued,
     * or parked filled in part), so the order with the IRP path holds. Under the consumer lock.
     */
    private boolean readyFramesServeReads() {
        return pin.state() == KsState.KSSTATE_RUN && queue.size() == 0 && parkedIrp == null;
    }

    /**
     * See {@link ks.api.ks.KsPin#fastRead}. The common read, one header of Length
     * KsStreamHeader.SIZEOF without an extension, is served here without the general probe: the
     * checks accept exactly the headers {@link KsStreamIoImpl#validate} accepts in that case, and
     * anything else declines, so the IRP path probes it and answers with the probe's status. Any
     * other read is probed and taken by {@link #fastTake}.
     *
     * <p>Kept in one method, with the frame's bytes copied here rather than in
     * {@link FrameCopy#copyFrame}, so that the copy's own calls stay within the JIT's inlining
     * depth when a caller inlines the whole fast path (KsStreamIo, the fast I/O router, the
     * statistics decorator, the provider).
     */
    boolean fastRead(KsStreamHeader[] hs, int length) {
        if (hs.length == 0 || pin.removed() || pin.resetting()) {
            return false;
        }
        KsStreamHeader h = hs[0];
        if (hs.length != 1 || length != KsStreamHeader.SIZEOF || h == null || h.extension() != null) {
            return pin.fastAllowed(hs, length, KsStreamFlags.KSPROBE_STREAMREAD) && fastTake(hs);
        }
        if (!plainReadHeader(h)) {
            return false;
        }
        if (!ring.tryLock()) {
            return false; // another reader or the device is at the head: the IRP path keeps the order
        }
        int used;
        try {
            if (!readyFramesServeReads() || ring.available() == 0) {
                return false;
            }
            KsStreamHeader frame = ring.oldest();
            used = frame.dataUsed();
            if (Integer.toUnsignedLong(used) > Integer.toUnsignedLong(h.frameExtent())) {
                return false; // BUFFER_TOO_SMALL is the IRP path's answer; the frame stays
            }
            FrameCopy.copyFields(frame, h, used); // before the bytes: fewer values live across the copy's call
            if (used != 0) {
                h.data().put(0, frame.data(), 0, used); // used <= FrameExtent <= the capacity
            }
            ring.drop(1);
            counters.countFast(used);
        } finally {
            ring.unlock();
        }
        int options = h.optionsFlags();
        if (options != 0) {
            counters.notifyListener(options, used);
        }
        return true;
    }

    /** Takes the oldest ready frames into probed headers, or declines. */
    private boolean fastTake(KsStreamHeader[] hs) {
        if (!ring.tryLock()) {
            return false; // another reader or the device is at the head: the IRP path keeps the order
        }
        long used;
        try {
            if (takeReady(hs) != TAKEN) {
                return false;
            }
            used = KsStreamHeader.totalDataUsed(hs);
            counters.countFast(used);
        } finally {
            ring.unlock();
        }
        int options = FrameCopy.optionsOf(hs);
        if (options != 0) {
            counters.notifyListener(options, used);
        }
        return true;
    }

    /**
     * Whether a read's only header, of Length KsStreamHeader.SIZEOF and without an extension,
     * passes the probe: Size SIZEOF where the pin takes that size, DataUsed and OptionsFlags 0,
     * and a writable Data covering FrameExtent.
     */
    private boolean plainReadHeader(KsStreamHeader h) {
        if (h.size() != KsStreamHeader.SIZEOF || !pin.takesPlainHeaders() || (h.dataUsed() | h.optionsFlags()) != 0) {
            return false;
        }
        int extent = h.frameExtent();
        if (extent == 0) {
            return true;
        }
        ByteBuffer data = h.data();
        return data != null && Integer.toUnsignedLong(extent) <= data.capacity() && !data.isReadOnly();
    }
}
