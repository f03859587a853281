package ks.itest.gst;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * GStreamer objects created since {@link #start()} and still alive, by type, as GStreamer's own
 * {@code leaks} tracer sees them (GST_TRACERS=leaks, switched on for the framework with
 * {@code ks.gst.tracers=leaks}). It uses the tracer's activity checkpoints, which report type names
 * and addresses only: listing live objects instead would take references to objects that may be
 * finalising at that moment.
 */
final class LiveGstObjects implements AutoCloseable {

    interface Gst extends Library {
        Pointer gst_tracing_get_active_tracers();

        Pointer gst_structure_to_string(Pointer structure);

        void gst_structure_free(Pointer structure);

        void gst_object_unref(Pointer object);
    }

    interface GObject extends Library {
        void g_signal_emit_by_name(Pointer instance, String signal, Object... args);

        String g_type_name_from_instance(Pointer instance);
    }

    interface GLib extends Library {
        void g_free(Pointer memory);

        void g_list_free(Pointer list);
    }

    private static final Gst GST = Native.load("gstreamer-1.0", Gst.class);
    private static final GObject GOBJECT = Native.load("gobject-2.0", GObject.class);
    private static final GLib GLIB = Native.load("glib-2.0", GLib.class);

    private final Pointer tracer;
    /** "GstBuffer@0x7f…" of every object created since start and not yet reported removed. */
    private final Set<String> alive = new HashSet<>();

    private LiveGstObjects(Pointer tracer) {
        this.tracer = tracer;
    }

    /** Starts tracking: objects created from now on are counted until they are finalised. */
    static LiveGstObjects start() {
        Pointer list = GST.gst_tracing_get_active_tracers();
        Pointer leaks = null;
        for (Pointer l = list; l != null; l = l.getPointer(Native.POINTER_SIZE)) {
            Pointer t = l.getPointer(0);
            if (leaks == null && "GstLeaksTracer".equals(GOBJECT.g_type_name_from_instance(t))) {
                leaks = t; // keeps the reference the list gave
            } else {
                GST.gst_object_unref(t);
            }
        }
        GLIB.g_list_free(list);
        if (leaks == null) {
            throw new AssertionError("the leaks tracer is not active (GST_TRACERS=leaks / ks.gst.tracers=leaks)");
        }
        GOBJECT.g_signal_emit_by_name(leaks, "activity-start-tracking");
        return new LiveGstObjects(leaks);
    }

    /** Objects created since {@link #start()} and alive now, by type. */
    Map<String, Integer> alive() {
        PointerByReference result = new PointerByReference();
        GOBJECT.g_signal_emit_by_name(tracer, "activity-get-checkpoint", result);
        Pointer text = GST.gst_structure_to_string(result.getValue());
        String s = text.getString(0);
        GLIB.g_free(text);
        GST.gst_structure_free(result.getValue());
        int removedAt = s.indexOf("objects-removed-list");
        String created = removedAt < 0 ? s : s.substring(0, removedAt);
        String removed = removedAt < 0 ? "" : s.substring(removedAt);
        alive.addAll(entries(created));
        alive.removeAll(entries(removed));
        Map<String, Integer> byType = new TreeMap<>();
        for (String e : alive) {
            byType.merge(e.substring(0, e.indexOf('@')), 1, Integer::sum);
        }
        return byType;
    }

    /** "type@address" for each entry of a checkpoint list. */
    private static Set<String> entries(String list) {
        Set<String> out = new HashSet<>();
        String type = "type-name\\=\\(string\\)";
        String address = "address\\=\\(string\\)";
        for (int i = list.indexOf(type); i >= 0; i = list.indexOf(type, i + 1)) {
            int t0 = i + type.length();
            int t1 = list.indexOf("\\,", t0);
            int a0 = list.indexOf(address, t1) + address.length();
            int a1 = list.indexOf("\\;", a0);
            out.add(list.substring(t0, t1) + "@" + list.substring(a0, a1));
        }
        return out;
    }

    @Override
    public void close() {
        GOBJECT.g_signal_emit_by_name(tracer, "activity-stop-tracking");
        GST.gst_object_unref(tracer);
    }
}
