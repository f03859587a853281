package ks.gst.types;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/** The C signatures of the vfuncs and init functions ks.gst-types gives GObject, as JNA callbacks. gboolean is an int. */
final class Callbacks {

    private Callbacks() {
    }

    /** void (*)(gpointer) — finalize. */
    interface VoidFn extends Callback {
        void invoke(Pointer self);
    }

    /** void (*)(GObject*, guint, (const) GValue*, GParamSpec*) — set_property and get_property. */
    interface PropertyFn extends Callback {
        void invoke(Pointer self, int id, Pointer value, Pointer pspec);
    }

    /** void (*)(gpointer, gpointer) — class_init(klass, data) and instance_init(instance, klass). */
    interface InitFn extends Callback {
        void invoke(Pointer a, Pointer b);
    }

    /** gboolean (*)(self) — start, stop, unlock, unlock_stop. */
    interface BoolFn extends Callback {
        int invoke(Pointer self);
    }

    /** gint (*)(self, gpointer) — set_caps, query, event (gboolean) and create, render (GstFlowReturn). */
    interface IntArgFn extends Callback {
        int invoke(Pointer self, Pointer arg);
    }

    /** gpointer (*)(self) — probe. */
    interface PointerFn extends Callback {
        Pointer invoke(Pointer self);
    }

    /** gpointer (*)(self, gpointer) — get_caps, fixate, create_element. */
    interface PointerArgFn extends Callback {
        Pointer invoke(Pointer self, Pointer arg);
    }

    /** gboolean (*)(GstPlugin*) — plugin_init. */
    interface PluginInitFn extends Callback {
        int invoke(Pointer plugin);
    }
}
