package ks.gst;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.Pointer;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;

import ks.api.ks.KsClient;
import ks.gst.internal.GstNative;

/**
 * gst-launch descriptions run with the ks elements, e.g. {@code kssrc device=0 num-buffers=30 !
 * video/x-raw,width=640,height=480 ! videoconvert ! pngenc ! multifilesink location=f%03d.png}.
 * kssrc and kssink are registered elements, so GStreamer parses the whole description itself:
 * several chains, two cameras into one compositor, {@code tee} branches, references by
 * {@code name.}, bins in parentheses. The ks elements in it open their devices through the
 * {@link KsClient} given here.
 */
public final class KsPipelines {

    private KsPipelines() {
    }

    /** A launched pipeline with its ks elements. Closing stops it and releases the devices. */
    public static final class Launched implements AutoCloseable {
        private final Pipeline pipeline;
        private final List<KsSrc> sources;
        private final List<KsSink> sinks;
        private final CompletableFuture<String> ended = new CompletableFuture<>();

        Launched(Pipeline pipeline, List<KsSrc> sources, List<KsSink> sinks) {
            this.pipeline = pipeline;
            this.sources = List.copyOf(sources);
            this.sinks = List.copyOf(sinks);
            Bus bus = pipeline.getBus();
            bus.connect((Bus.EOS) source -> ended.complete("EOS"));
            bus.connect((Bus.ERROR) (source, code, message) -> ended.complete("ERROR: " + message));
        }

        public Pipeline pipeline() {
            return pipeline;
        }

        public List<KsSrc> sources() {
            return sources;
        }

        public List<KsSink> sinks() {
            return sinks;
        }

        public Launched play() {
            pipeline.play();
            return this;
        }

        /**
         * Waits for the end of the stream or an error.
         *
         * @return "EOS", "ERROR: message", or null when neither came in time
         */
        public String await(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                return ended.get(timeout, unit);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return null;
            }
        }

        /** Stops the pipeline (its ks elements cancel their I/O and release their devices) and frees it. */
        @Override
        public void close() {
            pipeline.stop();
            pipeline.dispose();
        }
    }

    /**
     * Builds the pipeline of {@code description}.
     *
     * @throws IllegalArgumentException with GStreamer's message for a description it cannot parse;
     *     for an unknown kssrc/kssink property, one that names the properties there are
     */
    public static Launched launch(KsClient client, String description) {
        if (description.isBlank()) {
            throw new IllegalArgumentException("empty pipeline description");
        }
        KsElements.host();
        Pipeline pipeline = new Pipeline();
        try {
            pipeline.add(parse(description));
            List<KsSrc> sources = KsElements.sources(pipeline);
            List<KsSink> sinks = KsElements.sinks(pipeline);
            sources.forEach(s -> s.client(client));
            sinks.forEach(s -> s.client(client));
            return new Launched(pipeline, sources, sinks);
        } catch (RuntimeException e) {
            pipeline.dispose();
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The whole description as one bin, as gst-launch-1.0 would build it. */
    private static Bin parse(String description) {
        Pointer bin;
        try {
            bin = GstNative.parseBin(description);
        } catch (GstNative.ParseError e) {
            throw new IllegalArgumentException(message(description, e.code(), e.getMessage()), e);
        }
        if (bin == null) {
            throw new IllegalArgumentException("GStreamer cannot parse '" + description + "': no element");
        }
        return Natives.objectFor(bin, Bin.class, false, true); // takes the reference
    }

    /** GST_PARSE_ERROR_NO_SUCH_PROPERTY. */
    private static final int NO_SUCH_PROPERTY = 2;
    /** GStreamer's text for it: no property "P" in element "NAME". */
    private static final Pattern NO_PROPERTY = Pattern.compile("no property \"([^\"]*)\" in element \"((kssrc|kssink)\\d*)\"");

    /** GStreamer's message, or for a kssrc/kssink property it does not have one naming those it has. */
    static String message(String description, int code, String message) {
        Matcher m = NO_PROPERTY.matcher(message);
        if (code == NO_SUCH_PROPERTY && m.find()) {
            return KsElements.noSuchProperty(m.group(3), m.group(1));
        }
        return "GStreamer cannot parse '" + description + "': " + message;
    }

    /**
     * {@code value} as one quoted property value of a description: in double quotes, with the
     * backslashes and double quotes GStreamer's parser would take as escapes escaped
     * (a symbolic link {@code \??\USBPDO-0#...} stays as written).
     */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
