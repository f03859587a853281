package ks.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

import ks.api.io.DeviceInterface;
import ks.api.ks.KsClient;
import ks.gst.GStreamer;
import ks.gst.KsPipelines;

/**
 * {@code ks capture}: records from a capture device into a video file through GStreamer (kssrc,
 * then MJPEG in Matroska or AVI, H.264 in MP4, or one PNG snapshot), with a progress line each second and a
 * summary. The file is written under a temporary name next to the output and renamed when the
 * stream has ended cleanly, so the output is either complete or absent.
 */
final class Capture {

    static final String USAGE = "ks capture [--device D] [--format FOURCC] [--size WxH] [--fps F] [--control NAME=VALUE,...] "
            + "[--frames N | --duration SECONDS] [--output FILE.mkv|.mp4|.avi|.png]";
    static final String DEFAULT_OUTPUT = "capture.mkv";
    static final int DEFAULT_SECONDS = 5;

    private Capture() {
    }

    /** The muxer, the encoder (from raw video), its name for messages, and the container's name. */
    private record Container(String muxer, String encoder, String codec, String description) {
        /** The elements after the caps: MJPG from the device is muxed as it is when the container takes it. */
        String tail(VideoMode mode) {
            if (mode.jpeg() && codec.equals("MJPEG")) {
                return muxer;
            }
            return (mode.jpeg() ? "jpegdec ! " : "") + "videoconvert ! " + encoder + " ! " + muxer;
        }
    }

    static int run(KsClient client, GStreamer gst, String[] args, PrintStream out, PrintStream err) {
        return GstJob.exitCode("capture", out, err, () -> capture(client, gst, args, out));
    }

