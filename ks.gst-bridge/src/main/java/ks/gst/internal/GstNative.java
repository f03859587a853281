package ks.gst.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * The few GStreamer calls gst1-java-core does not wrap, or wraps too slowly for every frame:
 * posting an ERROR message from an element (gst1-java-core has no public constructor for one),
 * the buffer pool calls {@link FramePool} uses (gst1-java-core's BufferPool can neither activate
 * a pool nor acquire from it), and the per-frame buffer calls of {@link FrameBuffer}.
 */
public final class GstNative {

    /** GST_RESOURCE_ERROR_READ. */
    public static final int RESOURCE_ERROR_READ = 9;
    /** GST_RESOURCE_ERROR_WRITE. */
    public static final int RESOURCE_ERROR_WRITE = 10;
    /** GST_RESOURCE_ERROR_NOT_FOUND. */
    public static final int RESOURCE_ERROR_NOT_FOUND = 3;
    /** GST_RESOURCE_ERROR_SETTINGS. */
    public static final int RESOURCE_ERROR_SETTINGS = 13;

    interface Gst extends Library {
        void gst_buffer_set_size(Pointer buffer, long size);

        int gst_resource_error_quark();

        Pointer gst_message_new_error(Pointer src, Pointer error, String debug);

        boolean gst_element_post_message(Pointer element, Pointer message);

        Pointer gst_buffer_pool_new();

        Pointer gst_buffer_pool_get_config(Pointer pool);

        void gst_buffer_pool_config_set_params(Pointer config, Pointer caps, int size, int minBuffers, int maxBuffers);

        boolean gst_buffer_pool_set_config(Pointer pool, Pointer config);

        boolean gst_buffer_pool_set_active(Pointer pool, boolean active);

        int gst_buffer_pool_acquire_buffer(Pointer pool, PointerByReference buffer, Pointer params);

        void gst_object_unref(Pointer object);

        boolean gst_buffer_map(Pointer buffer, Pointer info, int flags);

        void gst_buffer_unmap(Pointer buffer, Pointer info);

        void gst_mini_object_unref(Pointer object);

        Pointer gst_element_get_clock(Pointer element);

        long gst_clock_get_time(Pointer clock);

        long gst_element_get_base_time(Pointer element);
    }

    interface App extends Library {
        int gst_app_src_push_buffer(Pointer appsrc, Pointer buffer);
    }

    interface GLib extends Library {
        Pointer g_error_new_literal(int domain, int code, String message);

        void g_error_free(Pointer error);

        boolean g_setenv(String variable, String value, boolean overwrite);
    }

    static final Gst GST = Native.load("gstreamer-1.0", Gst.class);
    static final App APP = Native.load("gstapp-1.0", App.class);
    private static final GLib GLIB = Native.load("glib-2.0", GLib.class);

    private GstNative() {
    }

    /** g_setenv: sets a variable in the process environment GStreamer reads (GST_TRACERS, GST_DEBUG) at initialisation. */
    public static void setEnvironment(String variable, String value) {
        GLIB.g_setenv(variable, value, true);
    }

    /**
     * The running time of {@code element} now (its clock's time minus its base time, ns), or -1
     * (GST_CLOCK_TIME_NONE) when it has no clock: four native calls, and no Java wrapper for the
     * clock, since it is read for every frame.
     */
    public static long runningTime(Element element) {
        Pointer e = Natives.getRawPointer(element);
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

    /** Posts a GST_RESOURCE_ERROR {@code code} from {@code element} with {@code message} and {@code debug}. */
    public static boolean postError(Element element, int code, String message, String debug) {
        Pointer error = GLIB.g_error_new_literal(GST.gst_resource_error_quark(), code, message);
        try {
            Pointer msg = GST.gst_message_new_error(Natives.getRawPointer(element), error, debug);
            return GST.gst_element_post_message(Natives.getRawPointer(element), msg); // takes the message
        } finally {
            GLIB.g_error_free(error);
        }
    }
}
