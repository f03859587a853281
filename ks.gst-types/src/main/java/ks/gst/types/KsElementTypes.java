package ks.gst.types;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import ks.gst.types.Callbacks.BoolFn;
import ks.gst.types.Callbacks.InitFn;
import ks.gst.types.Callbacks.IntArgFn;
import ks.gst.types.Callbacks.PluginInitFn;
import ks.gst.types.Callbacks.PointerArgFn;
import ks.gst.types.Callbacks.PropertyFn;
import ks.gst.types.Callbacks.VoidFn;

/**
 * Registers the GObject types of {@code kssrc} (a GstPushSrc subclass, GType {@code GstKsSrc}),
 * {@code kssink} (a GstBaseSink subclass, {@code GstKsSink}) and {@code ksdeviceprovider}
 * ({@link DeviceProviderType}) once per process, and the static plugin {@code ks} that makes them
 * known to gst_element_factory_make, gst_parse_launch, GstDeviceMonitor and the registry (or,
 * from the plugin file libgstks.so, registers them into that plugin: {@link #registerInto}). Their
 * vfuncs are callbacks of this class ({@link ElementProperties} for the properties); each finds
 * the {@link KsElement} of its instance and calls the {@link KsElementImplementation} bound now,
 * or, with none bound, answers as a device that is not there (start fails with an ERROR saying the
 * bridge is not running).
 *
 * <h2>Hazards handled here</h2>
 * <ul>
 * <li>Every callback object is a static field of this class, so none is ever collected (a
 *     collected callback leaves a vfunc that returns 0, which is GST_FLOW_OK and TRUE alike).</li>
 * <li>Every callback catches Throwable and answers FALSE, NULL or GST_FLOW_ERROR after posting an
 *     ERROR; an exception escaping to JNA would return 0, which GStreamer reads as success.</li>
 * <li>Threads GStreamer calls in on are attached to the JVM once, as daemons, and stay attached
 *     (JNA detaches them when they end): attaching per call costs tens of microseconds a buffer.</li>
 * <li>Class and instance sizes come from g_type_query of the parents, and the vfunc offsets are
 *     checked first ({@link ClassLayout}); registration is refused with a message otherwise.</li>
 * <li>Strings handed to GLib are copied by it (no *_static_metadata, no G_PARAM_STATIC_STRINGS);
 *     the enum values g_enum_register_static keeps are held for the life of the process.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * {@link #register} and {@link #bind} from any thread; GStreamer calls the vfuncs on its own.
 */
public final class KsElementTypes {

    private static final System.Logger LOG = System.getLogger(KsElementTypes.class.getName());

    public static final String SOURCE = "kssrc";
    public static final String SINK = "kssink";
    public static final String PLUGIN = "ks";

    /** GST_RESOURCE_ERROR codes. */
    public static final int RESOURCE_ERROR_FAILED = 1;
    public static final int RESOURCE_ERROR_NOT_FOUND = 3;
    public static final int RESOURCE_ERROR_BUSY = 4;
    public static final int RESOURCE_ERROR_OPEN_READ = 5;
    public static final int RESOURCE_ERROR_OPEN_WRITE = 6;
    public static final int RESOURCE_ERROR_READ = 9;
    public static final int RESOURCE_ERROR_WRITE = 10;
    public static final int RESOURCE_ERROR_SETTINGS = 13;

    private static final int GST_MESSAGE_ERROR = 1 << 1;
    private static final int GST_FORMAT_TIME = 3;
    private static final int GST_PAD_SRC = 1;
    private static final int GST_PAD_SINK = 2;
    private static final int GST_PAD_ALWAYS = 0;
    private static final int GST_RANK_NONE = 0;

    private static final String SIZES = "width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ], "
            + "framerate=(fraction)[ 0/1, 2147483647/1 ]";
    /** Everything ks can describe to GStreamer (see ks.gst.KsCaps). */
    static final String TEMPLATE_CAPS = "video/x-raw, format=(string){ YUY2, UYVY, NV12, I420, BGR, BGRx }, " + SIZES
            + "; image/jpeg, " + SIZES + "; video/x-h264, stream-format=(string)byte-stream, alignment=(string)au, " + SIZES;

