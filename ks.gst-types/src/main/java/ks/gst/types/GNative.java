package ks.gst.types;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;

/**
 * The GLib, GObject and GStreamer calls the type machinery needs, bound with JNA. GType is a gsize:
 * a Java {@code long} on the LP64 platforms ks supports (see {@link ClassLayout}); a gboolean
 * argument is an explicit {@code int} 0 or 1 (a Java boolean reached GLib as neither). Strings go in as
 * NUL-terminated UTF-8 (JNA's own String conversion follows the platform charset, which under
 * LANG=C is ASCII) and come out through {@link #string(Pointer)}.
 */
final class GNative {

    interface GObject extends Library {
        long g_type_from_name(Pointer name);

        long g_type_register_static(long parent, Pointer name, Pointer info, int flags);

        void g_type_query(long type, Pointer query);

        Pointer g_type_class_peek_parent(Pointer klass);

        Pointer g_type_class_ref(long type);

        Pointer g_type_name(long type);

        long g_enum_register_static(Pointer name, Pointer values);

        Pointer g_param_spec_string(Pointer name, Pointer nick, Pointer blurb, Pointer defaultValue, int flags);

        Pointer g_param_spec_int(Pointer name, Pointer nick, Pointer blurb, int min, int max, int defaultValue, int flags);

        Pointer g_param_spec_boolean(Pointer name, Pointer nick, Pointer blurb, int defaultValue, int flags);

        Pointer g_param_spec_enum(Pointer name, Pointer nick, Pointer blurb, long enumType, int defaultValue, int flags);

        void g_object_class_install_property(Pointer klass, int id, Pointer pspec);

        Pointer g_value_get_string(Pointer value);

        void g_value_set_string(Pointer value, Pointer text);

        int g_value_get_int(Pointer value);

        void g_value_set_int(Pointer value, int v);

        int g_value_get_boolean(Pointer value);

        void g_value_set_boolean(Pointer value, int v);

        int g_value_get_enum(Pointer value);

        void g_value_set_enum(Pointer value, int v);

        Pointer g_object_new(long type, Object... propertiesThenNull);

        Pointer g_object_ref(Pointer object);

        void g_object_unref(Pointer object);
    }

    interface GLib extends Library {
        Pointer g_list_append(Pointer list, Pointer data);

        Pointer g_strdup(Pointer text);

        int g_quark_from_string(Pointer text);
    }

    interface Gst extends Library {
        boolean gst_is_initialized();

        long gst_element_get_type();

        long gst_device_provider_get_type();

        long gst_device_get_type();

        boolean gst_plugin_register_static(int major, int minor, Pointer name, Pointer description, Callback init, Pointer version,
                Pointer license, Pointer source, Pointer pkg, Pointer origin);

        boolean gst_element_register(Pointer plugin, Pointer name, int rank, long type);

        boolean gst_device_provider_register(Pointer plugin, Pointer name, int rank, long type);

        void gst_element_class_set_metadata(Pointer klass, Pointer longName, Pointer classification, Pointer description,
                Pointer author);

        void gst_device_provider_class_set_metadata(Pointer klass, Pointer longName, Pointer classification,
                Pointer description, Pointer author);

        Pointer gst_caps_from_string(Pointer text);

        void gst_mini_object_unref(Pointer object);

        Pointer gst_pad_template_new(Pointer name, int direction, int presence, Pointer caps);

        void gst_element_class_add_pad_template(Pointer klass, Pointer template);

        int gst_resource_error_quark();

        int gst_core_error_quark();

        void gst_element_message_full(Pointer element, int type, int domain, int code, Pointer text, Pointer debug, Pointer file,
                Pointer function, int line);

        Pointer gst_registry_get();

        Pointer gst_registry_find_plugin(Pointer registry, Pointer name);

        void gst_registry_remove_plugin(Pointer registry, Pointer plugin);

        boolean gst_plugin_is_loaded(Pointer plugin);

        void gst_object_unref(Pointer object);

        Pointer gst_structure_from_string(Pointer text, Pointer end);

        void gst_structure_free(Pointer structure);

        void gst_device_provider_device_add(Pointer provider, Pointer device);

        void gst_device_provider_device_remove(Pointer provider, Pointer device);

        Pointer gst_element_factory_make(Pointer factory, Pointer name);

        void gst_util_set_object_arg(Pointer object, Pointer name, Pointer value);
    }

    interface GstBase extends Library {
        long gst_push_src_get_type();

        long gst_base_sink_get_type();

        void gst_base_src_set_live(Pointer src, int live);

        void gst_base_src_set_format(Pointer src, int format);

        void gst_base_sink_set_sync(Pointer sink, int sync);
    }

    /** libgirepository: read at start to check the class-struct offsets against GStreamer's own description. */
    interface GIRepository extends Library {
        Pointer g_irepository_require(Pointer repository, Pointer namespace, Pointer version, int flags, PointerByReference error);

        Pointer g_irepository_find_by_name(Pointer repository, Pointer namespace, Pointer name);

        Pointer g_struct_info_find_field(Pointer info, Pointer name);

        int g_field_info_get_offset(Pointer info);

        int g_struct_info_get_size(Pointer info);

        void g_base_info_unref(Pointer info);
    }

    static final GObject GOBJECT = Native.load("gobject-2.0", GObject.class);
    static final GLib GLIB = Native.load("glib-2.0", GLib.class);
    static final Gst GST = Native.load("gstreamer-1.0", Gst.class);
    static final GstBase GST_BASE = Native.load("gstbase-1.0", GstBase.class);

    private GNative() {
    }

    /** A NUL-terminated UTF-8 copy of {@code text} in native memory, or null for null. */
    static Memory utf8(String text) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    /** The UTF-8 C string at {@code p}, or null. */
    static String string(Pointer p) {
        return p == null ? null : p.getString(0, StandardCharsets.UTF_8.name());
    }

    /** A g_strdup'ed copy, for the GLib calls that take ownership of a string (gst_element_message_full). */
    static Pointer owned(String text) {
        return text == null ? null : GLIB.g_strdup(utf8(text));
    }
}