    private static int capture(KsClient client, GStreamer gst, String[] args, PrintStream out) throws CliException, InterruptedException {
        Options o = Options.parse("capture", USAGE, args,
                Set.of("--device", "--format", "--size", "--fps", "--control", "--frames", "--duration", "--output", "-o"), Set.of(), 0);
        String output = o.string("--output", o.string("-o", DEFAULT_OUTPUT));
        String ext = output.contains(".") ? output.substring(output.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Container container = container(ext);
        if (container == null && !ext.equals("png")) {
            throw o.usage("the output must end in .mkv, .mp4, .avi or .png, not '" + output + "'");
        }
        checkValues(o);
        if (container == null && (o.has("--duration") || o.integer("--frames", 1, 1) > 1)) {
            throw o.usage("a .png holds one frame: give no --frames or --duration, or write .mkv, .mp4 or .avi for more");
        }
        Path target = Path.of(output).toAbsolutePath();
        Path partial = reserve(target);
        GstJob.Running running = new GstJob.Running();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        // Ctrl-C or SIGTERM: a recording under way is ended as ./ks launch ends one (end-of-stream first, so
        // the muxer finishes the file) and kept; the JVM ends when this hook returns, so it waits for the
        // main flow to write the file, and says what happened either way
        Thread onSignal = new Thread(() -> {
            signalled.set(true);
            KsPipelines.Launched l = running.launched;
            if (l != null) {
                GstJob.endEarly(l);
            }
            try {
                if (!finished.await(GstJob.EOS_SECONDS + 5, java.util.concurrent.TimeUnit.SECONDS)) {
                    out.println("ks capture: stopped, and the file was not finished in time; nothing was written to " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(partial); // gone already when the file was written
            out.flush();
        }, "ks-capture-signal");
        Runtime.getRuntime().addShutdownHook(onSignal);
        boolean done = false;
        try {
            if (container != null) {
                GstJob.requireGStreamer(gst, "capture", "videoconvert", "jpegdec", container.codec.equals("H.264") ? "x264enc" : "jpegenc",
                        container.muxer, "filesink");
            } else {
                GstJob.requireGStreamer(gst, "capture", "videoconvert", "pngenc", "jpegdec", "filesink");
            }
            GstJob.Source source = GstJob.rawOrJpeg(client, "capture", o, "is not supported for files yet");
            DeviceInterface device = source.device();
            VideoMode mode = source.mode();
            int frames = container == null ? 1 : GstJob.frames(o, mode, (int) Math.round(DEFAULT_SECONDS * mode.fps()));
            String encode = container == null
                    ? (mode.jpeg() ? "jpegdec ! " : "") + "videoconvert ! pngenc"
                    : container.tail(mode);
            String description = source.kssrc() + " pts=picture num-buffers=" + frames + " ! " + mode.caps()
                    + " ! " + encode + " ! filesink location=\"" + partial + "\"";
            out.println("capturing " + frames + (frames == 1 ? " frame" : " frames") + " of " + mode + " from " + device.friendlyName()
                    + " into " + output);
            long timeout = GstJob.timeoutSeconds(frames, mode.fps());
            GstJob.Result r = GstJob.run(client, description, frames, timeout, mode.fps(), out, running);
            if (r.error() != null) {
                throw new CliException(CliException.FAILED, "ks capture: " + r.error() + "; nothing was written to " + output);
            }
            long bytes = size(partial);
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new CliException(CliException.OUTPUT, "ks capture: cannot write " + output + ": " + e.getMessage());
            }
            done = true;
            out.println(String.format(Locale.ROOT, "wrote %s: %d %s, %s%s, %.1f s, %d dropped, %d bytes%s", output, r.frames(),
                    r.frames() == 1 ? "frame" : "frames", mode, container == null ? " as PNG" : " as " + container.codec + " in " + container.description,
                    r.seconds(), r.dropped(), bytes, signalled.get() ? " (stopped early by a signal)" : ""));
            return 0;
        } finally {
            if (!done) {
                deleteQuietly(partial);
                if (signalled.get()) {
                    out.println("ks capture: stopped by a signal before a frame was recorded; nothing was written to " + output);
                }
            }
            out.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs
            }
        }
    }

    /** Option values are checked before anything starts, so a typo is exit code 2 whatever else is wrong. */
    static void checkValues(Options o) throws CliException {
        o.integer("--frames", 1, 1);
        o.positive("--duration", 1);
        o.positive("--fps", 1);
        o.size("--size");
        GstJob.controls(o);
        if (o.has("--frames") && o.has("--duration")) {
            throw o.usage("give --frames or --duration, not both");
        }
    }

    private static Container container(String ext) {
        switch (ext) {
            case "mkv": return new Container("matroskamux", "jpegenc", "MJPEG", "Matroska");
            // MP4 players expect H.264 (mp4mux takes no JPEG): I420 main profile, a key frame each second
            case "mp4": return new Container("mp4mux", "video/x-raw,format=I420 ! x264enc speed-preset=veryfast key-int-max=30"
                    + " ! video/x-h264,profile=main", "H.264", "MP4");
            case "avi": return new Container("avimux", "jpegenc", "MJPEG", "AVI");
            default: return null;
        }
    }

    /** Creates the temporary file next to {@code target}, which proves the directory is writable. */
    static Path reserve(Path target) throws CliException {
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new CliException(CliException.OUTPUT, "ks capture: cannot write " + target + ": it is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException(CliException.OUTPUT, "ks capture: cannot write " + target + ": the directory " + dir + " does not exist");
        }
        removeStalePartials(dir, target.getFileName().toString());
        try {
            // createFile (not createTempFile) so the file gets the user's usual permissions
            return Files.createFile(dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".partial"));
        } catch (AccessDeniedException | NoSuchFileException | java.nio.file.FileAlreadyExistsException e) {
            throw new CliException(CliException.OUTPUT, "ks capture: cannot write " + target + ": the directory " + dir + " is not writable");
        } catch (IOException e) {
            throw new CliException(CliException.OUTPUT, "ks capture: cannot write " + target + ": " + e.getMessage());
        }
    }

    /**
     * Deletes what a capture into {@code name} killed outright (SIGKILL, a crash) left in
     * {@code dir}: {@code .NAME.PID.partial} files of processes that no longer run.
     */
    static void removeStalePartials(Path dir, String name) {
        java.util.regex.Pattern own = java.util.regex.Pattern.compile("\\." + java.util.regex.Pattern.quote(name) + "\\.(\\d+)\\.partial");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                java.util.regex.Matcher m = own.matcher(f.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    deleteQuietly(f);
                }
            });
        } catch (IOException | NumberFormatException e) {
            // best effort: a leftover stays until the next run
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the name starts with a dot and ends in .partial
        }
    }
}