    // ------------------------------------------------------------------ state (for the life of the process)

    private static final Map<Long, KsElement> ELEMENTS = new ConcurrentHashMap<>();
    private static volatile KsElementImplementation bound;
    private static volatile java.util.function.BooleanSupplier onDemand;
    private static long sourceType;
    private static long sinkType;
    private static volatile Pointer sourceParent;
    private static volatile Pointer sinkParent;
    private static String checkedBy;

    static final CallbackThreadInitializer ATTACH = new CallbackThreadInitializer(true, false, "gst-ks");

    private static final InitFn SOURCE_CLASS_INIT = (klass, data) -> sourceClassInit(klass);
    private static final InitFn SINK_CLASS_INIT = (klass, data) -> sinkClassInit(klass);
    private static final InitFn SOURCE_INSTANCE_INIT = (instance, klass) -> instanceInit(instance, SOURCE);
    private static final InitFn SINK_INSTANCE_INIT = (instance, klass) -> instanceInit(instance, SINK);
    private static final PropertyFn SET_PROPERTY = ElementProperties::set;
    private static final PropertyFn GET_PROPERTY = ElementProperties::get;
    private static final VoidFn SOURCE_FINALIZE = self -> finalize(self, sourceParent);
    private static final VoidFn SINK_FINALIZE = self -> finalize(self, sinkParent);
    private static final PluginInitFn PLUGIN_INIT = plugin -> registerElements(plugin) ? 1 : 0;

    private static final BoolFn START = self -> call(self, false, (impl, e) -> impl.start(e), KsElementTypes::notBound);
    private static final BoolFn STOP = self -> call(self, true, (impl, e) -> impl.stop(e), e -> true);
    private static final BoolFn UNLOCK = self -> call(self, true, (impl, e) -> {
        impl.unlock(e);
        return true;
    }, e -> true);
    private static final BoolFn UNLOCK_STOP = self -> call(self, true, (impl, e) -> {
        impl.unlockStop(e);
        return true;
    }, e -> true);
    private static final IntArgFn SET_CAPS = (self, caps) -> call(self, false, (impl, e) -> impl.setCaps(e, caps),
            KsElementTypes::notBound);
    private static final PointerArgFn SRC_GET_CAPS = KsElementTypes::sourceCaps;
    private static final PointerArgFn SRC_FIXATE = KsElementTypes::sourceFixate;
    private static final IntArgFn SRC_QUERY = KsElementTypes::sourceQuery;
    private static final IntArgFn SRC_CREATE = KsElementTypes::sourceCreate;

    private static final IntArgFn SINK_EVENT = KsElementTypes::sinkEvent;
    private static final IntArgFn SINK_RENDER = KsElementTypes::sinkRender;

