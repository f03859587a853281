package ks.gst.internal.src;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.gst.internal.FrameBuffer;
import ks.gst.internal.FramePool;

/**
 * One running capture pin with its frame pool and the reads in flight: each read is an
 * asynchronous KsStreamIo(READ) whose KSSTREAM_HEADER Data is the mapped memory of a pooled
 * GstBuffer (with a KS_FRAME_INFO extension), so a frame is captured straight into the buffer
 * GStreamer receives. Reads complete in order; {@link #next} waits for the oldest. The read slots
 * (wrapper, header, frame info) are used again once their buffer has gone downstream
 * ({@link #recycle}); what a frame still allocates is KsStreamIo's completion and JNA's call frames.
 *
 * <h2>Threading</h2>
 * {@link #next}, {@link #issue}, {@link #recycle} and {@link #close} on the streaming thread (or
 * after it ended);
 * {@link #wake} from any thread. Completions arrive on the device's threads and only signal.
 */
public final class CaptureSession implements AutoCloseable {

    /**
     * One read slot: a frame buffer wrapper, the header and its KS_FRAME_INFO extension, used for
     * one read after another (a slot returns to the session with {@link #recycle}), so a frame
     * allocates no wrapper, header or GstMapInfo of its own.
     */
    public static final class Read {
        public final FrameBuffer buffer = new FrameBuffer();
        public final KsStreamHeader header = new KsStreamHeader();
        /** Little-endian, as the wire is: KsWire reads and writes it without a view per access. */
        private final ByteBuffer frameInfo = ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO).order(ByteOrder.LITTLE_ENDIAN);
        private final BiConsumer<IoStatusBlock, Throwable> onDone;
        CompletableFuture<IoStatusBlock> done;
        volatile long completedAt;

        Read(CaptureSession session) {
            this.onDone = (iosb, error) -> session.completed(this);
        }

        /** System.nanoTime() when the device completed the read. */
        public long completedAt() {
            return completedAt;
        }

