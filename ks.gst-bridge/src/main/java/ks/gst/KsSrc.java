package ks.gst;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import com.sun.jna.Pointer;

import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Structure;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.gst.internal.GstNative;
import ks.gst.internal.src.BottomUpRows;
import ks.gst.internal.src.CaptureSession;
import ks.gst.internal.src.DeviceArrivals;
import ks.gst.internal.src.PtsMapper;
import ks.gst.types.KsElement;
import ks.gst.types.KsElementImplementation;
import ks.gst.types.KsElementTypes;

/**
 * One {@code kssrc} element's stream: a KS video capture pin as a GStreamer live source. kssrc is
 * a registered GstPushSrc ({@link KsElementTypes}); this class holds what one instance does and
 * shows to Java (frames, drops, the device and mode it opened).
 *
 * <p>GStreamer's own negotiation drives it. On READY → PAUSED ({@code start}) it opens the
 * device's filter, sets the {@code controls} and reads the capture pin's data ranges, which
 * become the caps get_caps offers; downstream narrows them, {@code fixate} picks the first
 * structure left at its highest rate, and set_caps picks the pin format by KS data intersection,
 * creates the pin and runs it with {@code outstanding} reads in flight ({@link CaptureSession}).
 * Each create() hands GStreamer the buffer the oldest read captured into (nothing is copied),
 * timestamped by {@link PtsMapper}. It answers the LATENCY query with one frame interval as the
 * least and the reads in flight as the most; unlock makes a waiting create return at once, so a
 * state change never waits on the device.
 *
 * <p>Flags: DATADISCONTINUITY, TIMEDISCONTINUITY and frames the device dropped (KS_FRAME_INFO
 * DropCount) give DISCONT; a compressed frame without SPLICEPOINT is a DELTA_UNIT; ENDOFSTREAM
 * ends the stream; bottom-up RGB (positive biHeight, as Windows RGB drivers deliver it) is turned
 * top-down, as GStreamer's BGR and BGRx are. A failed read posts an ERROR naming the NTSTATUS;
 * with {@code reconnect}, a removal instead waits for a capture device of the same friendly name to
 * arrive (a PnP notification, no polling) and goes on with the same format and controls.
 *
 * <p>Properties (see {@code ./ks inspect kssrc}): {@code device}, {@code controls},
 * {@code reconnect}, {@code outstanding}, {@code is-live}, {@code pts}, and GstBaseSrc's
 * {@code num-buffers} and {@code do-timestamp}.
 *
 * <h2>Threading</h2>
 * start, stop and set_caps on the thread changing state or the streaming thread; create on the
 * streaming thread; unlock from any thread. The getters are safe from any thread.
 */
public final class KsSrc extends ElementStream {

    private static final System.Logger LOG = System.getLogger(KsSrc.class.getName());
    /** With {@code reconnect}: how long a device that is back may refuse to stream, and how often it is tried meanwhile. */
    private static final long REOPEN_SECONDS = 5;
    private static final long RETRY_MILLIS = 200;
    private static final int CONTINUE = 1;

    private final KsElement element;
    private volatile KsClient client;

    private String device;
    private List<KsControls.Setting> controls;
    private boolean reconnect;
    private FileObject filter;
    private int pinId;
    private String rangeCaps;
    private volatile CaptureSession session;
    private ByteBuffer format;
    private boolean compressed;
    /** Frame interval (ns). */
    private long interval;
    private int frameBytes;
    private int outstanding;
    /** For a bottom-up RGB format, its rows put top-down; null otherwise. */
    private BottomUpRows bottomUp;
    private PtsMapper pts;
    private boolean first = true;
    private boolean endPending;

    private volatile boolean flushing;
    /** While a removed device is awaited ({@code reconnect}): its arrivals, woken by unlock. */
    private volatile DeviceArrivals arrivals;

    private volatile long pushed;
    private volatile long lastDropCount;
    private volatile long droppedBefore;
    private volatile int failure = NtStatus.STATUS_SUCCESS;
    private volatile String negotiated;
    private volatile String opened;
    private volatile boolean awaitingDevice;
    private volatile int reconnects;
    private volatile LongConsumer latencyProbe;

    KsSrc(KsElement element, KsClient client) {
        this.element = element;
        this.client = client;
    }

    /** The element this is the stream of. */
    public KsElement element() {
        return element;
    }

    /** The element's name ({@code kssrc0}, or the {@code name} it was given). */
    public String name() {
        return GstNative.name(element.pointer());
    }

    /** The KS client this element opens its device through (before it starts). */
    public KsSrc client(KsClient client) {
        this.client = client;
        return this;
    }

