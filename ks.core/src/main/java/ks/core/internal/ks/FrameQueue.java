package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.Irp;
import ks.api.io.KsVerifierException;
import ks.api.io.NtStatus;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsStreamPointerCallback;

/**
 * AVStream's queue for one pin: the frames (one per stream header) of the requests the leading
 * edge has taken from the pin's cancel-safe queue, and the queue pointers on them (see
 * {@link KsStreamPointer}).
 *
 * <p>A frame is done once the leading edge has passed it, no pointer rests on it and, with a
 * distinct trailing edge, the trailing edge has passed it too. A request completes when its last
 * frame is done; with KSPIN_FLAG_ENFORCE_FIFO requests complete in the order they arrived.
 *
 * <p>A request in the window is cancelable through this queue's cancel routine: with no locked
 * pointer on its frames the edges move off them and each clone's cancel callback runs; with one,
 * the cancel waits for the unlock. The routine and the completion agree through the IRP's cancel
 * routine exchange: whoever clears it (or, when IoCancelIrp cleared it first, the routine) completes.
 *
 * <h2>Threading</h2>
 * Every operation holds this object's monitor; requests are completed and callbacks run after it
 * is released.
 */
final class FrameQueue {

    /** What the queue needs of its pin. */
    interface Pin {
        /** The next request of the pin's cancel-safe queue, or null. */
        Irp nextRequest();

        KsStreamHeader[] headers(Irp irp);

        /**
         * Once, before the first pointer is handed out: the frames of a render pin's ready ring,
         * oldest first, which the queue takes before any request; the ring is gone afterwards.
         */
        List<KsStreamHeader> retireRing();

        /**
         * Completes a request: STATUS_SUCCESS as a filled stream request, else {@code status} and
         * Information 0; {@code irp} null for a frame that came from the ring (only counted).
         */
        void complete(Irp irp, KsStreamHeader[] headers, int status);

        /** Whether the pin may hand out frames: PAUSE or RUN, not resetting, not removed. */
        boolean active();