    private KsElementTypes() {
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers the GTypes and the static plugin {@code ks} with kssrc and kssink, once per
     * process; later calls return at once. GStreamer must be initialised.
     *
     * @return how the class layout was checked ("typelib" or "class sizes"), for the log
     * @throws IllegalStateException with the reason when the elements cannot be registered
     *     (GStreamer not initialised, a platform or GStreamer whose layout differs, the types
     *     already registered by another copy of this bundle)
     */
    public static synchronized String register() {
        if (checkedBy != null) {
            return checkedBy;
        }
        String checked = registerTypes();
        Pointer registry = GNative.GST.gst_registry_get();
        Pointer existing = GNative.GST.gst_registry_find_plugin(registry, GNative.utf8(PLUGIN));
        if (existing != null) {
            boolean loaded = GNative.GST.gst_plugin_is_loaded(existing);
            if (!loaded) {
                // the plugin file (libgstks.so) is installed but not loaded: inside ks the static plugin serves instead
                GNative.GST.gst_registry_remove_plugin(registry, existing);
            }
            GNative.GST.gst_object_unref(existing);
            if (loaded) {
                throw new IllegalStateException("a GStreamer plugin named 'ks' is already loaded in this process");
            }
        }
        if (!GNative.GST.gst_plugin_register_static(1, 16, GNative.utf8(PLUGIN),
                GNative.utf8(DESCRIPTION), PLUGIN_INIT,
                GNative.utf8(version()), GNative.utf8("unknown"), GNative.utf8("ks"), GNative.utf8("ks"), GNative.utf8("ks"))) {
            throw new IllegalStateException("GStreamer refused the static plugin 'ks'");
        }
        checkedBy = checked;
        LOG.log(System.Logger.Level.DEBUG, "kssrc and kssink registered (class layout checked by " + checked + ")");
        return checked;
    }

    /** The plugin's description, as gst-inspect-1.0 shows it. */
    public static final String DESCRIPTION = "Kernel Streaming capture and render pins of ks as GStreamer elements";

    /**
     * Registers the GTypes (once per process) and kssrc, kssink and ksdeviceprovider as features of
     * {@code plugin}: the plugin file's plugin_init calls this with its own GstPlugin, in the
     * registry scan and in every process that loads it.
     *
     * @return whether GStreamer took the features
     * @throws IllegalStateException as {@link #register} does
     */
    public static synchronized boolean registerInto(Pointer plugin) {
        String checked = checkedBy != null ? checkedBy : registerTypes();
        checkedBy = checked;
        return registerElements(plugin);
    }

    /**
     * What a vfunc calls when an element starts, or the device provider lists devices, and no
     * implementation is bound: {@code bindOnDemand} may bind one (the plugin file boots the ks
     * container in the process the first time it is needed) and returns whether one is bound now.
     */
    public static void onDemand(java.util.function.BooleanSupplier bindOnDemand) {
        onDemand = bindOnDemand;
    }

    /** The bound implementation, binding one on demand when none is; null when none can be. */
    static KsElementImplementation boundOrOnDemand() {
        KsElementImplementation impl = bound;
        java.util.function.BooleanSupplier demand = onDemand;
        if (impl == null && demand != null && demand.getAsBoolean()) {
            impl = bound;
        }
        return impl;
    }

    private static String registerTypes() {
        if (!GNative.GST.gst_is_initialized()) {
            throw new IllegalStateException("GStreamer is not initialised; the ks elements are registered after gst_init");
        }
        String checked = ClassLayout.verify();
        if (GNative.GOBJECT.g_type_from_name(GNative.utf8("GstKsSrc")) != 0) {
            throw new IllegalStateException("GstKsSrc is already registered in this process by another copy of ks.gst-types "
                    + "(was the bundle refreshed?); restart the process to use kssrc and kssink");
        }
        for (Callback c : new Callback[] {SOURCE_CLASS_INIT, SINK_CLASS_INIT, SOURCE_INSTANCE_INIT, SINK_INSTANCE_INIT, SET_PROPERTY,
            GET_PROPERTY, SOURCE_FINALIZE, SINK_FINALIZE, PLUGIN_INIT, START, STOP, UNLOCK, UNLOCK_STOP, SET_CAPS, SRC_GET_CAPS, SRC_FIXATE,
            SRC_QUERY, SRC_CREATE, SINK_EVENT, SINK_RENDER}) {
            Native.setCallbackThreadInitializer(c, ATTACH);
        }
        ElementProperties.registerEnums();
        sourceType = registerType(GNative.GST_BASE.gst_push_src_get_type(), "GstKsSrc", SOURCE_CLASS_INIT, SOURCE_INSTANCE_INIT);
        sinkType = registerType(GNative.GST_BASE.gst_base_sink_get_type(), "GstKsSink", SINK_CLASS_INIT, SINK_INSTANCE_INIT);
        DeviceProviderType.registerTypes();
        return checked;
    }

    /** Whether {@link #register} has succeeded in this process. */
    public static synchronized boolean registered() {
        return checkedBy != null;
    }

    private static String version() {
        String v = KsElementTypes.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    static long registerType(long parent, String name, InitFn classInit, InitFn instanceInit) {
        Memory info = new Memory(72);
        info.clear();
        info.setShort(0, (short) ClassLayout.classSize(parent));
        info.setPointer(24, com.sun.jna.CallbackReference.getFunctionPointer(classInit));
        info.setShort(48, (short) ClassLayout.instanceSize(parent));
        info.setPointer(56, com.sun.jna.CallbackReference.getFunctionPointer(instanceInit));
        long type = GNative.GOBJECT.g_type_register_static(parent, GNative.utf8(name), info, 0);
        if (type == 0) {
            throw new IllegalStateException("GObject refused to register " + name);
        }
        return type;
    }

    private static boolean registerElements(Pointer plugin) {
        try {
            return GNative.GST.gst_element_register(plugin, GNative.utf8(SOURCE), GST_RANK_NONE, sourceType)
                    && GNative.GST.gst_element_register(plugin, GNative.utf8(SINK), GST_RANK_NONE, sinkType)
                    && DeviceProviderType.register(plugin);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "registering kssrc and kssink failed", t);
            return false;
        }
    }

    private static void sourceClassInit(Pointer klass) {
        try {
            sourceParent = GNative.GOBJECT.g_type_class_peek_parent(klass);
            objectVfuncs(klass, SOURCE_FINALIZE);
            ElementProperties.install(klass, ElementProperties.SOURCE);
            GNative.GST.gst_element_class_set_metadata(klass, GNative.utf8("KS video source"), GNative.utf8("Source/Video"),
                    GNative.utf8("Captures video from a Kernel Streaming capture pin of ks (the ks Virtual Camera, UVC cameras, "
                            + "KS minidrivers)"), GNative.utf8("ks"));
            padTemplate(klass, "src", GST_PAD_SRC);
            slot(klass, ClassLayout.SRC_GET_CAPS, SRC_GET_CAPS);
            slot(klass, ClassLayout.SRC_FIXATE, SRC_FIXATE);
            slot(klass, ClassLayout.SRC_SET_CAPS, SET_CAPS);
            slot(klass, ClassLayout.SRC_START, START);
            slot(klass, ClassLayout.SRC_STOP, STOP);
            slot(klass, ClassLayout.SRC_UNLOCK, UNLOCK);
            slot(klass, ClassLayout.SRC_UNLOCK_STOP, UNLOCK_STOP);
            slot(klass, ClassLayout.SRC_QUERY, SRC_QUERY);
            slot(klass, ClassLayout.PUSH_CREATE, SRC_CREATE);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "kssrc class_init failed", t);
        }
    }

