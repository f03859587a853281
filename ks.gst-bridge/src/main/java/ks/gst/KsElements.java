package ks.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.glib.Natives;

import ks.api.ks.KsClient;
import ks.gst.internal.GstNative;
import ks.gst.types.KsElement;
import ks.gst.types.KsElementImplementation;
import ks.gst.types.KsElementTypes;

/**
 * The ks GStreamer elements in this process: {@code kssrc} and {@code kssink} are registered
 * GStreamer elements (in the static plugin {@code ks}), so gst_element_factory_make, gst_parse_launch
 * and gst1-java-core's {@code ElementFactory.make("kssrc", …)} create them like any other. What
 * they do comes from the ks bridge bound now: in a container, the bridge's component binds itself
 * to the container's I/O manager; outside one, {@link #install} binds one to a {@link KsClient}.
 * {@link #source} and {@link #sink} give the Java view of an element (frames, drops, the device
 * opened).
 */
public final class KsElements {

    private KsElements() {
    }

    /** The elements bound to a KS client; closing it ends their streams (each running one posts an ERROR) and unbinds them. */
    public static final class Installation implements AutoCloseable {
        private final ElementHost host;

        Installation(ElementHost host) {
            this.host = host;
        }

        @Override
        public void close() {
            host.close();
        }
    }

    /**
     * Registers the elements (once per process; GStreamer is initialised if nothing has) and binds
     * them to {@code defaultClient}, through which every element opens its device unless it is
     * given another ({@link KsSrc#client}).
     *
     * @throws IllegalStateException when the elements cannot be registered, or another bridge is bound
     */
    public static Installation install(KsClient defaultClient) {
        register();
        synchronized (KsElements.class) {
            KsElementImplementation current = KsElementTypes.bound();
            if (current instanceof ElementHost h && h.implicit()) {
                h.close();
            }
            ElementHost host = new ElementHost(defaultClient, false);
            KsElementTypes.bind(host);
            return new Installation(host);
        }
    }

    /** Registers kssrc and kssink in this process if they are not yet (initialising GStreamer if nothing has). */
    public static void register() {
        GStreamer.initialise();
        KsElementTypes.register();
    }

    /** The host bound now, binding one without a default client when none is. */
    static ElementHost host() {
        register();
        synchronized (KsElements.class) {
            KsElementImplementation current = KsElementTypes.bound();
            if (current instanceof ElementHost h) {
                return h;
            }
            if (current != null) {
                throw new IllegalStateException("the ks elements are bound to a bridge of another class loader");
            }
            ElementHost host = new ElementHost(null, true);
            KsElementTypes.bind(host);
            return host;
        }
    }

    /** The bound host, or null; never binds one. */
    static ElementHost boundHost() {
        return KsElementTypes.bound() instanceof ElementHost h ? h : null;
    }

    /** A new kssrc (as {@code ElementFactory.make("kssrc", name)}) whose device is opened through {@code client}. */
    public static Element makeSource(KsClient client, String name) {
        Element e = make(KsElementTypes.SOURCE, name);
        source(e).client(client);
        return e;
    }

    /** A new kssink whose device is opened through {@code client}. */
    public static Element makeSink(KsClient client, String name) {
        Element e = make(KsElementTypes.SINK, name);
        sink(e).client(client);
        return e;
    }

    private static Element make(String factory, String name) {
        host();
        return ElementFactory.make(factory, name);
    }

    /** The stream of a kssrc element. @throws IllegalArgumentException for another element */
    public static KsSrc source(Element element) {
        KsElement e = element(element, KsElementTypes.SOURCE);
        return host().source(e);
    }

    /** The stream of a kssink element. @throws IllegalArgumentException for another element */
    public static KsSink sink(Element element) {
        KsElement e = element(element, KsElementTypes.SINK);
        return host().sink(e);
    }

    /** The kssrc streams in {@code bin} and its bins, in the order they were added (a description's order). */
    public static List<KsSrc> sources(Bin bin) {
        ElementHost host = host();
        return elements(bin, KsElementTypes.SOURCE).stream().map(host::source).toList();
    }

    /** The kssink streams in {@code bin} and its bins. */
    public static List<KsSink> sinks(Bin bin) {
        ElementHost host = host();
        return elements(bin, KsElementTypes.SINK).stream().map(host::sink).toList();
    }

    /** The ks elements of one factory in a bin, recursively, oldest first (GStreamer lists the newest first). */
    private static List<KsElement> elements(Bin bin, String factory) {
        List<KsElement> out = new ArrayList<>();
        for (Element e : bin.getElementsRecursive()) {
            KsElement k = KsElementTypes.element(Natives.getRawPointer(e));
            if (k != null && k.factory().equals(factory)) {
                out.add(0, k);
            }
        }
        return out;
    }

    private static KsElement element(Element element, String factory) {
        KsElement e = KsElementTypes.element(Natives.getRawPointer(element));
        if (e == null || !e.factory().equals(factory)) {
            throw new IllegalArgumentException(element.getName() + " is not a " + factory);
        }
        return e;
    }

    /**
     * Sets a property from its text as gst-launch does, after checking it: an unknown property,
     * a value that is not of the property's type or out of its range is refused.
     *
     * @throws IllegalArgumentException naming the property and what it takes
     */
    static void setFromString(KsElement e, String property, String value) {
        if (e.has(property)) {
            Class<?> type = e.type(property);
            Object parsed;
            if (type == Integer.class) {
                try {
                    parsed = Integer.parseInt(value.trim());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(e.factory() + " " + property + " is a whole number, not '" + value + "'");
                }
            } else if (type == Boolean.class) {
                parsed = parseBoolean(value);
            } else {
                parsed = value;
            }
            e.set(property, parsed); // checks the range or the enum's values
        } else if (!GstNative.hasProperty(e.pointer(), property)) {
            throw new IllegalArgumentException(noSuchProperty(e.factory(), property));
        }
        GstNative.setProperty(e.pointer(), property, value);
    }

    /** "kssrc has no property 'x' (device, controls, …)". */
    static String noSuchProperty(String factory, String property) {
        List<String> known = new ArrayList<>(factory.equals(KsElementTypes.SOURCE) ? KsElementTypes.sourceProperties()
                : KsElementTypes.sinkProperties());
        known.addAll(factory.equals(KsElementTypes.SOURCE) ? List.of("num-buffers", "do-timestamp") : List.of("sync"));
        return factory + " has no property '" + property + "' (" + String.join(", ", known) + ")";
    }

    static boolean parseBoolean(String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": return true;
            case "false": case "0": case "no": return false;
            default: throw new IllegalArgumentException("not a boolean: " + v);
        }
    }
}
