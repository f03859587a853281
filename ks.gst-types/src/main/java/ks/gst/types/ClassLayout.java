package ks.gst.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Where the vfunc slots ks writes lie in the GObject, GstBaseSrc, GstPushSrc, GstBaseSink and
 * GstDeviceProvider class structs. GStreamer 1.x adds class fields only in reserved padding, so the
 * offsets of the public headers hold for every 1.x release; the table below is that layout for LP64
 * platforms (x86-64, arm64). It is checked before anything is registered: against the sizes
 * g_type_query reports for the parent classes, and, when GStreamer's GObject-introspection
 * typelibs are installed (gir1.2-gstreamer-1.0), against the offsets they describe, as PyGObject
 * reads them. A difference refuses registration with a message naming the field, rather than
 * writing a function pointer over something else.
 */
final class ClassLayout {

    /** GObjectClass. */
    static final int SET_PROPERTY = 24;
    static final int GET_PROPERTY = 32;
    static final int FINALIZE = 48;

    /** GstBaseSrcClass. */
    static final int SRC_GET_CAPS = 488;
    static final int SRC_FIXATE = 504;
    static final int SRC_SET_CAPS = 512;
    static final int SRC_START = 528;
    static final int SRC_STOP = 536;
    static final int SRC_UNLOCK = 584;
    static final int SRC_UNLOCK_STOP = 592;
    static final int SRC_QUERY = 600;
    /** GstPushSrcClass. */
    static final int PUSH_CREATE = 800;

    /** GstBaseSinkClass. */
    static final int SINK_SET_CAPS = 496;
    static final int SINK_START = 536;
    static final int SINK_STOP = 544;
    static final int SINK_UNLOCK = 552;
    static final int SINK_UNLOCK_STOP = 560;
    static final int SINK_EVENT = 576;
    static final int SINK_RENDER = 616;

    /** GstDeviceProviderClass and GstDeviceClass. */
    static final int PROVIDER_PROBE = 192;
    static final int PROVIDER_START = 200;
    static final int PROVIDER_STOP = 208;
    static final int DEVICE_CREATE_ELEMENT = 184;

    /** Class-struct sizes of the parents on LP64 (GStreamer 1.x). */
    static final int PUSH_SRC_CLASS_SIZE = 856;
    static final int BASE_SINK_CLASS_SIZE = 792;
    static final int DEVICE_PROVIDER_CLASS_SIZE = 256;
    static final int DEVICE_CLASS_SIZE = 232;

    /** The offsets the typelibs are checked for: namespace, version, struct, field, expected offset. */
    private static final Object[][] FIELDS = {
        {"GObject", "2.0", "ObjectClass", "set_property", SET_PROPERTY},
        {"GObject", "2.0", "ObjectClass", "get_property", GET_PROPERTY},
        {"GObject", "2.0", "ObjectClass", "finalize", FINALIZE},
        {"GstBase", "1.0", "BaseSrcClass", "get_caps", SRC_GET_CAPS},
        {"GstBase", "1.0", "BaseSrcClass", "fixate", SRC_FIXATE},
        {"GstBase", "1.0", "BaseSrcClass", "set_caps", SRC_SET_CAPS},
        {"GstBase", "1.0", "BaseSrcClass", "start", SRC_START},
        {"GstBase", "1.0", "BaseSrcClass", "stop", SRC_STOP},
        {"GstBase", "1.0", "BaseSrcClass", "unlock", SRC_UNLOCK},
        {"GstBase", "1.0", "BaseSrcClass", "unlock_stop", SRC_UNLOCK_STOP},
        {"GstBase", "1.0", "BaseSrcClass", "query", SRC_QUERY},
        {"GstBase", "1.0", "PushSrcClass", "create", PUSH_CREATE},
        {"GstBase", "1.0", "BaseSinkClass", "set_caps", SINK_SET_CAPS},
        {"GstBase", "1.0", "BaseSinkClass", "start", SINK_START},
        {"GstBase", "1.0", "BaseSinkClass", "stop", SINK_STOP},
        {"GstBase", "1.0", "BaseSinkClass", "unlock", SINK_UNLOCK},
        {"GstBase", "1.0", "BaseSinkClass", "unlock_stop", SINK_UNLOCK_STOP},
        {"GstBase", "1.0", "BaseSinkClass", "event", SINK_EVENT},
        {"GstBase", "1.0", "BaseSinkClass", "render", SINK_RENDER},
        {"Gst", "1.0", "DeviceProviderClass", "probe", PROVIDER_PROBE},
        {"Gst", "1.0", "DeviceProviderClass", "start", PROVIDER_START},
        {"Gst", "1.0", "DeviceProviderClass", "stop", PROVIDER_STOP},
        {"Gst", "1.0", "DeviceClass", "create_element", DEVICE_CREATE_ELEMENT},
    };

