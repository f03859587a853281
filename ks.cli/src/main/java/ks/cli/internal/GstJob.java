package ks.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.ElementFactory;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.gst.GStreamer;
import ks.gst.KsControls;
import ks.gst.KsDevices;
import ks.gst.KsPipelines;
import ks.gst.KsSrc;

/**
 * What {@code capture} and {@code stream} share: the capture device and mode the options name, the
 * check that GStreamer has every element a pipeline needs, and running a kssrc pipeline with a
 * progress line each second until it ends.
 */
final class GstJob {

    /** The device {@code ./ks capture} uses when none is named, when it is there. */
    static final String DEFAULT_DEVICE = "ks Virtual Camera";

    private GstJob() {
    }

    /** A command body that prints to {@code out} and reports mistakes as {@link CliException}s. */
    interface Body {
        int run() throws CliException, InterruptedException;
    }

    /** Runs {@code body}: its exit code, or the message of its mistake on {@code err} (the usage asked for on {@code out}) and that exit code. */
    static int exitCode(String command, PrintStream out, PrintStream err, Body body) {
        try {
            return body.run();
        } catch (CliException e) {
            return e.report(out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ks " + command + ": interrupted");
            return CliException.FAILED;
        }
    }

    /**
     * The capture device the options name, the raw or MJPG mode they ask for on it, and the camera
     * controls {@code --control} sets on it.
     */
    record Source(DeviceInterface device, VideoMode mode, List<KsControls.Setting> controls) {

        /** kssrc with this device and controls, e.g. {@code kssrc device="..." controls="Brightness=20"}. */
        String kssrc() {
            return "kssrc device=" + KsPipelines.quote(device.symbolicLink()) + (controls.isEmpty() ? ""
                    : " controls=" + KsPipelines.quote(String.join(",", controls.stream().map(KsControls.Setting::toString).toList())));
        }
    }

    /** @param notCarried why a compressed format other than MJPG cannot be used, for the message */
    static Source rawOrJpeg(KsClient client, String command, Options o, String notCarried) throws CliException {
        List<KsControls.Setting> controls = controls(o);
        DeviceInterface device = device(client, command, o.string("--device", null));
        VideoMode mode = mode(client, command, device, o);
        if (!mode.raw() && !mode.jpeg()) {
            throw new CliException(CliException.UNSUPPORTED, "ks " + command + ": " + mode.format() + " " + notCarried
                    + "; choose a raw or MJPG format with --format");
        }
        checkControls(client, command, device, controls);
        return new Source(device, mode, controls);
    }

    /** The settings of {@code --control} (none when it is not given); a setting that cannot be read is a command-line mistake. */
    static List<KsControls.Setting> controls(Options o) throws CliException {
        try {
            return KsControls.parse(o.string("--control", ""));
        } catch (IllegalArgumentException e) {
            throw o.usage("--control: " + e.getMessage());
        }
    }

    /** A control the device does not have, or a value it does not offer, is exit code 4, as a mode it does not offer. */
    static void checkControls(KsClient client, String command, DeviceInterface device, List<KsControls.Setting> controls)
            throws CliException {
        if (controls.isEmpty()) {
            return;
        }
        onFilter(client, command, device, filter -> {
            KsControls.check(client, filter, device.friendlyName(), controls);
            return null;
        });
    }

    /** Work on an open filter. */
    interface FilterWork<T> {
        T on(FileObject filter) throws KsStatusException;
    }

    /** Opens {@code device}'s filter, does {@code work} on it and closes it; a status it fails with is {@link #controlRefused}. */
    static <T> T onFilter(KsClient client, String command, DeviceInterface device, FilterWork<T> work) throws CliException {
        try {
            FileObject filter = client.openFilter(device.symbolicLink());
            try {
                return work.on(filter);
            } finally {
                client.io().closeFile(filter);
            }
        } catch (KsStatusException e) {
            throw controlRefused(command, e);
        }
    }

    /**
     * A control the device does not have (STATUS_NOT_FOUND) or a value it does not take
     * (STATUS_INVALID_PARAMETER) as exit code 4, anything else that went wrong as 1.
     */
    private static CliException controlRefused(String command, KsStatusException e) {
        boolean notOffered = e.status() == NtStatus.STATUS_NOT_FOUND || e.status() == NtStatus.STATUS_INVALID_PARAMETER;
        return new CliException(notOffered ? CliException.UNSUPPORTED : CliException.FAILED, "ks " + command + ": " + e.getMessage());
    }

    /**
     * Seconds without a frame after which a capture or stream gives up on its device, as
     * ksvideosrc's read timeout: a camera that stopped, or a loopback nobody writes into.
     */
    static final long STALL_SECONDS = 10;

    /** The outcome of a run. */
    record Result(boolean ended, String error, long frames, long dropped, double seconds) {
    }

    static void requireGStreamer(GStreamer gst, String command, String... elements) throws CliException {
        if (gst == null) {
            try {
                GStreamer.initialise();
            } catch (IllegalStateException e) {
                throw new CliException(CliException.GSTREAMER, "ks " + command + ": " + e.getMessage());
            }
        }
        for (String e : elements) {
            if (!installed(e)) {
                throw new CliException(CliException.GSTREAMER, "ks " + command + ": the GStreamer element '" + e
                        + "' is not installed; install it with: apt-get install " + GStreamer.packageOf(e));
            }
        }
    }

    private static boolean installed(String element) {
        try {
            return ElementFactory.find(element) != null;
        } catch (IllegalArgumentException e) { // gst1-java-core throws for an unknown factory
            return false;
        }
    }

    /** The capture device named by {@code --device}, or the default one. */
    static DeviceInterface device(KsClient client, String command, String name) throws CliException {
        String wanted = name;
        if (wanted == null) {
            boolean virtual = client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).stream()
                    .anyMatch(d -> d.friendlyName().equals(DEFAULT_DEVICE));
            wanted = virtual ? DEFAULT_DEVICE : "0";
        }
        try {
            return KsDevices.resolve(client, KsGuids.KSCATEGORY_CAPTURE, wanted);
        } catch (KsStatusException e) {
            throw new CliException(CliException.NO_DEVICE, "ks " + command + ": " + e.getMessage()
                    + (name == null ? "" : " (see: ./ks devices)"));
        }
    }

