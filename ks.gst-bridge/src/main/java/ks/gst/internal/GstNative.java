package ks.gst.internal;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The GStreamer calls gst1-java-core does not wrap, or wraps too slowly for every frame: the
 * caps, query and base-class calls of the kssrc and kssink vfuncs, the buffer pool calls
 * {@link FramePool} uses (gst1-java-core's BufferPool can neither activate a pool nor acquire from
 * it), and the per-frame buffer calls of {@link FrameBuffer}. Strings cross as NUL-terminated
 * UTF-8 ({@link #utf8}), whatever the platform charset.
 */
public final class GstNative {

    interface Gst extends Library {
        void gst_buffer_set_size(Pointer buffer, long size);

        Pointer gst_buffer_pool_new();

        Pointer gst_buffer_pool_get_config(Pointer pool);

        void gst_buffer_pool_config_set_params(Pointer config, Pointer caps, int size, int minBuffers, int maxBuffers);

        boolean gst_buffer_pool_set_config(Pointer pool, Pointer config);

        boolean gst_buffer_pool_set_active(Pointer pool, int active);

        int gst_buffer_pool_acquire_buffer(Pointer pool, PointerByReference buffer, Pointer params);

        void gst_object_unref(Pointer object);

        boolean gst_buffer_map(Pointer buffer, Pointer info, int flags);

        void gst_buffer_unmap(Pointer buffer, Pointer info);

        void gst_mini_object_unref(Pointer object);

        Pointer gst_mini_object_ref(Pointer object);

        Pointer gst_element_get_clock(Pointer element);

        long gst_clock_get_time(Pointer clock);

        long gst_element_get_base_time(Pointer element);

        Pointer gst_caps_from_string(Pointer text);

        Pointer gst_caps_to_string(Pointer caps);

        Pointer gst_caps_intersect_full(Pointer a, Pointer b, int mode);

        int gst_caps_get_size(Pointer caps);

        Pointer gst_caps_get_structure(Pointer caps, int index);

        Pointer gst_caps_truncate(Pointer caps);

        Pointer gst_caps_fixate(Pointer caps);

        boolean gst_structure_has_field(Pointer structure, Pointer field);

        boolean gst_structure_fixate_field_nearest_fraction(Pointer structure, Pointer field, int numerator, int denominator);

        void gst_query_set_latency(Pointer query, int live, long min, long max);

        void gst_util_set_object_arg(Pointer object, Pointer name, Pointer value);

        Pointer gst_object_get_name(Pointer object);

        Pointer gst_query_type_get_name(int type);

        Pointer gst_event_type_get_name(int type);

        Pointer gst_parse_bin_from_description_full(Pointer description, int ghostUnlinkedPads, Pointer context, int flags,
                PointerByReference error);
    }

    interface GObject extends Library {
        Pointer g_object_class_find_property(Pointer klass, Pointer name);
    }

    interface Base extends Library {
        boolean gst_base_src_is_live(Pointer src);

        boolean gst_base_src_get_do_timestamp(Pointer src);

        boolean gst_base_src_set_caps(Pointer src, Pointer caps);
    }

    interface GLib extends Library {
        void g_free(Pointer p);

        void g_error_free(Pointer error);

        boolean g_setenv(String variable, String value, int overwrite);
    }

    static final Gst GST = Native.load("gstreamer-1.0", Gst.class);
    static final Base BASE = Native.load("gstbase-1.0", Base.class);
    private static final GObject GOBJECT = Native.load("gobject-2.0", GObject.class);
    private static final GLib GLIB = Native.load("glib-2.0", GLib.class);

    /** GST_CAPS_INTERSECT_FIRST: the order of the first caps is kept. */
    public static final int CAPS_INTERSECT_FIRST = 1;
    /** Offset of GstQuery.type and GstEvent.type: right after the GstMiniObject (64 bytes on LP64). */
    private static final int MINI_OBJECT_SIZE = FrameBuffer.MINI_OBJECT_END;

    private GstNative() {
    }

    /** g_setenv: sets a variable in the process environment GStreamer reads (GST_TRACERS, GST_DEBUG) at initialisation. */
    public static void setEnvironment(String variable, String value) {
        GLIB.g_setenv(variable, value, 1);
    }

    /**
     * The running time of {@code element} now (its clock's time minus its base time, ns), or -1
     * (GST_CLOCK_TIME_NONE) when it has no clock: four native calls, and no Java wrapper for the
     * clock, since it is read for every frame.
     */
    public static long runningTime(Pointer e) {
        Pointer clock = GST.gst_element_get_clock(e);
        if (clock == null) {
            return -1;
        }
        try {
            return GST.gst_clock_get_time(clock) - GST.gst_element_get_base_time(e);
        } finally {
            GST.gst_object_unref(clock);
        }
    }

    /** A NUL-terminated UTF-8 copy of {@code text} in native memory. */
    public static Memory utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    /** New caps parsed from {@code text} (the caller owns the reference), or null when GStreamer cannot parse it. */
    public static Pointer caps(String text) {
        return GST.gst_caps_from_string(utf8(text));
    }

    /** gst_object_get_name. */
    public static String name(Pointer object) {
        return taken(GST.gst_object_get_name(object));
    }

    /** gst_caps_to_string. */
    public static String capsString(Pointer caps) {
        return taken(GST.gst_caps_to_string(caps));
    }

    /** A newly allocated UTF-8 string GStreamer returned, read and freed; null for null. */
    private static String taken(Pointer s) {
        try {
            return s == null ? null : s.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            GLIB.g_free(s);
        }
    }

    /** {@code ours} within {@code filter} (filter's order first), a new reference; ours unchanged when filter is null. */
    public static Pointer intersect(Pointer ours, Pointer filter) {
        if (filter == null) {
            GST.gst_mini_object_ref(ours);
            return ours;
        }
        return GST.gst_caps_intersect_full(filter, ours, CAPS_INTERSECT_FIRST);
    }

    /**
     * Fixates {@code caps} (taking its reference) the way a camera source prefers: the first
     * structure (the pin's first range that downstream accepts), at its highest frame rate, then
     * whatever else is open at its least. Returns the fixed caps.
     */
    public static Pointer fixateFastest(Pointer caps) {
        Pointer c = GST.gst_caps_truncate(caps);
        if (GST.gst_caps_get_size(c) > 0) {
            Pointer s = GST.gst_caps_get_structure(c, 0);
            Memory framerate = utf8("framerate");
            if (GST.gst_structure_has_field(s, framerate)) {
                GST.gst_structure_fixate_field_nearest_fraction(s, framerate, Integer.MAX_VALUE, 1);
            }
        }
        return GST.gst_caps_fixate(c);
    }

    public static void unref(Pointer miniObject) {
        GST.gst_mini_object_unref(miniObject);
    }

    /** Whether {@code object}'s class has a property {@code name} (G_OBJECT_GET_CLASS is the instance's first field). */
    public static boolean hasProperty(Pointer object, String name) {
        return GOBJECT.g_object_class_find_property(object.getPointer(0), utf8(name)) != null;
    }

    /** gst_util_set_object_arg: sets a property from its text, as gst-launch does. */
    public static void setProperty(Pointer object, String name, String value) {
        GST.gst_util_set_object_arg(object, utf8(name), utf8(value));
    }

    public static boolean isLive(Pointer src) {
        return BASE.gst_base_src_is_live(src);
    }

    public static boolean doTimestamp(Pointer src) {
        return BASE.gst_base_src_get_do_timestamp(src);
    }

    /** gst_base_src_set_caps with caps parsed from {@code text}. */
    public static boolean setSourceCaps(Pointer src, String text) {
        Pointer caps = caps(text);
        try {
            return BASE.gst_base_src_set_caps(src, caps);
        } finally {
            unref(caps);
        }
    }

    /** gst_query_set_latency. */
    public static void setLatency(Pointer query, boolean live, long min, long max) {
        GST.gst_query_set_latency(query, live ? 1 : 0, min, max);
    }

    /** A description GStreamer cannot parse: the GstParseError code and GStreamer's message. */
    public static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        ParseError(int code, String message) {
            super(message);
            this.code = code;
        }

        /** GST_PARSE_ERROR_*: 0 syntax, 1 no such element, 2 no such property, 3 link, ... */
        public int code() {
            return code;
        }
    }

    /**
     * gst_parse_bin_from_description_full: the whole description as one new bin (the caller owns
     * the reference), the GError's code and message kept.
     *
     * @throws ParseError when GStreamer reports an error, even one it could recover from
     */
    public static Pointer parseBin(String description) {
        PointerByReference error = new PointerByReference();
        Pointer bin = GST.gst_parse_bin_from_description_full(utf8(description), 0, null, 0, error);
        Pointer e = error.getValue();
        if (e != null) {
            // GError {GQuark domain; gint code; gchar *message}
            int code = e.getInt(4);
            String message = e.getPointer(8).getString(0, StandardCharsets.UTF_8.name());
            GLIB.g_error_free(e);
            if (bin != null) {
                GST.gst_object_unref(bin);
            }
            throw new ParseError(code, message);
        }
        return bin;
    }

    /** Whether {@code query} is a LATENCY query (GST_QUERY_TYPE, named by GStreamer itself). */
    public static boolean isLatencyQuery(Pointer query) {
        return "latency".equals(GST.gst_query_type_get_name(query.getInt(MINI_OBJECT_SIZE)).getString(0));
    }

    /** Whether {@code event} is EOS (GST_EVENT_TYPE, named by GStreamer itself). */
    public static boolean isEos(Pointer event) {
        return "eos".equals(GST.gst_event_type_get_name(event.getInt(MINI_OBJECT_SIZE)).getString(0));
    }
}