    private ClassLayout() {
    }

    /** How the layout was checked, for the log: "typelib" or "class sizes". */
    static String verify() {
        if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8 || Platform.isWindows()) {
            throw new IllegalStateException("the ks GStreamer elements need a 64-bit Linux or macOS platform (LP64); this is "
                    + Platform.ARCH + " with " + Native.POINTER_SIZE * 8 + "-bit pointers");
        }
        List<String> wrong = new ArrayList<>();
        checkClassSize("GstPushSrc", GNative.GST_BASE.gst_push_src_get_type(), PUSH_SRC_CLASS_SIZE, wrong);
        checkClassSize("GstBaseSink", GNative.GST_BASE.gst_base_sink_get_type(), BASE_SINK_CLASS_SIZE, wrong);
        checkClassSize("GstDeviceProvider", GNative.GST.gst_device_provider_get_type(), DEVICE_PROVIDER_CLASS_SIZE, wrong);
        checkClassSize("GstDevice", GNative.GST.gst_device_get_type(), DEVICE_CLASS_SIZE, wrong);
        Map<String, Integer> fromTypelib = typelibOffsets();
        if (fromTypelib != null) {
            for (Object[] f : FIELDS) {
                String key = f[2] + "." + f[3];
                Integer actual = fromTypelib.get(key);
                if (actual == null || actual != (int) f[4]) {
                    wrong.add(key + " at " + actual + " instead of " + f[4]);
                }
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("this GStreamer's class structs are not laid out as the ks elements expect ("
                    + String.join("; ", wrong) + "); the elements are not registered");
        }
        return fromTypelib != null ? "typelib" : "class sizes";
    }

    private static void checkClassSize(String name, long type, int expected, List<String> wrong) {
        int actual = classSize(type);
        if (actual != expected) {
            wrong.add(name + "Class of " + actual + " bytes instead of " + expected);
        }
    }

    /** class_size of GTypeQuery {GType type; const gchar *type_name; guint class_size; guint instance_size}. */
    static int classSize(long type) {
        com.sun.jna.Memory q = new com.sun.jna.Memory(24);
        q.clear();
        GNative.GOBJECT.g_type_query(type, q);
        return q.getInt(16);
    }

    /** instance_size of the same query. */
    static int instanceSize(long type) {
        com.sun.jna.Memory q = new com.sun.jna.Memory(24);
        q.clear();
        GNative.GOBJECT.g_type_query(type, q);
        return q.getInt(20);
    }

    /** The offsets of {@link #FIELDS} as the typelibs describe them, or null when libgirepository or a typelib is missing. */
    static Map<String, Integer> typelibOffsets() {
        GNative.GIRepository gi;
        try {
            gi = Native.load("girepository-1.0", GNative.GIRepository.class);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Object[] f : FIELDS) {
            PointerByReference error = new PointerByReference();
            if (gi.g_irepository_require(null, GNative.utf8((String) f[0]), GNative.utf8((String) f[1]), 0, error) == null) {
                return null;
            }
            Pointer info = gi.g_irepository_find_by_name(null, GNative.utf8((String) f[0]), GNative.utf8((String) f[2]));
            if (info == null) {
                return null;
            }
            Pointer field = gi.g_struct_info_find_field(info, GNative.utf8((String) f[3]));
            if (field != null) {
                out.put(f[2] + "." + f[3], gi.g_field_info_get_offset(field));
                gi.g_base_info_unref(field);
            }
            gi.g_base_info_unref(info);
        }
        return out;
    }
}
