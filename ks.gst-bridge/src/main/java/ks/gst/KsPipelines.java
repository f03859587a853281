package ks.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.GError;

import ks.api.ks.KsClient;

/**
 * gst-launch descriptions in which {@code kssrc} and {@code kssink} may appear with their
 * properties, e.g. {@code kssrc device=0 num-buffers=30 ! video/x-raw,width=640,height=480 ! videoconvert
 * ! pngenc ! multifilesink location=f%03d.png}. GStreamer cannot create those two by name, so the
 * description is cut at the top-level {@code !} into a chain: each {@code kssrc}/{@code kssink}
 * becomes its Bin, each run of other elements one bin parsed by GStreamer (unlinked pads ghosted),
 * a bare caps string a capsfilter, and the pieces are linked in order. One linear chain per
 * description; names and branches ({@code tee name=t ... t.}) work inside the ordinary runs.
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

        /** Stops the ks elements (cancelling their I/O), then the pipeline, and frees it. */
        @Override
        public void close() {
            for (KsSrc s : sources) {
                s.close();
            }
            pipeline.stop();
            for (KsSink s : sinks) {
                s.close();
            }
            pipeline.dispose();
        }
    }

    /**
     * Builds the pipeline of {@code description}.
     *
     * @throws IllegalArgumentException with GStreamer's message for a description it cannot parse,
     *     or for an unknown kssrc/kssink property
     */
    public static Launched launch(KsClient client, String description) {
        List<String> segments = split(description);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("empty pipeline description");
        }
        Pipeline pipeline = new Pipeline();
        List<KsSrc> sources = new ArrayList<>();
        List<KsSink> sinks = new ArrayList<>();
        List<Element> chain = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int n = 0;
        try {
            for (String seg : segments) {
                String[] words = words(seg);
                if (words[0].equals("kssrc") || words[0].equals("kssink")) {
                    flush(run, chain, pipeline);
                    String name = "ks" + n++;
                    for (int i = 1; i < words.length; i++) {
                        if (words[i].startsWith("name=")) {
                            name = words[i].substring(5);
                        }
                    }
                    if (words[0].equals("kssrc")) {
                        KsSrc src = new KsSrc(client, name);
                        props(words, src::set);
                        sources.add(src);
                        chain.add(src.bin());
                        pipeline.add(src.bin());
                    } else {
                        KsSink sink = new KsSink(client, name);
                        props(words, sink::set);
                        sinks.add(sink);
                        chain.add(sink.bin());
                        pipeline.add(sink.bin());
                    }
                } else {
                    if (run.length() > 0) {
                        run.append(" ! ");
                    }
                    run.append(isCaps(seg) ? "capsfilter caps=\"" + seg.trim().replace("\"", "\\\"") + "\"" : seg.trim());
                }
            }
            flush(run, chain, pipeline);
            for (int i = 1; i < chain.size(); i++) {
                if (!chain.get(i - 1).link(chain.get(i))) {
                    throw new IllegalArgumentException("cannot link " + chain.get(i - 1).getName() + " to " + chain.get(i).getName());
                }
            }
        } catch (RuntimeException e) {
            pipeline.dispose();
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
        }
        return new Launched(pipeline, sources, sinks);
    }

    private interface Setter {
        Object set(String property, String value);
    }

    private static void props(String[] words, Setter setter) {
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(words[0] + ": expected property=value, got '" + words[i] + "'");
            }
            String key = words[i].substring(0, eq);
            if (!key.equals("name")) {
                setter.set(key, unquote(words[i].substring(eq + 1)));
            }
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }

    private static void flush(StringBuilder run, List<Element> chain, Pipeline pipeline) {
        if (run.length() == 0) {
            return;
        }
        List<GError> errors = new ArrayList<>();
        Bin bin;
        try {
            bin = Gst.parseBinFromDescription(run.toString(), true, errors);
        } catch (GstException e) {
            throw new IllegalArgumentException("GStreamer cannot parse '" + run + "': " + e.getMessage(), e);
        }
        if (bin == null || !errors.isEmpty()) {
            throw new IllegalArgumentException("GStreamer cannot parse '" + run + "': "
                    + (errors.isEmpty() ? "no element" : errors.get(0).getMessage()));
        }
        pipeline.add(bin);
        chain.add(bin);
        run.setLength(0);
    }

    /** A bare caps string (media type with optional fields), which gst-launch allows between elements. */
    static boolean isCaps(String segment) {
        String s = segment.trim().toLowerCase(Locale.ROOT);
        return s.matches("(video|image|audio|application)/[a-z0-9.+-]+.*");
    }

    /** A segment's words, split at blanks outside quotes. */
    static String[] words(String segment) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : segment.trim().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                continue;
            }
            cur.append(c);
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out.toArray(new String[0]);
    }

    /** The description cut at every {@code !} outside quotes. */
    static List<String> split(String description) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : description.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '!') {
                add(out, cur);
                continue;
            }
            cur.append(c);
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in pipeline description");
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty element between '!' in pipeline description");
        }
        out.add(s);
        cur.setLength(0);
    }
}
