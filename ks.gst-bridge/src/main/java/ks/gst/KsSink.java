package ks.gst;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.GhostPad;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.elements.AppSink;

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
import ks.api.ks.KsWire;
import ks.gst.internal.GstNative;
import ks.gst.internal.Live;

/**
 * {@code kssink}: GStreamer into a KS render pin — a {@link Bin} around an appsink with a ghost
 * {@code sink} pad. The first buffer's caps become the pin format by KS data intersection; each
 * buffer is written with KsStreamIo(KSSTREAM_WRITE) straight from its mapped memory:
 * PresentationTime/Duration from PTS/duration with TIMEVALID/DURATIONVALID, DISCONT →
 * DATADISCONTINUITY, a buffer that is not a DELTA_UNIT → SPLICEPOINT; EOS sends an ENDOFSTREAM
 * header. A failed write posts an ERROR naming the NTSTATUS.
 *
 * <p>Properties: {@code device} (symbolic link, friendly name or index among video render
 * interfaces; default 0).
 */
public final class KsSink implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KsSink.class.getName());
    private static final long WRITE_TIMEOUT_SECONDS = 10;

    private final KsClient client;
    private final Bin bin;
    private final AppSink appsink;
    private final AppSink.NEW_SAMPLE newSample = sink -> onSample(sink.pullSample());
    private final AppSink.EOS eos = sink -> endOfStream();
    private boolean released;
    private String device = "0";
    private FileObject filter;
    private FileObject pin;
    private volatile boolean failed;
    private long written;

    public KsSink(KsClient client, String name) {
        this.client = client;
        this.bin = new Bin(name);
        this.appsink = (AppSink) ElementFactory.make("appsink", name + "-appsink");
        appsink.set("emit-signals", true);
        appsink.set("sync", false);
        bin.add(appsink);
        bin.addPad(new GhostPad("sink", appsink.getStaticPad("sink")));
        appsink.connect(newSample);
        appsink.connect(eos);
        Live.opened(this, this::bridgeStopped);
    }

    /** The bridge bundle is stopping: an ERROR says so and the device is released. */
    private void bridgeStopped() {
        boolean open;
        synchronized (this) {
            open = pin != null && !failed;
        }
        if (open) {
            fail(NtStatus.STATUS_CANCELLED, "kssink: the ks GStreamer bridge stopped");
        }
        close();
    }

    public Bin bin() {
        return bin;
    }

    public KsSink set(String property, String value) {
        if (!property.equals("device")) {
            throw new IllegalArgumentException("kssink has no property '" + property + "' (device)");
        }
        device = value;
        return this;
    }

    /** Buffers written so far. */
    public synchronized long written() {
        return written;
    }

    private synchronized FlowReturn onSample(Sample sample) {
        try {
            if (failed) {
                return FlowReturn.ERROR;
            }
            if (pin == null) {
                open(sample.getCaps());
            }
            Buffer buffer = sample.getBuffer();
            ByteBuffer data = buffer.map(false);
            try {
                KsStreamHeader h = new KsStreamHeader(data);
                h.dataUsed(data.remaining());
                int options = 0;
                long pts = buffer.getPresentationTimestamp();
                if (pts >= 0) {
                    h.presentationTime100ns(pts / 100);
                    options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
                }
                long duration = buffer.getDuration();
                if (duration >= 0) {
                    h.duration(duration / 100);
                    options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
                }
                EnumSet<BufferFlags> flags = buffer.getFlags();
                if (flags.contains(BufferFlags.DISCONT)) {
                    options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY;
                }
                if (!flags.contains(BufferFlags.DELTA_UNIT)) {
                    options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT;
                }
                h.optionsFlags(options);
                write(h);
                written++;
            } finally {
                buffer.unmap();
            }
            return FlowReturn.OK;
        } catch (KsStatusException e) {
            fail(e.status(), "kssink: " + e.getMessage());
            return FlowReturn.ERROR;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "kssink failed", e);
            fail(NtStatus.STATUS_UNSUCCESSFUL, "kssink: " + e);
            return FlowReturn.ERROR;
        } finally {
            sample.dispose();
        }
    }

    private void write(KsStreamHeader h) throws KsStatusException {
        try {
            IoStatusBlock iosb = client.streamIo().write(pin, h).toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!NtStatus.NT_SUCCESS(iosb.status())) {
                throw new KsStatusException(iosb.status(), "write failed");
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof KsStatusException ? (KsStatusException) e.getCause()
                    : new KsStatusException(NtStatus.STATUS_UNSUCCESSFUL, String.valueOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new KsStatusException(NtStatus.STATUS_IO_TIMEOUT, "write not completed in " + WRITE_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KsStatusException(NtStatus.STATUS_CANCELLED, "interrupted");
        }
    }

    private synchronized void endOfStream() {
        if (pin == null || failed) {
            return;
        }
        KsStreamHeader eos = new KsStreamHeader(ByteBuffer.allocate(0));
        eos.optionsFlags(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM);
        try {
            write(eos);
        } catch (KsStatusException e) {
            LOG.log(System.Logger.Level.WARNING, "kssink: end of stream not written: " + e.getMessage());
        }
    }

    private void open(Caps caps) throws KsStatusException {
        DeviceInterface di = KsDevices.resolve(client, KsGuids.KSCATEGORY_RENDER, device);
        filter = client.openFilter(di.symbolicLink());
        int pinId = KsDevices.pin(client, filter, KsProperty.KSPIN_DATAFLOW_IN);
        Structure s = caps.getStructure(0);
        UUID subtype = KsCaps.subtype(s.getName(), s.hasField("format") ? s.getString("format") : null);
        if (subtype == null) {
            throw new KsStatusException(NtStatus.STATUS_NO_MATCH, "kssink cannot describe " + caps + " to KS");
        }
        long interval = 0;
        try {
            var f = s.getFraction("framerate");
            interval = KsCaps.interval(f.getNumerator(), f.getDenominator());
        } catch (RuntimeException e) {
            interval = 0;
        }
        ByteBuffer format = client.intersect(filter, pinId,
                List.of(KsCaps.clientRange(subtype, s.getInteger("width"), s.getInteger("height"), 0, interval)));
        pin = client.createPin(filter, pinId, format, false);
        client.setState(pin, KsState.KSSTATE_RUN);
        LOG.log(System.Logger.Level.INFO, bin.getName() + ": " + di.friendlyName() + " as " + KsVideo.describe(format));
    }

    private void fail(int status, String message) {
        failed = true;
        // the ERROR message on the bus is how the application hears of it (as GStreamer's own elements do);
        // the log keeps a trace for debugging without saying it a second time
        LOG.log(System.Logger.Level.DEBUG, message);
        GstNative.postError(appsink, GstNative.RESOURCE_ERROR_WRITE, message, "NTSTATUS " + NtStatus.toString(status));
    }

    /**
     * Stops writing, releases the device and lets go of the element (signals disconnected, the Java
     * side's references dropped; the pipeline that holds it frees it). Do not use {@link #bin()} afterwards.
     */
    @Override
    public synchronized void close() {
        Live.closed(this);
        if (!released) {
            released = true;
            appsink.disconnect(newSample);
            appsink.disconnect(eos);
            appsink.dispose();
            bin.dispose();
        }
        if (pin != null) {
            try {
                client.setState(pin, KsState.KSSTATE_STOP);
            } catch (KsStatusException e) {
                LOG.log(System.Logger.Level.DEBUG, "kssink: stop: " + e.getMessage());
            }
            client.io().closeFile(pin);
            pin = null;
        }
        if (filter != null) {
            client.io().closeFile(filter);
            filter = null;
        }
    }
}