        KsVerifierException misuse(String rule, String what);
    }

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ks-stream-pointer-timeouts");
        t.setDaemon(true);
        return t;
    });

    private static final System.Logger LOG = System.getLogger(FrameQueue.class.getName());

    private final Pin pin;
    private final boolean capture;
    private final boolean distinctTrailingEdge;
    private final boolean fifo;
    private final Map<Irp, Request> requests = new IdentityHashMap<>();
    private final ArrayDeque<Request> arrival = new ArrayDeque<>();
    /** Frames not yet done, oldest first. */
    private Frame head;
    private Frame tail;
    private final QueuePointer leading = new QueuePointer(Kind.LEADING, null);
    private final QueuePointer trailing = new QueuePointer(Kind.TRAILING, null);
    /** The clones, oldest first. */
    private final List<QueuePointer> clones = new ArrayList<>();
    /** Whether an edge was handed out (and a render ring's frames taken): the window may hold frames. */
    private volatile boolean edgeTaken;

    FrameQueue(Pin pin, boolean capture, boolean distinctTrailingEdge, boolean fifo) {
        this.pin = pin;
        this.capture = capture;
        this.distinctTrailingEdge = distinctTrailingEdge;
        this.fifo = fifo;
    }

    private enum Kind { LEADING, TRAILING, CLONE }

    /** One request in the window. */
    private static final class Request {
        final Irp irp;
        final KsStreamHeader[] headers;
        final Frame[] frames;
        int open;
        int status = STATUS_SUCCESS;
        /** Its cancel arrived while a locked pointer was on one of its frames. */
        boolean cancelWaiting;
        boolean cancelled;
        /** Every frame is done; it completes once the cancel-routine exchange allows. */
        boolean finished;
        /** The cancel routine has run (so the completer need not win the exchange). */
        boolean cancelRoutineRan;

        Request(Irp irp, KsStreamHeader[] headers) {
            this.irp = irp;
            this.headers = headers;
            this.frames = new Frame[headers.length];
            this.open = headers.length;
        }
    }

    private static final class Frame {
        final Request request;
        final KsStreamHeader header;
        Frame prev;
        Frame next;
        /** Pointers resting on it. */
        int holds;
        /** Locked pointers on it. */
        int locks;
        boolean passedLeading;
        boolean passedTrailing;
        boolean done;

        Frame(Request request, KsStreamHeader header) {
            this.request = request;
            this.header = header;
        }
    }

    /** What an operation leaves to do once the monitor is released. */
    private static final class After {
        final List<Request> completions = new ArrayList<>(1);
        final List<QueuePointer> cancelCallbacks = new ArrayList<>(0);
    }

    // ---------------------------------------------------------------- the pin's side

    /** KsPinGetLeadingEdgeStreamPointer. */
    KsStreamPointer leadingEdge(boolean locked) {
        return edge(leading, locked);
    }

    /** KsPinGetTrailingEdgeStreamPointer (null without a distinct trailing edge). */
    KsStreamPointer trailingEdge(boolean locked) {
        return distinctTrailingEdge ? edge(trailing, locked) : null;
    }

    private KsStreamPointer edge(QueuePointer p, boolean locked) {
        After after = new After();
        KsStreamPointer result;
        synchronized (this) {
            if (!pin.active()) {
                return null;
            }
            if (!edgeTaken) {
                edgeTaken = true;
                for (KsStreamHeader h : pin.retireRing()) {
                    Request r = new Request(null, new KsStreamHeader[] {h});
                    r.frames[0] = new Frame(r, h);
                    append(r.frames[0]);
                    arrival.add(r);
                }
            }
            if (p.frame == null) {
                p.moveTo(p.firstReachable(after));
            }
            if (p.frame == null) {
                result = null;
            } else {
                if (locked && !p.locked) {
                    p.setLocked(true);
                }
                result = p;
            }
        }
        run(after);
        return result;
    }

    /** KsPinGetFirstCloneStreamPointer. */
    synchronized KsStreamPointer firstClone() {
        return clones.isEmpty() ? null : clones.get(0);
    }

    /**
     * Frames at or after the leading edge: work the device has not passed yet. 0 without a lock
     * until the device first takes an edge (most pins never do; this is read on every arrival).
     */
    int waiting() {
        return edgeTaken ? waitingInWindow() : 0;
    }

    private synchronized int waitingInWindow() {
        int n = 0;
        for (Frame f = head; f != null; f = f.next) {
            if (!f.passedLeading) {
                n++;
            }
        }
        return n;
    }

    /**
     * STOP, reset or removal: every request in the window completes with {@code status}, the edges
     * go to the end, clones end (later use is a verifier violation).
     *
     * @return what was still held (clones, locked edges), for the verifier; null when nothing
     */
    String end(int status) {
        After after = new After();
        String held;
        synchronized (this) {
            int heldClones = clones.size();
            boolean lockedEdge = leading.locked || trailing.locked;
            held = heldClones == 0 && !lockedEdge ? null
                    : (heldClones > 0 ? heldClones + " clone(s)" : "") + (heldClones > 0 && lockedEdge ? " and " : "")
                            + (lockedEdge ? "a locked edge" : "");
            for (QueuePointer c : new ArrayList<>(clones)) {
                c.dead = true;
                c.endedByPin = true;
                c.cancelTimer();
            }
            clones.clear();
            leading.cancelTimer();
            trailing.cancelTimer();
            leading.park();
            trailing.park();
            for (Frame f = head; f != null; f = f.next) {
                f.holds = 0;
                f.locks = 0;
                f.passedLeading = true;
                f.passedTrailing = true;
            }
            for (Request r : arrival) {
                if (r.status == STATUS_SUCCESS) {
                    r.status = status;
                }
            }
            while (head != null) {
                release(head, after);
            }
        }
        run(after);
        return held;
    }

    // ---------------------------------------------------------------- the window

    /** Takes the next request of the pin's queue into the window; its first frame, or null. */
    private Frame pull(After after) {
        while (pin.active()) {
            Irp irp = pin.nextRequest();
            if (irp == null) {
                return null;
            }
            KsStreamHeader[] hs = pin.headers(irp);
            Request r = new Request(irp, hs);
            for (int i = 0; i < hs.length; i++) {
                if (capture) {
                    hs[i].dataUsed(0);
                }
                Frame f = new Frame(r, hs[i]);
                r.frames[i] = f;
                append(f);
            }
            requests.put(irp, r);
            arrival.add(r);
            irp.setCancelRoutine(this::cancelRoutine);
            if (irp.cancel() && irp.setCancelRoutine(null) != null) {
                r.cancelRoutineRan = true; // cancelled before the routine was set: cancelled here
                cancel(r, after);
                continue;
            }
            return r.frames[0];
        }
        return null;
    }

    private void append(Frame f) {
        f.prev = tail;
        if (tail == null) {
            head = f;
        } else {
            tail.next = f;
        }
        tail = f;
    }

    private void unlink(Frame f) {
        if (f.prev == null) {
            head = f.next;
        } else {
            f.prev.next = f.next;
        }
        if (f.next == null) {
            tail = f.prev;
        } else {
            f.next.prev = f.prev;
        }
        f.prev = null;
        f.next = null;
    }

    /** Marks {@code f} done if nothing keeps it, and finishes its request when it was the last. */
    private void release(Frame f, After after) {
        if (f.done || f.holds > 0 || !f.passedLeading || (distinctTrailingEdge && !f.passedTrailing)) {
            return;
        }
        f.done = true;
        unlink(f);
        Request r = f.request;
        if (--r.open == 0) {
            r.finished = true;
            completeFinished(after);
        }
    }

    /** Hands finished requests to completion: all of them, or with FIFO only those first in arrival order. */
    private void completeFinished(After after) {
        for (java.util.Iterator<Request> it = arrival.iterator(); it.hasNext();) {
            Request r = it.next();
            if (!r.finished) {
                if (fifo) {
                    return;
                }
                continue;
            }
            it.remove();
            // whoever clears the cancel routine completes; if IoCancelIrp cleared it first, its
            // call to cancelRoutine (on its way, or already run) does
            if (r.irp == null) {
                after.completions.add(r); // a ring frame: nothing to cancel
            } else if (r.cancelRoutineRan || r.irp.setCancelRoutine(null) != null) {
                requests.remove(r.irp);
                after.completions.add(r);
            }
        }
    }

    /** DRIVER_CANCEL for a request in the window. */
    private void cancelRoutine(DeviceObject device, Irp irp) {
        After after = new After();
        synchronized (this) {
            Request r = requests.get(irp);
            if (r == null) {
                return;
            }
            r.cancelRoutineRan = true;
            if (r.finished && !arrival.contains(r)) {
                requests.remove(irp); // finished while IoCancelIrp was on its way: completed here
                after.completions.add(r);
            } else if (!r.finished) {
                if (r.status == STATUS_SUCCESS) {
                    r.status = STATUS_CANCELLED;
                }
                if (anyLocked(r)) {
                    r.cancelWaiting = true;
                } else {
                    cancel(r, after);
                }
            }
        }
        run(after);
    }

    private static boolean anyLocked(Request r) {
        for (Frame f : r.frames) {
            if (!f.done && f.locks > 0) {
                return true;
            }
        }
        return false;
    }

    /** The request's frames leave the stream: edges move past them, clones are told. */
    private void cancel(Request r, After after) {
        r.cancelled = true;
        r.cancelWaiting = false;
        if (r.status == STATUS_SUCCESS) {
            r.status = STATUS_CANCELLED;
        }
        for (Frame f : r.frames) {
            f.passedLeading = true;
            f.passedTrailing = true;
        }
        for (QueuePointer edge : List.of(leading, trailing)) {
            if (edge.frame != null && edge.frame.request == r) {
                edge.moveTo(edge.nextReachable(edge.frame, false, after));
            }
        }
        for (QueuePointer c : clones) {
            if (c.frame != null && c.frame.request == r && c.cancelCallback != null && !after.cancelCallbacks.contains(c)) {
                after.cancelCallbacks.add(c);
            }
        }
        for (Frame f : r.frames) {
            release(f, after);
        }
    }

    private void unlocked(Frame f, After after) {
        if (f.request.cancelWaiting && !anyLocked(f.request)) {
            cancel(f.request, after);
        }
    }

    private void run(After after) {
        for (Request r : after.completions) {
            pin.complete(r.irp, r.headers, r.status);
        }
        for (QueuePointer c : after.cancelCallbacks) {
            try {
                c.cancelCallback.call(c);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a stream pointer's cancel callback threw", e);
            }
        }
    }

    // ---------------------------------------------------------------- pointers

    private final class QueuePointer implements KsStreamPointer {
        final Kind kind;
        final KsStreamPointerCallback cancelCallback;
        Frame frame;
        boolean locked;
        int offset;
        Object context;
        boolean dead;
        /** Ended by STOP, reset or removal: deleting it then is allowed (a device drops its clones in those callbacks). */
        boolean endedByPin;
        ScheduledFuture<?> timer;

        QueuePointer(Kind kind, KsStreamPointerCallback cancelCallback) {
            this.kind = kind;
            this.cancelCallback = cancelCallback;
        }

        // -------- movement (under the monitor)

        /** The first frame this pointer may take when it has none. */
        Frame firstReachable(After after) {
            for (Frame f = head; f != null; f = f.next) {
                if (reachable(f)) {
                    return f;
                }
            }
            return kind == Kind.LEADING ? pull(after) : null;
        }

        /** The frame after {@code from} this pointer may move to (the leading edge takes a new request at the end). */
        Frame nextReachable(Frame from, boolean mayPull, After after) {
            for (Frame f = from.next; f != null; f = f.next) {
                if (reachable(f)) {
                    return f;
                }
            }
            return kind == Kind.LEADING && mayPull ? pull(after) : null;
        }

        private boolean reachable(Frame f) {
            if (f.done || f.request.cancelled) {
                return false;
            }
            switch (kind) {
                case LEADING:
                    return !f.passedLeading;
                case TRAILING:
                    return !f.passedTrailing && (f.passedLeading || f == leading.frame);
                default:
                    return f.passedLeading || f == leading.frame;
            }
        }

        /** Leaves the current frame (marking it passed for an edge) and rests on {@code to} (null: the end), keeping the lock state where it can. */
        void moveTo(Frame to) {
            Frame from = frame;
            boolean wasLocked = locked;
            if (from != null) {
                from.holds--;
                if (wasLocked) {
                    from.locks--;
                }
                if (kind == Kind.LEADING) {
                    from.passedLeading = true;
                } else if (kind == Kind.TRAILING) {
                    from.passedTrailing = true;
                }
            }
            frame = to;
            offset = 0;
            if (to != null) {
                to.holds++;
                if (wasLocked) {
                    to.locks++;
                }
            } else {
                locked = false;
            }
        }

        /** To the end, holding nothing and not marking anything passed (STOP, reset, removal). */
        void park() {
            frame = null;
            locked = false;
            offset = 0;
        }

        void setLocked(boolean value) {
            if (value == locked || frame == null) {
                return;
            }
            locked = value;
            frame.locks += value ? 1 : -1;
        }

        /** Moves to the next frame; the frame left is released when nothing else keeps it. */
        boolean step(After after) {
            Frame from = frame;
            Frame to = from == null ? firstReachable(after) : nextReachable(from, true, after);
            boolean wasLocked = locked;
            moveTo(to);
            if (from != null) {
                if (wasLocked) {
                    unlocked(from, after);
                }
                release(from, after);
            }
            return to != null;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void alive(String what) {
            if (dead) {
                throw pin.misuse("STREAM_POINTER_USED_AFTER_COMPLETION",
                        "was used (" + what + ") after it was deleted or the pin stopped, reset or was removed");
            }
        }

        private KsVerifierException notLocked(String what) {
            return pin.misuse("STREAM_POINTER_NOT_LOCKED", "was used (" + what + ") while unlocked: lock it first (KsStreamPointerLock)");
        }

        // -------- KsStreamPointer

        @Override
        public KsStreamHeader header() {
            synchronized (FrameQueue.this) {
                alive("header");
                if (!locked || frame == null) {
                    throw notLocked("header");
                }
                return frame.header;
            }
        }

        @Override
        public boolean advance() {
            After after = new After();
            boolean moved;
            synchronized (FrameQueue.this) {
                alive("advance");
                moved = step(after);
            }
            run(after);
            return moved;
        }

        @Override
        public void complete() {
            if (kind == Kind.CLONE) {
                delete();
            } else {
                unlock(true);
            }
        }

        @Override
        public void fail(int status) {
            statusCode(status);
            complete();
        }

        @Override
        public int lock() {
            After after = new After();
            int status;
            synchronized (FrameQueue.this) {
                alive("lock");
                if (frame == null && kind != Kind.CLONE && pin.active()) {
                    moveTo(firstReachable(after));
                }
                if (frame == null || frame.request.cancelled) {
                    status = STATUS_DEVICE_NOT_READY; // nothing there, or its request was cancelled
                } else {
                    setLocked(true);
                    status = STATUS_SUCCESS;
                }
            }
            run(after);
            return status;
        }

        @Override
        public void unlock(boolean eject) {
            After after = new After();
            synchronized (FrameQueue.this) {
                alive("unlock");
                Frame f = frame;
                if (f != null && locked) {
                    setLocked(false);
                    unlocked(f, after); // a cancel that waited for this unlock may move the pointer on
                }
                if (eject && f != null && frame == f) {
                    step(after); // unlocked, so it rests unlocked on the next frame
                }
            }
            run(after);
        }

        @Override
        public boolean locked() {
            synchronized (FrameQueue.this) {
                return locked && frame != null;
            }
        }

        @Override
        public int offset() {
            synchronized (FrameQueue.this) {
                return offset;
            }
        }

        @Override
        public int remaining() {
            synchronized (FrameQueue.this) {
                if (frame == null) {
                    return 0;
                }
                return Math.max(0, (capture ? frame.header.frameExtent() : frame.header.dataUsed()) - offset);
            }
        }

        @Override
        public int advanceOffsets(int used, boolean eject) {
            After after = new After();
            int status;
            synchronized (FrameQueue.this) {
                status = advanceOffsetsLocked(used, eject, after);
            }
            run(after);
            return status;
        }

        private int advanceOffsetsLocked(int used, boolean eject, After after) {
            alive("advanceOffsets");
            if (!locked || frame == null) {
                return STATUS_DEVICE_NOT_READY;
            }
            int left = remaining();
            if (used < 0 || used > left) {
                return STATUS_INVALID_PARAMETER;
            }
            offset += used;
            if (capture && frame.header.dataUsed() < offset) {
                frame.header.dataUsed(offset);
            }
            if (eject || offset >= (capture ? frame.header.frameExtent() : frame.header.dataUsed())) {
                return step(after) ? STATUS_SUCCESS : STATUS_DEVICE_NOT_READY;
            }
            return STATUS_SUCCESS;
        }

        @Override
        public void advanceOffsetsAndUnlock(int used, boolean eject) {
            After after = new After();
            synchronized (FrameQueue.this) {
                int status = advanceOffsetsLocked(used, eject, after);
                if (status == STATUS_INVALID_PARAMETER) {
                    throw pin.misuse("STREAM_POINTER_OFFSET_OUT_OF_RANGE", "was advanced by " + used + " bytes with " + remaining()
                            + " remaining in its frame");
                }
                Frame f = frame;
                if (f != null && locked) {
                    setLocked(false);
                    unlocked(f, after);
                }
            }
            run(after);
        }

        @Override
        public KsStreamPointer clone(KsStreamPointerCallback cancel) {
            synchronized (FrameQueue.this) {
                alive("clone");
                if (frame == null) {
                    throw pin.misuse("STREAM_POINTER_NO_FRAME", "was cloned while on no frame (at the end of the queue)");
                }
                QueuePointer c = new QueuePointer(Kind.CLONE, cancel);
                c.frame = frame;
                c.offset = offset;
                frame.holds++;
                if (locked) {
                    c.locked = true;
                    frame.locks++;
                }
                clones.add(c);
                return c;
            }
        }

        @Override
        public void delete() {
            After after = new After();
            synchronized (FrameQueue.this) {
                if (kind != Kind.CLONE) {
                    throw pin.misuse("STREAM_POINTER_DELETED_EDGE", "is an edge of the queue, not a clone: only clones are deleted");
                }
                if (endedByPin) {
                    endedByPin = false; // the one delete the device owes it; a second is a violation
                    return;
                }
                alive("delete");
                dead = true;
                cancelTimer();
                clones.remove(this);
                Frame f = frame;
                if (f != null) {
                    f.holds--;
                    if (locked) {
                        f.locks--;
                        locked = false;
                        unlocked(f, after);
                    }
                    frame = null;
                    release(f, after);
                }
            }
            run(after);
        }

        @Override
        public KsStreamPointer nextClone() {
            synchronized (FrameQueue.this) {
                int i = clones.indexOf(this);
                return i < 0 || i + 1 >= clones.size() ? null : clones.get(i + 1);
            }
        }

        @Override
        public void scheduleTimeout(KsStreamPointerCallback callback, long interval100ns) {
            synchronized (FrameQueue.this) {
                alive("scheduleTimeout");
                cancelTimer();
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                Runnable fire = () -> {
                    synchronized (FrameQueue.this) {
                        if (dead || timer != self[0]) {
                            return;
                        }
                        timer = null;
                    }
                    try {
                        callback.call(this);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "a stream pointer's timeout callback threw", e);
                    }
                };
                self[0] = TIMERS.schedule(fire, Math.max(0, interval100ns) * 100, TimeUnit.NANOSECONDS);
                timer = self[0];
            }
        }

        @Override
        public void cancelTimeout() {
            synchronized (FrameQueue.this) {
                cancelTimer();
            }
        }

        @Override
        public void statusCode(int status) {
            synchronized (FrameQueue.this) {
                alive("statusCode");
                if (frame != null && frame.request.status == STATUS_SUCCESS && status != NtStatus.STATUS_PENDING) {
                    frame.request.status = status;
                }
            }
        }

        @Override
        public Object context() {
            return context;
        }

        @Override
        public void context(Object value) {
            context = value;
        }

        @Override
        public String toString() {
            synchronized (FrameQueue.this) {
                return kind.name().toLowerCase(java.util.Locale.ROOT) + " stream pointer" + (dead ? " (ended)" : "")
                        + (frame == null ? " at the end of the queue" : (locked ? ", locked" : ", unlocked") + " at offset " + offset);
            }
        }
    }
}