        /** Ready for the next read into {@code data}: times, flags and the frame info cleared. */
        void reset(ByteBuffer data) {
            frameInfo.clear();
            Arrays.fill(frameInfo.array(), (byte) 0);
            header.resetForRead().data(data).extension(frameInfo);
            completedAt = 0;
        }
    }

    /** What {@link #next} found: a read that completed (its slot to be recycled once its buffer is gone) and its status. */
    public record Outcome(Read read, int status) {
        public boolean succeeded() {
            return read != null && NtStatus.NT_SUCCESS(status);
        }
    }

    /** Waiting was ended by {@link #wake} (unlock). */
    public static final Outcome WOKEN = new Outcome(null, NtStatus.STATUS_CANCELLED);

    /** Bytes of frames the default number of reads in flight may hold. */
    private static final long DEFAULT_BUFFER_BYTES = 16L << 20;

    private final KsClient client;
    private final FileObject pin;
    private final FramePool pool;
    private final int outstanding;
    private final ArrayDeque<Read> inFlight = new ArrayDeque<>();
    /** Read slots not in flight and not being delivered. */
    private final ArrayDeque<Read> spare = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean woken;
    private long issued;

    /**
     * Creates the pin in {@code format}, pauses it, puts the reads in flight and runs it.
     *
     * @param requested reads in flight; 0 or less: the pin's allocator framing Frames, but no more
     *     than 16 MiB of frames and at least 2 (4 at 1920x1080 YUY2)
     * @throws KsStatusException when the pin cannot be created or run (nothing is left open)
     */
    public CaptureSession(KsClient client, FileObject filter, int pinId, ByteBuffer format, int frameBytes, int requested)
            throws KsStatusException {
        this.client = client;
        this.pin = client.createPin(filter, pinId, format, true);
        FramePool p = null;
        try {
            this.outstanding = requested > 0 ? requested : fromFraming(frameBytes);
            p = new FramePool(frameBytes, outstanding);
            this.pool = p;
            client.setState(pin, KsState.KSSTATE_PAUSE);
            for (int i = 0; i < outstanding; i++) {
                issue();
            }
            client.setState(pin, KsState.KSSTATE_RUN);
        } catch (KsStatusException | RuntimeException e) {
            closePin();
            if (p != null) {
                p.close();
            }
            throw e;
        }
    }

    /** Reads to keep in flight: the pin's allocator framing, or {@link #DEFAULT_FRAMES} for a pin that declares none. */
    private int fromFraming(int frameBytes) throws KsStatusException {
        int frames;
        try {
            ByteBuffer framing = client.get(pin, KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING, -1,
                    KsAllocatorFraming.SIZEOF);
            frames = KsAllocatorFraming.read(framing, 0).frames();
        } catch (KsStatusException e) {
            if (e.status() != ks.api.io.NtStatus.STATUS_NOT_FOUND) {
                throw e;
            }
            frames = DEFAULT_FRAMES; // framing is optional (KSPIN_DESCRIPTOR_EX.AllocatorFraming may be NULL)
        }
        return Math.max(1, Math.min(128, Math.min(frames, Math.max(2, (int) (DEFAULT_BUFFER_BYTES / Math.max(1, frameBytes))))));
    }

    /** Reads in flight for a pin without allocator framing. */
    static final int DEFAULT_FRAMES = 4;

    public FileObject pin() {
        return pin;
    }

    public int outstanding() {
        return outstanding;
    }

    /** Reads issued so far. */
    public long issued() {
        return issued;
    }

    /** Puts one more read in flight. */
    public void issue() {
        Read r;
        lock.lock();
        try {
            r = spare.pollFirst();
        } finally {
            lock.unlock();
        }
        if (r == null) {
            r = new Read(this);
        }
        pool.acquire(r.buffer);
        try {
            r.reset(r.buffer.map());
        } catch (RuntimeException e) {
            r.buffer.release();
            throw e;
        }
        lock.lock();
        try {
            inFlight.addLast(r);
        } finally {
            lock.unlock();
        }
        try {
            r.done = client.streamIo().read(pin, r.header).toCompletableFuture();
        } catch (RuntimeException e) {
            lock.lock();
            try {
                inFlight.remove(r);
            } finally {
                lock.unlock();
            }
            r.buffer.release(); // no read took it
            throw e;
        }
        issued++;
        r.done.whenComplete(r.onDone); // in the completing thread, or at once if done
    }

    /** {@code r}'s buffer was handed over or released: the slot serves a later read. */
    public void recycle(Read r) {
        lock.lock();
        try {
            spare.addLast(r);
        } finally {
            lock.unlock();
        }
    }

    private void completed(Read r) {
        r.completedAt = System.nanoTime();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the oldest read and takes it out of flight: its status (a failed read's buffer is
     * released here), {@link #WOKEN} after {@link #wake}, or null when no read is in flight.
     */
    public Outcome next() throws InterruptedException {
        Read head;
        lock.lock();
        try {
            while (true) {
                head = inFlight.peekFirst();
                if (head == null) {
                    return null;
                }
                if (woken) {
                    return WOKEN;
                }
                if (head.done != null && head.done.isDone()) {
                    inFlight.removeFirst();
                    break;
                }
                changed.await(100, TimeUnit.MILLISECONDS); // completions and wake signal; the slice only bounds a missed one
            }
        } finally {
            lock.unlock();
        }
        try {
            IoStatusBlock iosb = head.done.get();
            return new Outcome(head, iosb.status());
        } catch (ExecutionException e) {
            head.buffer.release();
            recycle(head);
            Throwable t = e.getCause();
            return new Outcome(null, t instanceof KsStatusException ? ((KsStatusException) t).status() : NtStatus.STATUS_UNSUCCESSFUL);
        }
    }

    /** Makes a waiting {@link #next} (and later ones) return {@link #WOKEN}, until {@link #unwake}. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void unwake() {
        lock.lock();
        try {
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops and closes the pin (which cancels the reads in flight), waits for the reads and releases their buffers, and closes the pool. */
    @Override
    public void close() {
        closePin();
        while (true) {
            Read r;
            lock.lock();
            try {
                r = inFlight.pollFirst();
            } finally {
                lock.unlock();
            }
            if (r == null) {
                break;
            }
            try {
                r.done.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // cancelled, as expected
            }
            r.buffer.release();
        }
        pool.close();
    }

    private void closePin() {
        try {
            client.setState(pin, KsState.KSSTATE_STOP);
        } catch (KsStatusException e) {
            System.getLogger(CaptureSession.class.getName()).log(System.Logger.Level.DEBUG, "kssrc: stop: " + e.getMessage());
        }
        client.io().closeFile(pin);
    }
}
