package ks.itest.gst;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Plugin;
import org.freedesktop.gstreamer.Registry;
import org.freedesktop.gstreamer.glib.Natives;

/** What GStreamer itself says of the ks element types: an instance's GType and the plugins in the registry. */
final class GstGTypes {

    private GstGTypes() {
    }

    /** G_TYPE_FROM_INSTANCE: the instance's first field is its class, whose first field is the GType. */
    static long typeOf(Element element) {
        return Natives.getRawPointer(element).getPointer(0).getLong(0);
    }

    /** Plugins of this name in GStreamer's registry. */
    static int pluginsNamed(String name) {
        int n = 0;
        for (Plugin p : Registry.get().getPluginList()) {
            if (p.getName().equals(name)) {
                n++;
            }
        }
        return n;
    }
}