    /** The mode the options ask for on {@code device}. */
    static VideoMode mode(KsClient client, String command, DeviceInterface device, Options o) throws CliException {
        try {
            return VideoMode.choose(VideoMode.ranges(client, device), device.friendlyName(), o.string("--format", null),
                    o.size("--size"), o.positive("--fps", 0));
        } catch (CliException e) {
            throw e.exitCode() == CliException.UNSUPPORTED ? new CliException(e.exitCode(), "ks " + command + ": " + e.getMessage()) : e;
        } catch (KsStatusException e) {
            throw new CliException(CliException.FAILED, "ks " + command + ": " + device.friendlyName() + ": " + e.getMessage());
        }
    }

    /** Frames to take: {@code --frames}, else {@code --duration} seconds at the mode's rate, else {@code fallback}. */
    static int frames(Options o, VideoMode mode, int fallback) throws CliException {
        if (o.has("--frames") && o.has("--duration")) {
            throw o.usage("give --frames or --duration, not both");
        }
        if (o.has("--duration")) {
            double seconds = o.positive("--duration", 0);
            long n = Math.max(1, Math.round(seconds * mode.fps()));
            if (n > Integer.MAX_VALUE) {
                throw o.usage("--duration " + o.string("--duration", "") + " is " + n + " frames at " + VideoMode.fps(mode.fps())
                        + " fps, more than the " + Integer.MAX_VALUE + " a stream can count");
            }
            return (int) n;
        }
        return o.integer("--frames", fallback, 1);
    }

