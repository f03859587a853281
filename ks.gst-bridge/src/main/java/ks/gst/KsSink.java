package ks.gst;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.jna.Pointer;

import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Caps;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;
import ks.gst.internal.FrameBuffer;
import ks.gst.internal.GstNative;
import ks.gst.types.KsElement;
import ks.gst.types.KsElementImplementation;
import ks.gst.types.KsElementTypes;

/**
 * One {@code kssink} element: GStreamer into a KS render pin. kssink is a registered GstBaseSink
 * ({@link KsElementTypes}); start opens the render device's filter, set_caps picks the pin format
 * by KS data intersection and runs the pin, and each buffer is written with
 * KsStreamIo(KSSTREAM_WRITE) straight from its mapped memory: PresentationTime/Duration from
 * PTS/duration with TIMEVALID/DURATIONVALID, DISCONT → DATADISCONTINUITY, a buffer that is not a
 * DELTA_UNIT → SPLICEPOINT; EOS sends an ENDOFSTREAM header. A failed write posts an ERROR naming
 * the NTSTATUS. Unlock makes a render waiting for the device return at once.
 *
 * <p>Properties: {@code device} (symbolic link, friendly name or index among video render
 * interfaces; default 0). GstBaseSink's {@code sync} is false by default: the render device paces
 * what it is given.
 */
public final class KsSink extends ElementStream {

    private static final System.Logger LOG = System.getLogger(KsSink.class.getName());
    private static final long WRITE_TIMEOUT_SECONDS = 10;
    private static final long WAIT_SLICE_MILLIS = 20;

    private final KsElement element;
    private volatile KsClient client;
    private FileObject filter;
    private int pinId;
    private FileObject pin;
    private ByteBuffer format;
    private volatile boolean flushing;
    private volatile long written;
    private volatile int failure = NtStatus.STATUS_SUCCESS;

    KsSink(KsElement element, KsClient client) {
        this.element = element;
        this.client = client;
    }

    public KsElement element() {
        return element;
    }

    /** The KS client this element opens its device through (before it starts). */
    public KsSink client(KsClient client) {
        this.client = client;
        return this;
    }

    /** Sets a property as {@code g_object_set} would, from a string. */
    public KsSink set(String property, String value) {
        KsElements.setFromString(element, property, value);
        return this;
    }

    /** Buffers written so far. */
    public long written() {
        return written;
    }

    /** The NTSTATUS that ended the stream, or STATUS_SUCCESS. */
    public int failure() {
        return failure;
    }

    @Override
    synchronized boolean start() {
        failure = NtStatus.STATUS_SUCCESS;
        String device = element.string("device");
        if (client == null) {
            return fail(NtStatus.STATUS_NO_SUCH_DEVICE, "kssink: no KS I/O manager to open '" + device + "' with",
                    KsElementTypes.RESOURCE_ERROR_NOT_FOUND);
        }
        try {
            DeviceInterface di = KsDevices.resolve(client, KsGuids.KSCATEGORY_RENDER, device);
            filter = client.openFilter(di.symbolicLink());
            pinId = KsDevices.pin(client, filter, KsProperty.KSPIN_DATAFLOW_IN);
            return true;
        } catch (KsStatusException e) {
            close();
            int code = KsSrc.openError(e.status()) == KsElementTypes.RESOURCE_ERROR_OPEN_READ ? KsElementTypes.RESOURCE_ERROR_OPEN_WRITE
                    : KsSrc.openError(e.status());
            return fail(e.status(), "kssink: cannot open device '" + device + "': " + e.getMessage(), code);
        }
    }

    @Override
    synchronized boolean setCaps(Pointer capsPointer) {
        String text = GstNative.capsString(capsPointer);
        Caps caps = Caps.fromString(text);
        try {
            ByteBuffer range = caps.size() > 0 ? KsCaps.clientRange(caps.getStructure(0)) : null;
            if (range == null) {
                return fail(NtStatus.STATUS_NO_MATCH, "kssink cannot describe " + text + " to KS", KsElementTypes.RESOURCE_ERROR_SETTINGS);
            }
            ByteBuffer chosen = client.intersect(filter, pinId, List.of(range));
            if (pin != null && chosen.equals(format)) {
                return true;
            }
            closePin();
            format = chosen;
            pin = client.createPin(filter, pinId, format, false);
            client.setState(pin, KsState.KSSTATE_RUN);
            LOG.log(System.Logger.Level.INFO, element + ": " + KsVideo.describe(format));
            return true;
        } catch (KsStatusException e) {
            return fail(e.status(), "kssink: no render format for " + text + ": " + e.getMessage(), KsElementTypes.RESOURCE_ERROR_SETTINGS);
        } finally {
            caps.dispose();
        }
    }