    /** Sets a property as {@code g_object_set} would, from a string (as in a pipeline description). */
    public KsSrc set(String property, String value) {
        KsElements.setFromString(element, property, value);
        return this;
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

    /** Frames handed downstream so far. */
    public long frames() {
        return pushed;
    }

    /** Frames the device reported dropped (KS_FRAME_INFO.DropCount of the latest frame), plus those of the devices removed before it. */
    public long dropped() {
        return droppedBefore + lastDropCount;
    }

    /** The NTSTATUS that ended the stream, or STATUS_SUCCESS. */
    public int failure() {
        return failure;
    }

    /** Reads in flight, once negotiated. */
    public int outstanding() {
        return outstanding;
    }

    /**
     * For diagnostics and benchmarks: {@code probe} is told, for each frame, the nanoseconds from
     * the completion of its read (the device finished the frame) to the moment create() hands the
     * buffer to GStreamer. Set it before the pipeline starts; null measures nothing.
     */
    public KsSrc latencyProbe(LongConsumer probe) {
        this.latencyProbe = probe;
        return this;
    }

    // ------------------------------------------------------------------ start and negotiation

    @Override
    synchronized boolean start() {
        failure = NtStatus.STATUS_SUCCESS;
        first = true;
        endPending = false;
        device = element.string("device");
        reconnect = element.bool("reconnect");
        pts = new PtsMapper(element.string("pts").equals("picture"));
        KsClient c = client;
        if (c == null) {
            return fail(NtStatus.STATUS_NO_SUCH_DEVICE, "kssrc: no KS I/O manager to open '" + device + "' with",
                    KsElementTypes.RESOURCE_ERROR_NOT_FOUND);
        }
        try {
            controls = KsControls.parse(element.string("controls"));
        } catch (IllegalArgumentException e) {
            return fail(NtStatus.STATUS_INVALID_PARAMETER, "kssrc: controls: " + e.getMessage(), KsElementTypes.RESOURCE_ERROR_SETTINGS);
        }
        try {
            openFilter(device);
            pinId = KsDevices.pin(c, filter, KsProperty.KSPIN_DATAFLOW_OUT);
            rangeCaps = KsCaps.caps(c.dataRanges(filter, pinId));
            return true;
        } catch (KsStatusException e) {
            closeDevice();
            return fail(e.status(), "kssrc: cannot start device '" + device + "': " + e.getMessage(), openError(e.status()));
        }
    }

    /** The GST_RESOURCE_ERROR for a device that cannot be opened. */
    static int openError(int status) {
        if (status == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND || status == NtStatus.STATUS_NO_SUCH_DEVICE) {
            return KsElementTypes.RESOURCE_ERROR_NOT_FOUND;
        }
        if (status == NtStatus.STATUS_DEVICE_BUSY) {
            return KsElementTypes.RESOURCE_ERROR_BUSY;
        }
        return KsElementTypes.RESOURCE_ERROR_OPEN_READ;
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

    synchronized Pointer caps(Pointer filterCaps) {
        if (rangeCaps == null) {
            return null; // not open: the template
        }
        Pointer ours = GstNative.caps(rangeCaps);
        try {
            return GstNative.intersect(ours, filterCaps);
        } finally {
            GstNative.unref(ours);
        }
    }

    @Override
    synchronized boolean setCaps(Pointer capsPointer) {
        String text = GstNative.capsString(capsPointer);
        Caps caps = Caps.fromString(text);
        ByteBuffer chosen = caps.size() > 0 ? intersect(caps.getStructure(0)) : null;
        caps.dispose();
        if (chosen == null) {
            return fail(NtStatus.STATUS_NO_MATCH, "kssrc: " + opened + " has no pin format for " + text,
                    KsElementTypes.RESOURCE_ERROR_SETTINGS);
        }
        if (session != null) {
            if (chosen.equals(format)) {
                return true;
            }
            session.close(); // a KS pin keeps its format while it runs: a new one in the new format
            session = null;
        }
        format = chosen;
        UUID subtype = KsDataFormat.subFormat(format);
        compressed = KsVideo.isCompressed(subtype);
        interval = KsVideo.avgTimePerFrame(format) * 100;
        frameBytes = KsDataFormat.sampleSize(format) > 0 ? KsDataFormat.sampleSize(format) : KsVideo.sizeImage(format);
        bottomUp = BottomUpRows.of(format);
        try {
            session = new CaptureSession(client, filter, pinId, format, frameBytes, element.integer("outstanding"));
            outstanding = session.outstanding();
        } catch (KsStatusException e) {
            return fail(e.status(), "kssrc: " + opened + " cannot stream " + KsVideo.describe(format) + ": " + e.getMessage(),
                    openError(e.status()));
        }
        negotiated = KsCaps.structure(format);
        LOG.log(System.Logger.Level.INFO, element + ": " + opened + " as " + negotiated + ", " + outstanding + " reads in flight");
        return true;
    }

    /** The pin format for one caps structure, by KS data intersection; null if none. */
    private ByteBuffer intersect(Structure s) {
        ByteBuffer range = KsCaps.clientRange(s);
        if (range == null) {
            return null;
        }
        try {
            return client.intersect(filter, pinId, List.of(range));
        } catch (KsStatusException e) {
            LOG.log(System.Logger.Level.DEBUG, "no pin format for " + s + ": " + e.getMessage());
            return null;
        }
    }

    /** LATENCY: live, one frame interval at least, the reads in flight at most; false before the rate is known. */
    synchronized Boolean query(Pointer query) {
        if (!GstNative.isLatencyQuery(query)) {
            return null;
        }
        if (session == null) {
            return false; // no rate yet, so no latency to give
        }
        GstNative.setLatency(query, GstNative.isLive(element.pointer()), interval, interval * outstanding);
        return true;
    }

    // ------------------------------------------------------------------ streaming

    @Override
    void unlock() {
        flushing = true;
        CaptureSession s = session;
        if (s != null) {
            s.wake();
        }
        DeviceArrivals a = arrivals;
        if (a != null) {
            a.wake();
        }
    }

    @Override
    void unlockStop() {
        flushing = false;
        CaptureSession s = session;
        if (s != null) {
            s.unwake();
        }
    }

    int create(Pointer bufferOut) throws InterruptedException {
        while (true) {
            if (flushing) {
                return KsElementImplementation.FLOW_FLUSHING;
            }
            if (endPending) {
                return KsElementImplementation.FLOW_EOS;
            }
            CaptureSession s = session;
            if (s == null) {
                return KsElementImplementation.FLOW_NOT_NEGOTIATED;
            }
            CaptureSession.Outcome o = s.next();
            if (o == null) {
                s.issue();
                continue;
            }
            if (o == CaptureSession.WOKEN) {
                return KsElementImplementation.FLOW_FLUSHING;
            }
            if (!o.succeeded()) {
                if (o.read() != null) {
                    o.read().buffer.release();
                    s.recycle(o.read());
                }
                int status = o.status();
                if (flushing) {
                    return KsElementImplementation.FLOW_FLUSHING;
                }
                if (reconnect && removal(status)) {
                    if (reopenAfterRemoval(status)) {
                        continue;
                    }
                    return flushing ? KsElementImplementation.FLOW_FLUSHING : KsElementImplementation.FLOW_ERROR;
                }
                fail(status, "kssrc: read from " + opened + " failed: " + NtStatus.toString(status), KsElementTypes.RESOURCE_ERROR_READ);
                return KsElementImplementation.FLOW_ERROR;
            }
            int outcome = deliver(o.read(), bufferOut);
            s.recycle(o.read()); // its buffer was handed over or released
            if (!endPending) {
                s.issue();
            }
            if (outcome != CONTINUE) {
                return outcome;
            }
        }
    }

    /** Fills in one captured buffer and stores it at {@code bufferOut}: FLOW_OK, EOS, or CONTINUE for a read without data. */
    private int deliver(CaptureSession.Read r, Pointer bufferOut) {
        KsStreamHeader h = r.header;
        int options = h.optionsFlags();
        int used = h.dataUsed();
        if (used <= 0) {
            r.buffer.release();
            if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0) {
                endPending = true;
                return KsElementImplementation.FLOW_EOS;
            }
            return CONTINUE;
        }
        if (bottomUp != null) {
            bottomUp.flip(h.data(), used);
        }
        long duration = (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID) != 0 && h.duration() > 0
                ? h.duration() * 100 : interval;
        ByteBuffer info = h.extension();
        long picture = info != null && info.limit() >= 16 ? KsWire.getLong(info, 8) : -1;
        long dropCount = info != null && info.limit() >= 24 ? KsWire.getLong(info, 16) : 0;
        long pts = PtsMapper.NONE; // with do-timestamp, GstBaseSrc stamps the buffer
        if (!GstNative.doTimestamp(element.pointer())) {
            pts = this.pts.map(GstNative.runningTime(element.pointer()),
                    (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID) != 0,
                    (options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY) != 0, h.presentationTime(), duration,
                    interval, picture, this::pinClock);
        }
        r.buffer.size(used);
        r.buffer.timing(pts, duration, pushed);
        int flags = 0;
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
            r.buffer.addFlags(flags);
        }
        if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED) != 0) {
            retype();
        }
        bufferOut.setPointer(0, r.buffer.handOver());
        pushed++;
        LongConsumer probe = latencyProbe;
        if (probe != null && r.completedAt() != 0) {
            probe.accept(System.nanoTime() - r.completedAt());
        }
        if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0) {
            endPending = true; // this frame goes out, EOS at the next create
        }
        return KsElementImplementation.FLOW_OK;
    }

    private long pinClock() {
        try {
            return KsWire.getLong(client.get(session.pin(), KsGuids.KSPROPSETID_Stream, KsProperty.KSPROPERTY_STREAM_PRESENTATIONTIME,
                    -1, 16), 0);
        } catch (KsStatusException e) {
            return PtsMapper.NONE; // no clock on the pin: one frame
        }
    }

    /** After TYPECHANGED: the pin's current format becomes the caps. */
    private void retype() {
        try {
            ByteBuffer request = KsProperty.request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT,
                    KsProperty.KSPROPERTY_TYPE_GET, -1);
            format = client.getSized(session.pin(), request);
            negotiated = KsCaps.structure(format);
            interval = KsVideo.avgTimePerFrame(format) * 100;
            GstNative.setSourceCaps(element.pointer(), negotiated);
        } catch (KsStatusException e) {
            LOG.log(System.Logger.Level.WARNING, "kssrc: the pin changed format but does not say to what: " + e.getMessage());
        }
    }

    /** Whether a read's status says its device is gone (unplugged, removed). */
    private static boolean removal(int status) {
        return status == NtStatus.STATUS_DEVICE_REMOVED || status == NtStatus.STATUS_DEVICE_NOT_CONNECTED
                || status == NtStatus.STATUS_NO_SUCH_DEVICE || status == NtStatus.STATUS_DELETE_PENDING;
    }

    /**
     * {@code reconnect}: the device was removed. Releases it and waits, until the element is
     * unlocked, for a capture device of the same friendly name to arrive (told by a PnP
     * notification), then opens it with the same format, controls and number of reads; the next
     * frame is DISCONT and the timestamps are anchored again. Returns false when unlocked
     * meanwhile, or after posting an ERROR when the device came back but cannot stream as before.
     */
    private boolean reopenAfterRemoval(int status) throws InterruptedException {
        closeDevice();
        LOG.log(System.Logger.Level.WARNING, element + ": " + opened + " was removed (" + NtStatus.toString(status)
                + "); waiting for it to return");
        try (DeviceArrivals a = new DeviceArrivals(client.io())) {
            arrivals = a;
            awaitingDevice = true;
            long refusedSince = 0;
            while (!flushing) {
                long seen = a.count();
                try {
                    reopen();
                    break;
                } catch (KsStatusException e) {
                    closeDevice();
                    if (e.status() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND) {
                        refusedSince = 0; // not there (any more): waited for as long as the pipeline plays
                        a.await(seen, 0, () -> flushing);
                        continue;
                    }
                    // there, but not ready or not as before: tried again for a while
                    refusedSince = refusedSince == 0 ? System.nanoTime() : refusedSince;
                    if (System.nanoTime() - refusedSince > TimeUnit.SECONDS.toNanos(REOPEN_SECONDS)) {
                        fail(e.status(), "kssrc: " + opened + " came back but cannot stream as before: " + e.getMessage(),
                                KsElementTypes.RESOURCE_ERROR_READ);
                        return false;
                    }
                    a.await(seen, RETRY_MILLIS, () -> flushing);
                }
            }
        } finally {
            awaitingDevice = false;
            arrivals = null;
        }
        if (flushing || session == null) {
            return false;
        }
        reconnects++;
        LOG.log(System.Logger.Level.WARNING, element + ": " + opened + " is back; the stream goes on");
        return true;
    }

    /** Opens the device of the name opened first again, with the pin format negotiated then. */
    private synchronized void reopen() throws KsStatusException {
        openFilter(opened);
        pinId = KsDevices.pin(client, filter, KsProperty.KSPIN_DATAFLOW_OUT);
        session = new CaptureSession(client, filter, pinId, format, frameBytes, outstanding);
        pts.reanchor();
        droppedBefore += lastDropCount; // the new device counts its drops from 0
        lastDropCount = 0;
        first = true; // DISCONT
    }

    // ------------------------------------------------------------------ stop

    @Override
    synchronized boolean stop() {
        closeDevice();
        rangeCaps = null;
        return true;
    }

    /** Closes the pin (cancelling the reads in flight, whose buffers are released) and the filter. */
    private synchronized void closeDevice() {
        CaptureSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
        if (filter != null) {
            client.io().closeFile(filter);
            filter = null;
        }
    }

    @Override
    void bridgeStopped() {
        if (session != null) {
            fail(NtStatus.STATUS_CANCELLED, "kssrc: the ks GStreamer bridge stopped", KsElementTypes.RESOURCE_ERROR_READ);
        }
        unlock();
        closeDevice();
    }

    private boolean fail(int status, String message, int code) {
        failure = status;
        // the ERROR message on the bus is how the application hears of it (as GStreamer's own elements do);
        // the log keeps a trace for debugging without saying it a second time
        LOG.log(System.Logger.Level.DEBUG, message);
        KsElementTypes.postError(element, code, message, "NTSTATUS " + NtStatus.toString(status));
        return false;
    }
}
