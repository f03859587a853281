package ks.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadLinkException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.GError;

import ks.api.ks.KsClient;

/**
 * gst-launch descriptions in which {@code kssrc} and {@code kssink} may appear with their
 * properties, e.g. {@code kssrc device=0 num-buffers=30 ! video/x-raw,width=640,height=480 ! videoconvert
 * ! pngenc ! multifilesink location=f%03d.png}. GStreamer cannot create those two by name, so each
 * stands in the text as an appsrc or appsink of the same name while GStreamer parses the whole
 * description; then the ks element takes its place, linked as the placeholder was. So anything
 * gst-launch-1.0 accepts works around them: several chains, two cameras into one compositor,
 * {@code tee} branches, references by {@code name.}, bins in parentheses.
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
        if (description.isBlank()) {
            throw new IllegalArgumentException("empty pipeline description");
        }
        List<KsSrc> sources = new ArrayList<>();
        List<KsSink> sinks = new ArrayList<>();
        Pipeline pipeline = new Pipeline();
        try {
            // each kssrc/kssink and its properties become a placeholder of the same name that GStreamer can parse
            String parsed = substitute(description, (factory, name, properties) -> {
                if (factory.equals("kssrc")) {
                    KsSrc src = new KsSrc(client, name);
                    sources.add(src);
                    props(properties, src::set);
                    return "appsrc name=" + quoted(name);
                }
                KsSink sink = new KsSink(client, name);
                sinks.add(sink);
                props(properties, sink::set);
                return "appsink name=" + quoted(name);
            });
            Bin all = parse(parsed);
            pipeline.add(all);
            for (KsSrc src : sources) {
                swap(all, src.name(), src.bin(), "src");
            }
            for (KsSink sink : sinks) {
                swap(all, sink.bin().getName(), sink.bin(), "sink");
            }
        } catch (RuntimeException e) {
            sources.forEach(KsSrc::close);
            sinks.forEach(KsSink::close);
            pipeline.dispose();
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
        }
        return new Launched(pipeline, sources, sinks);
    }

    /** Makes the text that stands for one kssrc/kssink: its factory, name and {@code property=value} words. */
    interface Placeholder {
        String text(String factory, String name, List<String> properties);
    }

    /**
     * {@code description} with each {@code kssrc} or {@code kssink} element and its properties
     * replaced by {@code placeholder}'s text; the elements without a {@code name} are named ks0,
     * ks1, ... in order. Quotes and everything else are kept as written.
     */
    static String substitute(String description, Placeholder placeholder) {
        List<int[]> spans = tokens(description);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int n = 0;
        for (int i = 0; i < spans.size(); i++) {
            String word = text(description, spans.get(i));
            if (!word.equals("kssrc") && !word.equals("kssink")) {
                continue;
            }
            List<String> properties = new ArrayList<>();
            String name = null;
            int last = i;
            for (int j = i + 1; j < spans.size(); j++) {
                String w = text(description, spans.get(j));
                if (w.equals("!") || w.indexOf('=') <= 0) {
                    break;
                }
                if (w.startsWith("name=")) {
                    name = unquote(w.substring(5));
                } else {
                    properties.add(w);
                }
                last = j;
            }
            if (name == null) {
                name = "ks" + n;
            }
            n++;
            out.append(description, copied, spans.get(i)[0]).append(placeholder.text(word, name, properties));
            copied = spans.get(last)[1];
            i = last;
        }
        return out.append(description.substring(copied)).toString();
    }

    /** The spans of the words and {@code !} marks of a description, quotes kept inside their words. */
    private static List<int[]> tokens(String description) {
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        char quote = 0;
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                start = start < 0 ? i : start;
            } else if (c == '!' || Character.isWhitespace(c)) {
                if (start >= 0) {
                    spans.add(new int[] {start, i});
                    start = -1;
                }
                if (c == '!') {
                    spans.add(new int[] {i, i + 1});
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in pipeline description");
        }
        if (start >= 0) {
            spans.add(new int[] {start, description.length()});
        }
        return spans;
    }

    private static String text(String description, int[] span) {
        return description.substring(span[0], span[1]);
    }

    /** The whole description as one bin, as gst-launch-1.0 would build it. */
    private static Bin parse(String description) {
        List<GError> errors = new ArrayList<>();
        Bin bin;
        try {
            bin = Gst.parseBinFromDescription(description, false, errors);
        } catch (GstException e) {
            throw new IllegalArgumentException("GStreamer cannot parse '" + description + "': " + e.getMessage(), e);
        }
        if (bin == null || !errors.isEmpty()) {
            throw new IllegalArgumentException("GStreamer cannot parse '" + description + "': "
                    + (errors.isEmpty() ? "no element" : errors.get(0).getMessage()));
        }
        return bin;
    }

    /**
     * Puts {@code element} where the placeholder {@code name} stands in {@code all}: in its bin,
     * linked through its {@code padName} pad to whatever the placeholder's pad was linked to.
     */
    private static void swap(Bin all, String name, Bin element, String padName) {
        Element placeholder = all.getElementByName(name);
        if (placeholder == null) {
            throw new IllegalArgumentException("no element '" + name + "' after parsing the pipeline");
        }
        Pad pad = placeholder.getStaticPad(padName);
        Pad peer = pad.getPeer();
        if (peer != null) {
            if (padName.equals("src")) {
                pad.unlink(peer);
            } else {
                peer.unlink(pad);
            }
        }
        Bin parent = (Bin) placeholder.getParent();
        parent.remove(placeholder);
        placeholder.dispose();
        parent.add(element);
        if (peer != null) {
            try {
                if (padName.equals("src")) {
                    element.getStaticPad("src").link(peer);
                } else {
                    peer.link(element.getStaticPad("sink"));
                }
            } catch (PadLinkException e) {
                throw new IllegalArgumentException("cannot link " + name + " with " + peer.getParentElement().getName() + ": "
                        + e.getLinkResult(), e);
            }
        }
    }

    private interface Setter {
        Object set(String property, String value);
    }

    private static void props(List<String> properties, Setter setter) {
        for (String p : properties) {
            int eq = p.indexOf('=');
            setter.set(p.substring(0, eq), unquote(p.substring(eq + 1)));
        }
    }

    /** {@code name} in double quotes, as gst-launch reads a value with spaces or quotes in it. */
    static String quoted(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }
}