    /** How long {@code frames} at {@code fps} may take: three times their length, plus 15 s to start and finish. */
    static long timeoutSeconds(long frames, double fps) {
        return 15 + Math.round(3.0 * frames / fps);
    }

    /**
     * Launches {@code description} (its kssrc is the first source), prints a progress line every
     * second and waits for the end of the stream, an error, {@code timeoutSeconds}, or a stall: no
     * frame for {@link #STALL_SECONDS} (three frame intervals at {@code fps} if that is longer).
     */
    static Result run(KsClient client, String description, long total, long timeoutSeconds, double fps, PrintStream out)
            throws InterruptedException, CliException {
        return run(client, description, total, timeoutSeconds, fps, out, null);
    }

    /** The pipeline a command is running now, for a signal to end early; null before it starts and after it ended. */
    static final class Running {
        volatile KsPipelines.Launched launched;
    }

    /** As {@link #run(KsClient, String, long, long, double, PrintStream)}, publishing the pipeline in {@code running} while it runs. */
    static Result run(KsClient client, String description, long total, long timeoutSeconds, double fps, PrintStream out, Running running)
            throws InterruptedException, CliException {
        KsPipelines.Launched launched;
        try {
            launched = KsPipelines.launch(client, description);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.FAILED, "ks: GStreamer could not build the pipeline: " + e.getMessage());
        }
        if (running != null) {
            running.launched = launched;
        }
        try (launched) {
            KsSrc src = launched.sources().get(0);
            long start = System.nanoTime();
            launched.play();
            String end = null;
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long stall = Math.max(TimeUnit.SECONDS.toNanos(STALL_SECONDS), Math.round(3e9 / fps));
            long lastFrames = 0;
            long lastFrameSeen = start;
            boolean stalled = false;
            while (end == null && !stalled && System.nanoTime() < deadline) {
                end = launched.await(1, TimeUnit.SECONDS);
                if (end == null) {
                    long now = System.nanoTime();
                    long frames = src.frames();
                    out.println(String.format(Locale.ROOT, "  %d%s frames, %.1f fps, %d dropped", frames,
                            total > 0 ? " of " + total : "", frames / ((now - start) / 1e9), src.dropped()));
                    if (frames != lastFrames) {
                        lastFrames = frames;
                        lastFrameSeen = now;
                    }
                    stalled = now - lastFrameSeen >= stall;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String error = null;
            if (stalled) {
                String device = src.openedDevice() == null ? "the device" : src.openedDevice();
                long quiet = TimeUnit.NANOSECONDS.toSeconds(stall);
                error = lastFrames == 0 ? "no frame came from " + device + " in " + quiet + " s"
                        : "no frame came from " + device + " for " + quiet + " s after frame " + lastFrames;
            } else if (end == null) {
                error = "no end of stream within " + timeoutSeconds + " s";
            } else if (end.startsWith("ERROR")) {
                error = src.failure() != NtStatus.STATUS_SUCCESS && !end.contains(NtStatus.toString(src.failure()))
                        ? end.substring(7) + " (" + NtStatus.toString(src.failure()) + ")" : end.substring(7);
            }
            return new Result(end != null, error, src.frames(), src.dropped(), seconds);
        } finally {
            if (running != null) {
                running.launched = null;
            }
        }
    }

    /** Seconds a pipeline has to finish after end-of-stream was sent into it early (muxers write their index). */
    static final int EOS_SECONDS = 5;

    /** Sends end-of-stream into a pipeline still running and waits for it; returns how the pipeline ended. */
    static String endEarly(KsPipelines.Launched launched) {
        try {
            String end = launched.await(0, TimeUnit.MILLISECONDS);
            if (end != null) {
                return end;
            }
            launched.pipeline().sendEvent(new org.freedesktop.gstreamer.event.EOSEvent());
            end = launched.await(EOS_SECONDS, TimeUnit.SECONDS);
            return end != null ? end : "ERROR: the pipeline did not finish its end-of-stream within " + EOS_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ERROR: interrupted while ending the stream";
        }
    }
}