    private static void sinkClassInit(Pointer klass) {
        try {
            sinkParent = GNative.GOBJECT.g_type_class_peek_parent(klass);
            objectVfuncs(klass, SINK_FINALIZE);
            ElementProperties.install(klass, ElementProperties.SINK);
            GNative.GST.gst_element_class_set_metadata(klass, GNative.utf8("KS video sink"), GNative.utf8("Sink/Video"),
                    GNative.utf8("Writes video to a Kernel Streaming render pin of ks (such as the ks Loopback)"),
                    GNative.utf8("ks"));
            padTemplate(klass, "sink", GST_PAD_SINK);
            slot(klass, ClassLayout.SINK_SET_CAPS, SET_CAPS);
            slot(klass, ClassLayout.SINK_START, START);
            slot(klass, ClassLayout.SINK_STOP, STOP);
            slot(klass, ClassLayout.SINK_UNLOCK, UNLOCK);
            slot(klass, ClassLayout.SINK_UNLOCK_STOP, UNLOCK_STOP);
            slot(klass, ClassLayout.SINK_EVENT, SINK_EVENT);
            slot(klass, ClassLayout.SINK_RENDER, SINK_RENDER);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "kssink class_init failed", t);
        }
    }

    private static void objectVfuncs(Pointer klass, VoidFn finalize) {
        slot(klass, ClassLayout.SET_PROPERTY, SET_PROPERTY);
        slot(klass, ClassLayout.GET_PROPERTY, GET_PROPERTY);
        slot(klass, ClassLayout.FINALIZE, finalize);
    }

    private static void slot(Pointer klass, int offset, Callback callback) {
        klass.setPointer(offset, com.sun.jna.CallbackReference.getFunctionPointer(callback));
    }

    private static void padTemplate(Pointer klass, String name, int direction) {
        Pointer caps = GNative.GST.gst_caps_from_string(GNative.utf8(TEMPLATE_CAPS));
        Pointer template = GNative.GST.gst_pad_template_new(GNative.utf8(name), direction, GST_PAD_ALWAYS, caps);
        GNative.GST.gst_element_class_add_pad_template(klass, template); // takes the floating template
        GNative.GST.gst_mini_object_unref(caps);
    }

    // ------------------------------------------------------------------ binding

    /**
     * Makes {@code implementation} serve every ks element from now on, until {@link #unbind}.
     *
     * @throws IllegalStateException when another implementation is bound
     */
    public static synchronized void bind(KsElementImplementation implementation) {
        if (bound != null && bound != implementation) {
            throw new IllegalStateException("another ks GStreamer bridge is bound in this process");
        }
        bound = implementation;
    }

    /** Ends {@code implementation}'s binding (a no-op when another one is bound); the elements then answer as if no bridge ran. */
    public static synchronized void unbind(KsElementImplementation implementation) {
        if (bound == implementation) {
            bound = null;
        }
    }

    /** The names of kssrc's own properties (GstBaseSrc's num-buffers, do-timestamp, ... come besides). */
    public static List<String> sourceProperties() {
        return ElementProperties.SOURCE.stream().map(PropertySpec::name).toList();
    }

    /** The names of kssink's own properties. */
    public static List<String> sinkProperties() {
        return ElementProperties.SINK.stream().map(PropertySpec::name).toList();
    }

    /** The implementation bound now, or null. */
    public static KsElementImplementation bound() {
        return bound;
    }

    /** The ks elements alive in the process now (created and not yet finalized). */
    public static List<KsElement> elements() {
        return List.copyOf(ELEMENTS.values());
    }

    /** The ks element whose GObject is {@code element}, or null when it is not one. */
    public static KsElement element(Pointer element) {
        return element == null ? null : ELEMENTS.get(Pointer.nativeValue(element));
    }

    /**
     * Posts an ERROR message from {@code element} as GST_ELEMENT_ERROR does: a GST_RESOURCE_ERROR
     * with {@code code}, the text a user reads and the debug details.
     */
    public static void postError(KsElement element, int code, String text, String debug) {
        GNative.GST.gst_element_message_full(element.pointer(), GST_MESSAGE_ERROR, GNative.GST.gst_resource_error_quark(), code,
                GNative.owned(text), GNative.owned(debug), GNative.utf8("ks"), GNative.utf8(element.factory()), 0);
    }

    // ------------------------------------------------------------------ vfuncs

    private static void instanceInit(Pointer instance, String factory) {
        try {
            if (factory.equals(SOURCE)) {
                GNative.GST_BASE.gst_base_src_set_live(instance, 1);
                GNative.GST_BASE.gst_base_src_set_format(instance, GST_FORMAT_TIME);
                ELEMENTS.put(Pointer.nativeValue(instance), new KsElement(instance, factory, ElementProperties.SOURCE));
            } else {
                GNative.GST_BASE.gst_base_sink_set_sync(instance, 0); // the render device paces what it is given
                ELEMENTS.put(Pointer.nativeValue(instance), new KsElement(instance, factory, ElementProperties.SINK));
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, factory + " instance_init failed", t);
        }
    }

    private static void finalize(Pointer self, Pointer parentClass) {
        try {
            KsElement e = ELEMENTS.remove(Pointer.nativeValue(self));
            KsElementImplementation impl = bound;
            if (e != null && impl != null) {
                impl.finalized(e);
            }
            if (e != null) {
                e.attach(null);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "finalize failed", t);
        }
        Function.getFunction(parentClass.getPointer(ClassLayout.FINALIZE)).invokeVoid(new Object[] {self});
    }

    /** One gboolean vfunc: the bound implementation's answer, {@code unbound}'s without one, FALSE after an ERROR when it throws. */
    private static int call(Pointer self, boolean whenMissing, Body body, Unbound unbound) {
        KsElement e = element(self);
        if (e == null) {
            return whenMissing ? 1 : 0;
        }
        try {
            KsElementImplementation impl = whenMissing ? bound : boundOrOnDemand();
            return (impl != null ? body.run(impl, e) : unbound.answer(e)) ? 1 : 0;
        } catch (Throwable t) {
            failed(e, t);
            return 0;
        }
    }

    private interface Body {
        boolean run(KsElementImplementation impl, KsElement e) throws Exception;
    }

    private interface Unbound {
        boolean answer(KsElement e);
    }

    private static boolean notBound(KsElement e) {
        postError(e, RESOURCE_ERROR_FAILED, e.factory() + ": no ks GStreamer bridge is running in this process",
                "start ks (the ks.gst-bridge bundle) before using " + e.factory());
        return false;
    }

    private static void failed(KsElement e, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, e + " failed", t);
        try {
            postError(e, RESOURCE_ERROR_FAILED, e.factory() + " failed: " + t, String.valueOf(t));
        } catch (Throwable ignored) {
            // nothing more can be said
        }
    }

    private interface PointerBody {
        Pointer run(KsElementImplementation impl, KsElement e) throws Exception;
    }

    /** get_caps and fixate: the bound implementation's caps, or, when it gives none (or none is bound), the parent class's. */
    private static Pointer orParent(Pointer self, Pointer arg, int slot, PointerBody body) {
        KsElement e = element(self);
        KsElementImplementation impl = bound;
        try {
            Pointer answer = e != null && impl != null ? body.run(impl, e) : null;
            if (answer != null) {
                return answer;
            }
        } catch (Throwable t) {
            failed(e, t);
        }
        return Function.getFunction(sourceParent.getPointer(slot)).invokePointer(new Object[] {self, arg});
    }

    private static Pointer sourceCaps(Pointer self, Pointer filter) {
        return orParent(self, filter, ClassLayout.SRC_GET_CAPS, (impl, e) -> impl.sourceCaps(e, filter));
    }

    /** (A fixate that returns null leaves {@code caps}, whose reference it was given, to the parent's fixate.) */
    private static Pointer sourceFixate(Pointer self, Pointer caps) {
        return orParent(self, caps, ClassLayout.SRC_FIXATE, (impl, e) -> impl.sourceFixate(e, caps));
    }

    private static int sourceQuery(Pointer self, Pointer query) {
        KsElement e = element(self);
        KsElementImplementation impl = bound;
        try {
            Boolean answer = e != null && impl != null ? impl.sourceQuery(e, query) : null;
            if (answer != null) {
                return answer ? 1 : 0;
            }
        } catch (Throwable t) {
            failed(e, t);
            return 0;
        }
        return Function.getFunction(sourceParent.getPointer(ClassLayout.SRC_QUERY)).invokeInt(new Object[] {self, query});
    }

    private static int sourceCreate(Pointer self, Pointer bufferOut) {
        return flow(self, (impl, e) -> impl.sourceCreate(e, bufferOut));
    }

    private interface FlowBody {
        int run(KsElementImplementation impl, KsElement e) throws Exception;
    }

    /** One GstFlowReturn vfunc (create, render): the bound implementation's answer, GST_FLOW_ERROR after an ERROR otherwise. */
    private static int flow(Pointer self, FlowBody body) {
        KsElement e = element(self);
        if (e == null) {
            return KsElementImplementation.FLOW_ERROR;
        }
        try {
            KsElementImplementation impl = bound;
            if (impl == null) {
                notBound(e);
                return KsElementImplementation.FLOW_ERROR;
            }
            return body.run(impl, e);
        } catch (Throwable t) {
            failed(e, t);
            return KsElementImplementation.FLOW_ERROR;
        }
    }

    private static int sinkEvent(Pointer self, Pointer event) {
        KsElement e = element(self);
        KsElementImplementation impl = bound;
        try {
            if (e != null && impl != null) {
                impl.sinkEvent(e, event);
            }
        } catch (Throwable t) {
            failed(e, t);
        }
        return Function.getFunction(sinkParent.getPointer(ClassLayout.SINK_EVENT)).invokeInt(new Object[] {self, event});
    }

    private static int sinkRender(Pointer self, Pointer buffer) {
        return flow(self, (impl, e) -> impl.sinkRender(e, buffer));
    }
}
