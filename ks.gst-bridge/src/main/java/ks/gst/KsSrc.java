package ks.gst;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.GhostPad;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.elements.AppSrc;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.gst.internal.FrameBuffer;
import ks.gst.internal.FramePool;
import ks.gst.internal.GstNative;
import ks.gst.internal.Live;

/**
 * {@code kssrc}: a KS video capture pin as a GStreamer source — a {@link Bin} around an appsrc with
 * a ghost {@code src} pad. When the pipeline first wants data it opens the device, offers the
 * pin's data ranges as caps, lets downstream caps narrow them, picks the pin format by KS data
 * intersection, creates and runs the pin, and keeps {@code outstanding} asynchronous KsStreamIo reads
 * in flight whose KSSTREAM_HEADER Data is the mapped memory of the GstBuffer that is then pushed
 * (the bridge copies nothing). Reads are harvested in order and re-issued by a reader thread. When
 * frames arrive at a live rate (2 ms or more apart), the thread that completes a read pushes its
 * frame at once, in order, so that a frame does not wait for the reader thread to be woken; frames
 * arriving back to back are pushed by the reader, leaving the device's thread to capture.
 *
 * <p>Timestamps follow v4l2src: the capture delay is the pin's presentation clock now minus the
 * header's PresentationTime, and PTS = running time now − delay; a delay in the future or over a
 * second, or a PTS going backwards, falls back to one frame. Flags: DATADISCONTINUITY,
 * TIMEDISCONTINUITY and frames the device dropped (KS_FRAME_INFO DropCount) give DISCONT; a
 * compressed frame without SPLICEPOINT is a DELTA_UNIT; ENDOFSTREAM ends the stream. A failed read
 * posts an ERROR naming the NTSTATUS. Stopping the pipeline closes the pin, which cancels the reads.
 *
 * <p>Properties: {@code device} (symbolic link, friendly name or index among video capture
 * interfaces, cameras first as {@link KsDevices#list} orders them; default 0), {@code controls}
 * (camera controls set on the device before it streams, {@code Brightness=20,WhiteBalance=auto}:
 * see {@link KsControls}; like v4l2src's extra-controls), {@code reconnect} (default false; true:
 * when the device is removed, wait for a capture device of the same friendly name and go on with
 * the same format and controls, the first frame after it DISCONT, instead of posting an ERROR),
 * {@code num-buffers} (−1: unlimited), {@code do-timestamp},
 * {@code outstanding} (reads in flight, 1..128; default the pin's allocator framing Frames but no
 * more than 16 MiB of frames, at least 2: 4 at 1920x1080 YUY2), {@code is-live} (default true),
 * {@code pts} ({@code clock}, the default: each frame's presentation time on the pipeline clock,
 * so timestamps show the device's real spacing; {@code picture}: the first frame's clock time plus its KS_FRAME_INFO PictureNumber times the
 * frame interval, a constant rate with gaps only where the device dropped frames, which is what
 * a recording into a file wants).
 */
