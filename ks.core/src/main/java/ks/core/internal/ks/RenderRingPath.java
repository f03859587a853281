package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.ArrayList;
import java.util.List;

import ks.api.io.CancelSafeQueue;
import ks.api.io.Irp;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;

/**
 * A render pin with a ready ring (fast I/O configured for its device): a write the ring has room
 * for is copied in and completes at once (as a fast write or an IRP); the device consumes ring
 * frames before any write queued after them, through its request pointer on the ring's head.
 *
 * <h2>Threading</h2>
 * {@code lock} guards the ring together with the decision "queue the write or use the ring".
 */
final class RenderRingPath implements StreamPath {

    /**
     * The ring: a fixed set of slots allocated once; frames leave in the order they came. Under
     * the path's lock.
     */
    private static final class RenderRing {
        final KsStreamHeader[] slots;
        int head;
        int count;
        /** Changes when the ring is emptied, so a frame filled before that is not committed after. */
        int epoch;

        RenderRing(int depth, int frameBytes, int extensionBytes, int alignment) {
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

    private final StreamPin pin;
    private final CancelSafeQueue queue;
    private final RequestPointer pointer;
    private final StreamCounters counters;
    private final Object lock = new Object();
    private final RenderRing ring;
    /** Runs when frames were accepted into the ring: the device has something to consume. */
    private final Runnable work;
    /** The frames went to the frame queue: every write is a request from now on. Under the lock. */
    private boolean retired;

    RenderRingPath(StreamPin pin, int depth, int frameBytes, int extensionBytes, int alignment, Runnable work) {
        this.pin = pin;
        this.queue = pin.queue();
        this.pointer = pin.pointer();
        this.counters = pin.counters();
        this.ring = new RenderRing(depth, frameBytes, extensionBytes, alignment);
        this.work = work;
    }

    @Override
    public int dispatch(Irp irp) {
        KsStreamHeader[] hs = pin.streamIo().streamHeaders(irp);
        long information;
        int inserted = STATUS_PENDING;
        synchronized (lock) {
            information = acceptWrite(hs);
            if (information < 0) {
                inserted = queue.insertIrp(irp, null);
            }
        }
        if (information >= 0) {
            work.run();
            irp.ioStatus().set(STATUS_SUCCESS, information);
            pin.io().completeRequest(irp);
            return STATUS_SUCCESS;
        }
        if (inserted != STATUS_PENDING) {
            irp.ioStatus().set(STATUS_CANCELLED, 0); // cancelled before it could be queued (not marked pending)
            pin.io().completeRequest(irp);
            return STATUS_CANCELLED;
        }
        return STATUS_PENDING;
    }

    /** See {@link ks.api.ks.KsPin#fastWrite}; returns the bytes accepted, or -1 to decline. */
    long fastWrite(KsStreamHeader[] hs, int length) {
        if (hs.length == 0 || pin.state() == KsState.KSSTATE_STOP || pin.removed() || pin.resetting()
                || !pin.fastAllowed(hs, length, KsStreamFlags.KSPROBE_STREAMWRITE)) {
            return -1;
        }
        long accepted;
        synchronized (lock) {
            accepted = acceptWrite(hs);
        }
        if (accepted >= 0) {
            work.run();
        }
        return accepted;
    }

    /** Under the lock: the bytes of the frames accepted into the ring, or -1 when it cannot take them all now. */
    private long acceptWrite(KsStreamHeader[] hs) {
        if (retired || queue.size() != 0 || !accepts(hs)) {
            return -1;
        }
        long total = 0;
        for (KsStreamHeader h : hs) {
            FrameCopy.copyFrame(h, ring.tail());
            ring.count++;
            total += Integer.toUnsignedLong(h.dataUsed());
        }
        return total;
    }

    /** Whether the ring has room for every header's frame. Under the lock. */
    private boolean accepts(KsStreamHeader[] hs) {
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

    @Override
    public RequestPointer acquire() {
        synchronized (lock) {
            if (pointer.held()) {
                return null;
            }
            if (!retired && ring.count > 0) {
                pointer.claim();
                pointer.takeSlot(this, ring.head(), ring.epoch); // written before anything still queued
                return pointer;
            }
            Irp irp = queue.removeNextIrp();
            if (irp == null) {
                return null;
            }
            pointer.claim();
            pointer.take(irp, pin.streamIo().streamHeaders(irp), 0);
            return pointer;
        }
    }

    @Override
    public void slotDone(RequestPointer p, KsStreamHeader header, int epoch, boolean ok) {
        synchronized (lock) {
            p.unclaim();
            if (!retired && ring.epoch == epoch && ring.head() == header) {
                ring.dropHead();
            }
        }
        counters.counted(header.optionsFlags(), Integer.toUnsignedLong(header.dataUsed()));
    }

    @Override
    public int readyFrames() {
        synchronized (lock) {
            return retired ? 0 : ring.count;
        }
    }

    @Override
    public void discard(int status) {
        synchronized (lock) {
            ring.clear();
        }
    }

    /**
     * Ends the ring for a device that walks the frame queue: the frames in it (their writes
     * completed when they were accepted), oldest first, for the queue; every later write travels
     * as a request.
     */
    List<KsStreamHeader> retire() {
        synchronized (lock) {
            if (retired) {
                return List.of();
            }
            List<KsStreamHeader> frames = new ArrayList<>(ring.count);
            for (int i = 0; i < ring.count; i++) {
                frames.add(ring.at(i));
            }
            retired = true;
            return frames;
        }
    }
}
