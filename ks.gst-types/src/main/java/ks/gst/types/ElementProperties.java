package ks.gst.types;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The properties ks installs on kssrc and kssink: their GParamSpecs (with blurb, default and
 * range; an enum GType for {@code pts}) and the set_property / get_property vfuncs, which keep the
 * values in the instance's {@link KsElement}.
 */
final class ElementProperties {

    private static final System.Logger LOG = System.getLogger(ElementProperties.class.getName());
    private static final int G_PARAM_READWRITE = 3;

    static final List<PropertySpec> SOURCE = List.of(
            PropertySpec.string("device", "The capture device: its friendly name, symbolic link, or index among the video "
                    + "capture devices, cameras first (as ./ks devices numbers them)", "0"),
            PropertySpec.string("controls", "Camera controls set before the device streams, NAME=VALUE,... "
                    + "(e.g. Brightness=20,WhiteBalance=auto)", ""),
            PropertySpec.bool("reconnect", "When the device is removed, wait for a capture device of the same name and go on "
                    + "with the same format and controls instead of posting an ERROR", false),
            PropertySpec.integer("outstanding", "Reads in flight; 0: the pin's allocator framing, at most 16 MiB of frames "
                    + "and at least 2", 0, 128, 0),
            PropertySpec.bool("is-live", "Whether the source is live (timestamps from the pipeline clock, no preroll)", true),
            PropertySpec.choice("pts", "Timestamps: clock (each frame's capture time on the pipeline clock) or picture "
                    + "(the first frame's time plus PictureNumber frame intervals, a constant rate)", "clock", "clock", "picture"));

    static final List<PropertySpec> SINK = List.of(
            PropertySpec.string("device", "The render device: its friendly name, symbolic link, or index among the video "
                    + "render devices", "0"));

    /** Native memory GLib keeps pointers into (enum values and their names), for the life of the process. */
    private static final List<Memory> KEPT = new ArrayList<>();
    private static long ptsType;

    private ElementProperties() {
    }

    /** The enum GTypes of the properties (once, before the classes are initialised). */
    static void registerEnums() {
        ptsType = registerEnum("GstKsSrcPts", SOURCE.get(5).nicks());
    }

    /** GEnumValue {gint value; const gchar *value_name; const gchar *value_nick}[], kept for the life of the process. */
    private static long registerEnum(String name, List<String> nicks) {
        Memory values = new Memory(24L * (nicks.size() + 1));
        values.clear();
        for (int i = 0; i < nicks.size(); i++) {
            Memory nick = GNative.utf8(nicks.get(i));
            KEPT.add(nick);
            values.setInt(24L * i, i);
            values.setPointer(24L * i + 8, nick);
            values.setPointer(24L * i + 16, nick);
        }
        KEPT.add(values);
        return GNative.GOBJECT.g_enum_register_static(GNative.utf8(name), values);
    }

    static void install(Pointer klass, List<PropertySpec> specs) {
        for (int i = 0; i < specs.size(); i++) {
            PropertySpec s = specs.get(i);
            Memory name = GNative.utf8(s.name());
            Memory blurb = GNative.utf8(s.blurb());
            Pointer pspec = switch (s.kind()) {
                case STRING -> GNative.GOBJECT.g_param_spec_string(name, name, blurb, GNative.utf8((String) s.defaultValue()),
                        G_PARAM_READWRITE);
                case INT -> GNative.GOBJECT.g_param_spec_int(name, name, blurb, s.min(), s.max(), (Integer) s.defaultValue(),
                        G_PARAM_READWRITE);
                case BOOLEAN -> GNative.GOBJECT.g_param_spec_boolean(name, name, blurb, (Boolean) s.defaultValue() ? 1 : 0,
                        G_PARAM_READWRITE);
                case ENUM -> GNative.GOBJECT.g_param_spec_enum(name, name, blurb, ptsType, s.nicks().indexOf(s.defaultValue()),
                        G_PARAM_READWRITE);
            };
            GNative.GOBJECT.g_object_class_install_property(klass, i + 1, pspec);
        }
    }

    static void set(Pointer self, int id, Pointer value, Pointer pspec) {
        try {
            KsElement e = KsElementTypes.element(self);
            if (e == null) {
                return;
            }
            PropertySpec s = e.spec(id - 1);
            Object v = switch (s.kind()) {
                case STRING -> GNative.string(GNative.GOBJECT.g_value_get_string(value));
                case INT -> GNative.GOBJECT.g_value_get_int(value);
                case BOOLEAN -> GNative.GOBJECT.g_value_get_boolean(value) != 0;
                case ENUM -> s.nicks().get(GNative.GOBJECT.g_value_get_enum(value));
            };
            if (s.name().equals("is-live") && e.factory().equals(KsElementTypes.SOURCE)) {
                GNative.GST_BASE.gst_base_src_set_live(self, (Boolean) v ? 1 : 0);
            }
            e.store(id - 1, v);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "set_property failed", t);
        }
    }

    static void get(Pointer self, int id, Pointer value, Pointer pspec) {
        try {
            KsElement e = KsElementTypes.element(self);
            if (e == null) {
                return;
            }
            PropertySpec s = e.spec(id - 1);
            Object v = e.get(id - 1);
            switch (s.kind()) {
                case STRING -> GNative.GOBJECT.g_value_set_string(value, GNative.utf8((String) v));
                case INT -> GNative.GOBJECT.g_value_set_int(value, (Integer) v);
                case BOOLEAN -> GNative.GOBJECT.g_value_set_boolean(value, (Boolean) v ? 1 : 0);
                case ENUM -> GNative.GOBJECT.g_value_set_enum(value, s.nicks().indexOf(v));
                default -> throw new IllegalStateException();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "get_property failed", t);
        }
    }
}