public final class KsSrc implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KsSrc.class.getName());
    private static final long NONE = -1; // GST_CLOCK_TIME_NONE
    private static final long WAIT_SLICE_MILLIS = 50;
    /** Bytes of frames the default number of reads in flight may hold. */
    private static final long DEFAULT_BUFFER_BYTES = 16L << 20;
    /** With {@code reconnect}: how often a removed device is looked for, and how long one that is back may refuse to stream. */
    private static final long REOPEN_POLL_MILLIS = 200;
    private static final long REOPEN_SECONDS = 5;
    /** A device time that maps into the future, or over a second into the past, is mapped again. */
    private static final long RE_ANCHOR_NS = 1_000_000_000L;
    /**
     * A read that completes at least this long after the one before is pushed by the thread that
     * completed it (see {@link #completed}); reads completing back to back are left to the reader.
     */
    private static final long EAGER_GAP_NS = 2_000_000L;
    /** {@link #deliver} outcomes. */
    private static final int CONTINUE = 0;
    private static final int END = 1;
    private static final int DEFERRED = 2;
    /** {@link #timestamp}: the frame needs the pin's clock, which only the reader asks. */
    private static final long DEFER = Long.MIN_VALUE;

    private final KsClient client;
    private final Bin bin;
    private final AppSrc appsrc;
    private final String name;
    private final AppSrc.NEED_DATA needData = (element, size) -> startOnce();
    private boolean released;
    private String device = "0";
    private List<KsControls.Setting> controls = List.of();
    private boolean reconnect;
    /** Set while a removed device is awaited ({@code reconnect}). */
    private volatile boolean awaitingDevice;
    private volatile int reconnects;
    private int numBuffers = -1;
    private boolean doTimestamp;
    private int outstanding;
    private boolean live = true;
    private boolean picturePts;
    private long firstPicture = -1;
    private long firstPicturePts = NONE;

    private volatile boolean running;
    private volatile boolean started;
    private Thread reader;
    private FileObject filter;
    private FileObject pin;
    private ByteBuffer format;
    private boolean compressed;
    private long interval;
    private int frameBytes;
    /** Frame buffers, reused once downstream lets go of them. */
    private FramePool framePool;
    /** Reads in flight, oldest first; with everything {@link #deliver} touches, guarded by {@link #deliverLock}. */
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ReentrantLock deliverLock = new ReentrantLock();
    private volatile long lastCompletion;
    private volatile long pushedOnCompletion;
    private volatile long pushed;
    private long issued;
    private long lastPts = NONE;
    /** Running time minus device presentation time (ns), fixed at the first timed frame; NONE until then. */
    private long deviceOffset = NONE;
    private volatile long lastDropCount;
    /** Frames the devices removed before this one ({@code reconnect}) reported dropped. */
    private volatile long droppedBefore;
    private boolean first = true;
    private volatile int failure = NtStatus.STATUS_SUCCESS;
    private volatile String negotiated;
    /** The friendly name of the device opened, once it is. */
    private volatile String opened;

    /**
     * One read in flight: the GstBuffer whose mapped memory the header points at; {@code completedAt}
     * for the latency probe; {@code delivered} and {@code outcome} once the completing thread
     * pushed it (under {@link #deliverLock}).
     */
    private static final class Pending {
        final FrameBuffer buffer;
        final KsStreamHeader header;
        CompletableFuture<IoStatusBlock> done;
        volatile long completedAt;
        boolean delivered;
        int outcome;

        Pending(FrameBuffer buffer, KsStreamHeader header) {
            this.buffer = buffer;
            this.header = header;
        }
    }

    private volatile LongConsumer latencyProbe;

    public KsSrc(KsClient client, String name) {
        this.client = client;
        this.bin = new Bin(name);
        this.appsrc = (AppSrc) ElementFactory.make("appsrc", name + "-appsrc");
        appsrc.setStreamType(AppSrc.StreamType.STREAM);
        appsrc.set("format", Format.TIME);
        appsrc.set("is-live", true);
        appsrc.set("block", false);
        bin.add(appsrc);
        bin.addPad(new GhostPad("src", appsrc.getStaticPad("src")));
        appsrc.connect(needData);
        this.name = name;
        Live.opened(this, this::bridgeStopped);
    }

    /** The bridge bundle is stopping: the stream ends with an ERROR saying so, the device is released. */
    private void bridgeStopped() {
        if (running) {
            fail(NtStatus.STATUS_CANCELLED, "kssrc: the ks GStreamer bridge stopped", GstNative.RESOURCE_ERROR_READ);
        }
        close();
    }

    /** The element to add to a pipeline (until {@link #close()}). */
    public Bin bin() {
        return bin;
    }

    /** The element's name. */
    public String name() {
        return name;
    }

    /** Sets a property by its kssrc name (as in a pipeline description). */
    public KsSrc set(String property, String value) {
        switch (property) {
            case "device": device = value; break;
            case "controls": controls = KsControls.parse(value); break;
            case "reconnect": reconnect = parseBoolean(value); break;
            case "num-buffers": numBuffers = Integer.parseInt(value); break;
            case "do-timestamp": doTimestamp = parseBoolean(value); break;
            case "outstanding": outstanding = Integer.parseInt(value); break;
            case "is-live": live = parseBoolean(value); appsrc.set("is-live", live); break;
            case "pts":
                if (!value.equals("clock") && !value.equals("picture")) {
                    throw new IllegalArgumentException("kssrc pts is clock or picture, not '" + value + "'");
                }
                picturePts = value.equals("picture");
                break;
            default: throw new IllegalArgumentException("kssrc has no property '" + property
                    + "' (device, controls, reconnect, num-buffers, do-timestamp, outstanding, is-live, pts)");
        }
        return this;
    }

    static boolean parseBoolean(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": return true;
            case "false": case "0": case "no": return false;
            default: throw new IllegalArgumentException("not a boolean: " + v);
        }
    }

    /** The friendly name of the capture device the {@code device} property named, once it is opened; null before. */
    public String openedDevice() {
        return opened;
    }

    /** Whether the device was removed and kssrc waits for it to come back ({@code reconnect=true}). */
    public boolean awaitingDevice() {
        return awaitingDevice;
    }

    /** How many times the stream went on after its device was removed and came back. */
    public int reconnects() {
        return reconnects;
    }

    /** The mode the pin runs in, e.g. "video/x-raw,format=YUY2,width=(int)640,…", once negotiated. */
    public String negotiatedCaps() {
        return negotiated;
    }

    /** Frames pushed downstream so far (readable from any thread, e.g. for progress). */
    public long frames() {
        return pushed;
    }

    /** Frames pushed by the thread that completed their read rather than by the reader thread (see the class comment). */
    public long framesPushedOnCompletion() {
        return pushedOnCompletion;
    }

    /** Frames the device reported dropped (KS_FRAME_INFO.DropCount of the latest frame), plus those of the devices removed before it. */
    public long dropped() {
        return droppedBefore + lastDropCount;
    }

    /**
     * For diagnostics and benchmarks: {@code probe} is told, for each frame, the nanoseconds from the
     * completion of its read (the device finished the frame) to the return of its push downstream.
     * Set it before the pipeline starts; null (the default) measures nothing.
     */
    public KsSrc latencyProbe(LongConsumer probe) {
        this.latencyProbe = probe;
        return this;
    }

    /** The NTSTATUS that ended the stream, or STATUS_SUCCESS. */
    public int failure() {
        return failure;
    }

    // ------------------------------------------------------------------ start

    private synchronized void startOnce() {
        if (started) {
            return;
        }
        started = true;
        running = true;
        try {
            open();
        } catch (KsStatusException | RuntimeException e) {
            int status = e instanceof KsStatusException ? ((KsStatusException) e).status() : NtStatus.STATUS_UNSUCCESSFUL;
            fail(status, "kssrc: cannot start device '" + device + "': " + e.getMessage(), GstNative.RESOURCE_ERROR_SETTINGS);
            return;
        }
        reader = new Thread(this::readLoop, "kssrc-" + bin.getName());
        reader.setDaemon(true);
        reader.start();
    }

    private void open() throws KsStatusException {
        openFilter(device);
        int pinId = KsDevices.pin(client, filter, KsProperty.KSPIN_DATAFLOW_OUT);
        List<ByteBuffer> ranges = client.dataRanges(filter, pinId);
        Caps offered = Caps.fromString(KsCaps.caps(ranges));
        Caps allowed = appsrc.getStaticPad("src").peerQueryCaps(offered);
        if (allowed == null || allowed.isEmpty()) {
            throw new KsStatusException(NtStatus.STATUS_NO_MATCH, "downstream accepts none of " + offered);
        }
        format = null;
        for (int i = 0; i < allowed.size() && format == null; i++) {
            format = intersect(pinId, allowed.getStructure(i));
        }
        if (format == null) {
            throw new KsStatusException(NtStatus.STATUS_NO_MATCH, "no pin format within " + allowed);
        }
        pin = client.createPin(filter, pinId, format, true);
        compressed = KsVideo.isCompressed(KsDataFormat.subFormat(format));
        interval = KsVideo.avgTimePerFrame(format);
        frameBytes = KsDataFormat.sampleSize(format) > 0 ? KsDataFormat.sampleSize(format) : KsVideo.sizeImage(format);
        negotiated = KsCaps.structure(format);
        appsrc.setCaps(Caps.fromString(negotiated));
        if (outstanding <= 0) {
            ByteBuffer framing = client.get(pin, KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING, -1,
                    KsAllocatorFraming.SIZEOF);
            int frames = KsWire.getInt(framing, 12); // Frames
            // no more than DEFAULT_BUFFER_BYTES of frames in flight by default (4 at 1080p YUY2), at least 2
            outstanding = Math.min(frames, Math.max(2, (int) (DEFAULT_BUFFER_BYTES / Math.max(1, frameBytes))));
        }
        outstanding = Math.max(1, Math.min(128, outstanding));
        long frameNs = interval * 100;
        appsrc.setLatency(frameNs, frameNs * outstanding);
        if (doTimestamp) {
            appsrc.set("do-timestamp", true);
        }
        framePool = new FramePool(frameBytes, outstanding);
        run();
        LOG.log(System.Logger.Level.INFO, bin.getName() + ": " + opened + " as " + negotiated + ", " + outstanding + " reads in flight");
    }

    /** Pauses the new pin, puts the reads in flight, and runs it. */
    private void run() throws KsStatusException {
        client.setState(pin, KsState.KSSTATE_PAUSE);
        for (int i = 0; i < outstanding && (numBuffers < 0 || issued < numBuffers); i++) {
            issue();
        }
        client.setState(pin, KsState.KSSTATE_RUN);
    }

    /** Whether a read's status says its device is gone (unplugged, removed). */
    private static boolean removal(int status) {
        return status == NtStatus.STATUS_DEVICE_REMOVED || status == NtStatus.STATUS_DEVICE_NOT_CONNECTED
                || status == NtStatus.STATUS_NO_SUCH_DEVICE || status == NtStatus.STATUS_DELETE_PENDING;
    }

    /**
     * {@code reconnect}: the device was removed. Releases it, waits (as long as the pipeline plays)
     * for a capture device of the same friendly name, and opens that with the same format, controls
     * and number of reads; the next frame is DISCONT and the timestamps are anchored again. Returns
     * false when the pipeline stopped meanwhile, or after posting an ERROR when the device came back
     * but cannot stream as before.
     */
    private boolean reopenAfterRemoval(int status) throws InterruptedException {
        closeDevice();
        awaitingDevice = true;
        LOG.log(System.Logger.Level.WARNING, bin.getName() + ": " + opened + " was removed (" + NtStatus.toString(status)
                + "); waiting for it to return");
        try {
            long since = 0;
            while (running) {
                State state = appsrc.getState(0);
                if (state == State.NULL || state == State.READY) {
                    return false;
                }
                try {
                    reopen();
                    break;
                } catch (KsStatusException e) {
                    closeDevice();
                    if (e.status() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND) {
                        since = 0; // not there (any more): waited for as long as the pipeline plays
                    } else {
                        // there, but not ready or not as before: tried again for a while
                        since = since == 0 ? System.nanoTime() : since;
                        if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(REOPEN_SECONDS)) {
                            fail(e.status(), "kssrc: " + opened + " came back but cannot stream as before: " + e.getMessage(),
                                    GstNative.RESOURCE_ERROR_READ);
                            return false;
                        }
                    }
                    Thread.sleep(REOPEN_POLL_MILLIS);
                }
            }
        } finally {
            awaitingDevice = false;
        }
        if (!running) {
            return false;
        }
        reconnects++;
        LOG.log(System.Logger.Level.WARNING, bin.getName() + ": " + opened + " is back; the stream goes on");
        return true;
    }

    /**
     * Opens the filter of the capture device {@code name} names (symbolic link, friendly name or
     * index), notes its friendly name in {@code opened}, and sets the {@code controls} on it.
     */
    private void openFilter(String name) throws KsStatusException {
        DeviceInterface di = KsDevices.resolve(client, KsGuids.KSCATEGORY_CAPTURE, name);
        filter = client.openFilter(di.symbolicLink());
        opened = di.friendlyName();
        KsControls.apply(client, filter, opened, controls);
    }

    /** Opens the device of the name opened first again, with the pin format negotiated then. */
    private void reopen() throws KsStatusException {
        openFilter(opened);
        pin = client.createPin(filter, KsDevices.pin(client, filter, KsProperty.KSPIN_DATAFLOW_OUT), format, true);
        deliverLock.lock();
        try {
            issued = pushed; // the reads the removal failed are issued again
            deviceOffset = NONE; // the new device's clock: anchored again at its first frame
            firstPicture = -1;
            droppedBefore += lastDropCount; // the new device counts its drops from 0
            lastDropCount = 0;
            first = true; // DISCONT
        } finally {
            deliverLock.unlock();
        }
        run();
    }

    /** The pin format for one fixed-or-not caps structure, by KS data intersection; null if none. */
    private ByteBuffer intersect(int pinId, Structure s) {
        UUID subtype = KsCaps.subtype(s.getName(), s.hasField("format") ? s.getString("format") : null);
        if (subtype == null || !s.hasField("width") || !s.hasField("height")) {
            return null;
        }
        long wanted;
        try {
            var f = s.getFraction("framerate");
            wanted = KsCaps.interval(f.getNumerator(), f.getDenominator());
        } catch (RuntimeException e) {
            wanted = 0; // absent or a range: the pin's default
        }
        int w = intFirst(s, "width");
        int h = intFirst(s, "height");
        if (w <= 0 || h <= 0) {
            return null;
        }
        ByteBuffer range = wanted > 0 ? KsCaps.clientRange(subtype, w, h, 0, wanted)
                : KsVideo.range(subtype, w, h, 0, 0, 0, 0, 0);
        try {
            return client.intersect(filter, pinId, List.of(range));
        } catch (KsStatusException e) {
            LOG.log(System.Logger.Level.DEBUG, "no pin format for " + s + ": " + e.getMessage());
            return null;
        }
    }

    private static int intFirst(Structure s, String field) {
        try {
            return s.getInteger(field);
        } catch (RuntimeException e) {
            int[] v = s.getIntegers(field, new int[0]);
            return v.length > 0 ? v[0] : -1;
        }
    }

    // ------------------------------------------------------------------ reading

    private void issue() {
        FrameBuffer buffer = framePool.acquire();
        Pending p;
        try {
            p = new Pending(buffer, new KsStreamHeader(buffer.map()).extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO)));
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        deliverLock.lock();
        try {
            inFlight.addLast(p); // before the read: its completion looks for it here
        } finally {
            deliverLock.unlock();
        }
        try {
            p.done = client.streamIo().read(pin, p.header).toCompletableFuture();
        } catch (RuntimeException e) {
            deliverLock.lock();
            try {
                inFlight.remove(p);
            } finally {
                deliverLock.unlock();
            }
            buffer.release(); // no read took it
            throw e;
        }
        issued++;
        p.done.whenComplete((r, e) -> completed(p, e == null)); // in the completing thread, or at once if done
    }

    /**
     * A read completed, in the thread that completed it (the device's). When the stream is live
     * rather than back to back (the read before completed at least {@link #EAGER_GAP_NS} earlier),
     * that thread pushes the frame at once if every older read was pushed, so the frame does not
     * wait for the reader thread to be woken and scheduled. It never waits: when the reader holds
     * the delivery lock, or the frame needs the pin asked (its first timestamp, a format change,
     * the end of the stream) or failed, the reader delivers it as before.
     */
    private void completed(Pending p, boolean success) {
        long now = System.nanoTime();
        p.completedAt = now;
        long gap = now - lastCompletion;
        lastCompletion = now;
        if (!success || !running || gap < EAGER_GAP_NS || !deliverLock.tryLock()) {
            return;
        }
        try {
            for (Pending q : inFlight) {
                if (q == p) {
                    p.delivered = true;
                    p.outcome = END; // stays so if the push fails half-way
                    int outcome = deliver(p, true);
                    p.delivered = outcome != DEFERRED;
                    p.outcome = outcome;
                    if (p.delivered) {
                        pushedOnCompletion++; // under the lock
                    }
                    return;
                }
                if (!q.delivered) {
                    return; // an older frame goes first
                }
            }
        } catch (RuntimeException e) {
            fail(NtStatus.STATUS_UNSUCCESSFUL, "kssrc: push failed: " + e, GstNative.RESOURCE_ERROR_READ);
        } finally {
            deliverLock.unlock();
        }
    }

    private void readLoop() {
        try {
            while (running) {
                Pending p = head();
                if (p == null) {
                    return;
                }
                try {
                    p.done.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    State state = appsrc.getState(0);
                    if (state == State.NULL || state == State.READY) {
                        return; // the pipeline stopped while nothing arrived
                    }
                    continue;
                } catch (ExecutionException e) {
                    removeHead();
                    release(p);
                    Throwable t = e.getCause();
                    int status = t instanceof KsStatusException ? ((KsStatusException) t).status() : NtStatus.STATUS_UNSUCCESSFUL;
                    if (running && reconnect && removal(status)) {
                        if (reopenAfterRemoval(status)) {
                            continue;
                        }
                        return;
                    }
                    if (running && status != NtStatus.STATUS_CANCELLED) {
                        fail(status, "kssrc: read failed: " + NtStatus.toString(status), GstNative.RESOURCE_ERROR_READ);
                    }
                    return;
                }
                int outcome;
                deliverLock.lock();
                try {
                    inFlight.removeFirst();
                    outcome = p.delivered ? p.outcome : deliver(p, false);
                } finally {
                    deliverLock.unlock();
                }
                if (outcome != CONTINUE) {
                    return;
                }
                if (numBuffers >= 0 && pushed >= numBuffers) {
                    appsrc.endOfStream();
                    return;
                }
                if (numBuffers < 0 || issued < numBuffers) {
                    issue();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    private Pending head() {
        deliverLock.lock();
        try {
            return inFlight.peekFirst();
        } finally {
            deliverLock.unlock();
        }
    }

    private void removeHead() {
        deliverLock.lock();
        try {
            inFlight.removeFirst();
        } finally {
            deliverLock.unlock();
        }
    }

    /**
     * Pushes a completed read, under {@link #deliverLock}. {@code eager} (the completing thread):
     * DEFERRED, with nothing changed, for a frame that needs the pin asked or ends the stream.
     * @return CONTINUE, END when the stream ends, or DEFERRED
     */
    private int deliver(Pending p, boolean eager) {
        KsStreamHeader h = p.header;
        int options = h.optionsFlags();
        int used = h.dataUsed();
        if (eager && (used <= 0 || (options & (KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM
                | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)) != 0)) {
            return DEFERRED;
        }
        p.buffer.unmap();
        if (used <= 0) {
            p.buffer.release();
            if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0) {
                appsrc.endOfStream();
                return END;
            }
            return CONTINUE;
        }
        long duration = (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID) != 0 && h.duration() > 0
                ? h.duration() * 100 : interval * 100;
        long pts = NONE; // with do-timestamp, appsrc stamps the buffer
        if (!doTimestamp) {
            pts = timestamp(h, options, duration, !eager);
            if (pts == DEFER) {
                return DEFERRED; // nothing changed yet
            }
            long picture = h.extension() != null && h.extension().limit() >= 16 ? KsWire.getLong(h.extension(), 8) : -1;
            if (picturePts && picture >= 0 && pts != NONE) {
                if (firstPicture < 0 || picture < firstPicture) {
                    firstPicture = picture;
                    firstPicturePts = pts;
                }
                pts = firstPicturePts + (picture - firstPicture) * interval * 100;
            }
        }
        p.buffer.size(used);
        p.buffer.timing(pts, duration, pushed);
        int flags = 0;
        long dropCount = h.extension() != null && h.extension().limit() >= 24 ? KsWire.getLong(h.extension(), 16) : 0;
        if (first || (options & (KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY
                | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY)) != 0 || dropCount > lastDropCount) {
            flags |= BufferFlags.DISCONT.intValue();
        }
        lastDropCount = dropCount;
        first = false;
        if (compressed && (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT) == 0) {
            flags |= BufferFlags.DELTA_UNIT.intValue();
        }
        if (flags != 0) {
            p.buffer.addFlags(flags);
        }
        if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED) != 0) {
            retype();
        }
        int flow = p.buffer.pushTo(appsrc); // takes the buffer
        pushed++;
        LongConsumer probe = latencyProbe;
        long completedAt = p.completedAt;
        if (probe != null && completedAt != 0) {
            probe.accept(System.nanoTime() - completedAt);
        }
        if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0) {
            appsrc.endOfStream();
            return END;
        }
        return flow == FlowReturn.OK.intValue() ? CONTINUE : END;
    }

    /** After TYPECHANGED: the pin's current format becomes the caps. */
    private void retype() {
        try {
            ByteBuffer request = KsProperty.request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT,
                    KsProperty.KSPROPERTY_TYPE_GET, -1);
            format = client.getSized(pin, request);
            negotiated = KsCaps.structure(format);
            interval = KsVideo.avgTimePerFrame(format);
            appsrc.setCaps(Caps.fromString(negotiated));
        } catch (KsStatusException e) {
            LOG.log(System.Logger.Level.WARNING, "kssrc: the pin changed format but does not say to what: " + e.getMessage());
        }
    }

    /**
     * PTS = running time now − capture delay, with the sanity checks of v4l2src; DEFER, with
     * nothing changed, when the frame needs the pin's clock and {@code mayAskPin} is false.
     */
    private long timestamp(KsStreamHeader h, int options, long duration, boolean mayAskPin) {
        long now = GstNative.runningTime(appsrc);
        if (now == NONE) {
            return NONE; // no clock
        }
        boolean timeValid = (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID) != 0;
        long pts = NONE;
        if (timeValid && deviceOffset != NONE
                && (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY) == 0) {
            // the device's own timeline, mapped once: frame spacing is the device's, not the delivery jitter
            long mapped = h.presentationTime() * 100 + deviceOffset;
            // a frame the device anchored late maps a little ahead of now; up to two frames is within the latency
            if (mapped - now <= 2 * duration && now - mapped <= RE_ANCHOR_NS) {
                pts = mapped;
            }
        }
        if (pts == NONE) {
            if (!mayAskPin) {
                return DEFER;
            }
            long delay = duration;
            if (timeValid) {
                try {
                    long ksNow = KsWire.getLong(client.get(pin, KsGuids.KSPROPSETID_Stream, KsProperty.KSPROPERTY_STREAM_PRESENTATIONTIME,
                            -1, 16), 0);
                    long d = (ksNow - h.presentationTime()) * 100;
                    if (d >= 0 && d <= RE_ANCHOR_NS) {
                        delay = d;
                    }
                } catch (KsStatusException e) {
                    // no clock on the pin: one frame
                }
            }
            pts = Math.max(0, now - delay);
            deviceOffset = timeValid ? pts - h.presentationTime() * 100 : NONE;
        }
        if (lastPts != NONE && pts <= lastPts) {
            pts = lastPts + duration;
        }
        lastPts = pts;
        return pts;
    }

    private void fail(int status, String message, int code) {
        failure = status;
        running = false;
        // the ERROR message on the bus is how the application hears of it (as GStreamer's own elements do);
        // the log keeps a trace for debugging without saying it a second time
        LOG.log(System.Logger.Level.DEBUG, message);
        GstNative.postError(appsrc, code, message, "NTSTATUS " + NtStatus.toString(status));
    }

    private static void release(Pending p) {
        p.buffer.release();
    }

    /** Closes the pin (which cancels the reads in flight), waits for them and frees their buffers. */
    private synchronized void shutdown() {
        Live.closed(this);
        running = false;
        closeDevice();
        if (framePool != null) {
            framePool.close();
            framePool = null;
        }
    }

    /** Closes the pin (cancelling the reads in flight), waits for the reads and releases their buffers, and closes the filter. */
    private synchronized void closeDevice() {
        FileObject pinToClose = pin;
        pin = null;
        if (pinToClose != null) {
            try {
                client.setState(pinToClose, KsState.KSSTATE_STOP);
            } catch (KsStatusException e) {
                LOG.log(System.Logger.Level.DEBUG, "kssrc: stop: " + e.getMessage());
            }
            client.io().closeFile(pinToClose);
        }
        for (Pending p = head(); p != null; p = head()) {
            try {
                p.done.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // cancelled, as expected
            }
            deliverLock.lock();
            try {
                inFlight.removeFirst();
                release(p); // a no-op for a buffer the completing thread pushed
            } finally {
                deliverLock.unlock();
            }
        }
        if (filter != null) {
            client.io().closeFile(filter);
            filter = null;
        }
    }

    /**
     * Stops reading (if started), releases the device (bounded by the reads' cancellation) and lets go
     * of the element: its signal is disconnected and the Java side's references are dropped, so the
     * element is freed with the pipeline that holds it. Do not use {@link #bin()} afterwards.
     */
    @Override
    public void close() {
        Live.closed(this);
        running = false;
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (t == null) {
            shutdown();
        }
        synchronized (this) {
            if (!released && (t == null || !t.isAlive())) {
                released = true;
                appsrc.disconnect(needData);
                appsrc.dispose();
                bin.dispose();
            }
        }
    }

    /** Whether the reading thread has ended (or never started). */
    public boolean stopped() {
        Thread t = reader;
        return t == null || !t.isAlive();
    }
}