    int render(Pointer bufferPointer) throws InterruptedException {
        FileObject p = pin;
        if (p == null) {
            return KsElementImplementation.FLOW_NOT_NEGOTIATED;
        }
        FrameBuffer buffer = FrameBuffer.borrowed(bufferPointer);
        ByteBuffer data = buffer.mapRead();
        try {
            KsStreamHeader h = new KsStreamHeader(data);
            h.dataUsed(data.remaining());
            int options = 0;
            long pts = buffer.pts();
            if (pts >= 0) {
                h.presentationTime100ns(pts / 100);
                options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
            }
            long duration = buffer.duration();
            if (duration >= 0) {
                h.duration(duration / 100);
                options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
            }
            int flags = buffer.flags();
            if ((flags & BufferFlags.DISCONT.intValue()) != 0) {
                options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY;
            }
            if ((flags & BufferFlags.DELTA_UNIT.intValue()) == 0) {
                options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT;
            }
            h.optionsFlags(options);
            int status = write(p, h);
            if (status == NtStatus.STATUS_CANCELLED && flushing) {
                return KsElementImplementation.FLOW_FLUSHING;
            }
            if (!NtStatus.NT_SUCCESS(status)) {
                fail(status, "kssink: write failed: " + NtStatus.toString(status), KsElementTypes.RESOURCE_ERROR_WRITE);
                return KsElementImplementation.FLOW_ERROR;
            }
            written++;
            return KsElementImplementation.FLOW_OK;
        } finally {
            buffer.unmap();
        }
    }

    /** Writes one header and waits for it, in slices so that unlock ends the wait: its status (CANCELLED when unlocked). */
    private int write(FileObject p, KsStreamHeader h) throws InterruptedException {
        CompletableFuture<IoStatusBlock> done = client.streamIo().write(p, h).toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITE_TIMEOUT_SECONDS);
        while (true) {
            try {
                return done.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS).status();
            } catch (ExecutionException e) {
                return e.getCause() instanceof KsStatusException ? ((KsStatusException) e.getCause()).status() : NtStatus.STATUS_UNSUCCESSFUL;
            } catch (TimeoutException e) {
                if (flushing) {
                    return NtStatus.STATUS_CANCELLED; // the write stays queued until the pin closes at stop
                }
                if (System.nanoTime() > deadline) {
                    return NtStatus.STATUS_IO_TIMEOUT;
                }
            }
        }
    }

    /** An EOS on its way to GstBaseSink: the render pin gets an ENDOFSTREAM header. */
    void event(Pointer event) throws InterruptedException {
        FileObject p = pin;
        if (p == null || failure != NtStatus.STATUS_SUCCESS || !GstNative.isEos(event)) {
            return;
        }
        KsStreamHeader eos = new KsStreamHeader(ByteBuffer.allocate(0));
        eos.optionsFlags(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM);
        int status = write(p, eos);
        if (!NtStatus.NT_SUCCESS(status)) {
            LOG.log(System.Logger.Level.WARNING, "kssink: end of stream not written: " + NtStatus.toString(status));
        }
    }

    @Override
    void unlock() {
        flushing = true;
    }

    @Override
    void unlockStop() {
        flushing = false;
    }

    @Override
    synchronized boolean stop() {
        close();
        return true;
    }

    @Override
    void bridgeStopped() {
        if (pin != null && failure == NtStatus.STATUS_SUCCESS) {
            fail(NtStatus.STATUS_CANCELLED, "kssink: the ks GStreamer bridge stopped", KsElementTypes.RESOURCE_ERROR_WRITE);
        }
        unlock();
        close();
    }

    private synchronized void closePin() {
        if (pin != null) {
            try {
                client.setState(pin, KsState.KSSTATE_STOP);
            } catch (KsStatusException e) {
                LOG.log(System.Logger.Level.DEBUG, "kssink: stop: " + e.getMessage());
            }
            client.io().closeFile(pin);
            pin = null;
        }
    }

    private synchronized void close() {
        closePin();
        if (filter != null) {
            client.io().closeFile(filter);
            filter = null;
        }
    }

    private boolean fail(int status, String message, int code) {
        failure = status;
        LOG.log(System.Logger.Level.DEBUG, message);
        KsElementTypes.postError(element, code, message, "NTSTATUS " + NtStatus.toString(status));
        return false;
    }
}
