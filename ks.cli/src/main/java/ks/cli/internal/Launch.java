package ks.cli.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.gst.GStreamer;
import ks.gst.KsPipelines;
import ks.gst.KsSrc;

/**
 * {@code ks launch PIPELINE}: what {@code gst-launch-1.0 -e} does, inside the container, so that
 * {@code kssrc} and {@code kssink} can stand in a pipeline written on the command line. It runs
 * until the end of the stream or an error, printing each second how long it has run and the
 * frames of every kssrc; stopped early (Ctrl-C, SIGTERM, or an interrupt in the shell), it sends
 * end-of-stream first and waits up to {@value #EOS_SECONDS} s for it, so muxers finish their files.
 */
final class Launch {

    static final String USAGE = "ks launch PIPELINE   (gst-launch-1.0 syntax, with kssrc and kssink among the elements; "
            + "e.g. kssrc num-buffers=30 ! videoconvert ! pngenc ! multifilesink location=frame%03d.png)";

    /** How long an early stop waits for the end-of-stream it sent to reach the sinks. */
    static final int EOS_SECONDS = GstJob.EOS_SECONDS;

    private static final Pattern NO_ELEMENT = Pattern.compile("no element \"([^\"]+)\"");

    private Launch() {
    }

    static int run(KsClient client, GStreamer gst, String[] args, PrintStream out, PrintStream err) {
        return GstJob.exitCode("launch", out, err, () -> launch(client, gst, args, out));
    }

    private static int launch(KsClient client, GStreamer gst, String[] args, PrintStream out) throws CliException, InterruptedException {
        String description = description(args);
        if (Options.isHelp(description)) {
            throw Options.help(USAGE);
        }
        if (description.isEmpty()) {
            throw Options.mistake("launch", USAGE, "give a pipeline");
        }
        if (description.startsWith("-")) {
            throw Options.mistake("launch", USAGE, "takes no options, only a pipeline, not '" + args[0]
                    + "' (end-of-stream on Ctrl-C is always on)");
        }
        GstJob.requireGStreamer(gst, "launch");
        KsPipelines.Launched launched;
        try {
            launched = KsPipelines.launch(client, description);
        } catch (IllegalArgumentException e) {
            throw unreadable(e.getMessage());
        }
        try (launched) {
            return play(launched, out);
        }
    }

    /**
     * The words of the command line as one description. The shell took the quotes off a value with
     * spaces ({@code device="ks Virtual Camera"} arrives as {@code device=ks Virtual Camera}); they
     * are put back, so the value stays one.
     */
    static String description(String[] args) {
        StringBuilder d = new StringBuilder();
        for (String a : args) {
            if (d.length() > 0) {
                d.append(' ');
            }
            int eq = a.indexOf('=');
            if (!a.matches(".*\\s.*") || a.contains("\"")) {
                d.append(a);
            } else if (eq > 0 && !a.substring(0, eq).matches(".*\\s.*")) {
                d.append(a, 0, eq + 1).append('"').append(a.substring(eq + 1)).append('"');
            } else {
                d.append('"').append(a).append('"');
            }
        }
        return d.toString().trim();
    }

    /** GStreamer's complaint about a description: an element that is not installed, or a mistake in the text. */
    private static CliException unreadable(String message) {
        Matcher m = NO_ELEMENT.matcher(message == null ? "" : message);
        if (m.find()) {
            String element = m.group(1);
            return new CliException(CliException.GSTREAMER, "ks launch: GStreamer has no element '" + element
                    + "'; if the name is right, install its plugins with: apt-get install " + GStreamer.packageOf(element));
        }
        return Options.mistake("launch", USAGE, "GStreamer cannot read the pipeline: " + message);
    }

    private static int play(KsPipelines.Launched launched, PrintStream out) throws CliException, InterruptedException {
        long start = System.nanoTime();
        Thread stopper = new Thread(() -> {
            // Ctrl-C or SIGTERM: the JVM ends when this hook returns, so it reports the end itself
            String end = GstJob.endEarly(launched);
            out.println(end.startsWith("ERROR") ? "ks launch: " + end.substring("ERROR: ".length()) : "stopped: " + progress(launched, start));
            out.flush();
        }, "ks-launch-eos");
        Runtime.getRuntime().addShutdownHook(stopper);
        String end = null;
        boolean early = false;
        try {
            launched.play();
            out.println("running; Ctrl-C ends the stream and stops");
            while (end == null) {
                end = launched.await(1, TimeUnit.SECONDS);
                if (end == null) {
                    out.println("  " + progress(launched, start));
                }
            }
        } catch (InterruptedException e) {
            // stopped in the shell: end the stream as Ctrl-C does (the interrupt is kept for after the wait), then report it
            end = GstJob.endEarly(launched);
            early = true;
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is ending the stream
            }
        }
        if (end.startsWith("ERROR")) {
            boolean noDevice = launched.sources().stream().anyMatch(src -> src.failure() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND);
            throw new CliException(noDevice ? CliException.NO_DEVICE : CliException.FAILED, "ks launch: "
                    + end.substring("ERROR: ".length()) + (noDevice ? " (see: ./ks devices)" : ""));
        }
        out.println((early ? "stopped" : "ended") + ": " + progress(launched, start));
        return 0;
    }

    private static String progress(KsPipelines.Launched launched, long start) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
        for (KsSrc src : launched.sources()) {
            String device = src.openedDevice();
            s.append(String.format(Locale.ROOT, "; %s%s: %d frames, %d dropped%s", src.name(), device == null ? "" : " (" + device + ")",
                    src.frames(), src.dropped(), src.awaitingDevice() ? ", removed: waiting for it to come back"
                            : src.reconnects() > 0 ? ", reconnected " + src.reconnects() + "x" : ""));
        }
        return s.toString();
    }
}
