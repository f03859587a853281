package ks.gst.types;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code ksdeviceprovider}, a GstDeviceProvider subclass ({@code GstKsDeviceProvider}), and its
 * devices ({@code GstKsDevice}, a GstDevice subclass): GstDeviceMonitor lists each KS capture and
 * render device with its display name, class ({@code Video/Source}, {@code Video/Sink}), caps and
 * properties ({@code device.api=ks}, {@code device.path} the symbolic link), and
 * gst_device_create_element gives a kssrc or kssink whose {@code device} is that link. A started
 * provider posts arrivals and removals as GstDeviceMonitor's device messages. Devices come from the
 * bound {@link KsElementImplementation}; with none bound the provider lists none.
 *
 * <h2>Threading</h2>
 * probe, start and stop on the application's thread; arrivals and removals on the
 * implementation's thread (gst_device_provider_device_add and _remove may be called from any).
 */
final class DeviceProviderType {

    private static final System.Logger LOG = System.getLogger(DeviceProviderType.class.getName());
    private static final int GST_RANK_PRIMARY = 256;

    static final String NAME = "ksdeviceprovider";

    /** GstKsDevice pointer → the KS device it stands for. */
    private static final Map<Long, KsDeviceInfo> DEVICES = new ConcurrentHashMap<>();
    /** A started provider's watch and the GstDevice it added for each symbolic link. */
    private static final Map<Long, Started> STARTED = new ConcurrentHashMap<>();

    private static final class Started {
        final Map<String, Pointer> added = new ConcurrentHashMap<>();
        volatile AutoCloseable watch;
    }

    private static long providerType;
    private static long deviceType;
    private static volatile Pointer deviceParent;

    private static final Callbacks.InitFn PROVIDER_CLASS_INIT = (klass, data) -> providerClassInit(klass);
    private static final Callbacks.InitFn DEVICE_CLASS_INIT = (klass, data) -> deviceClassInit(klass);
    private static final Callbacks.InitFn NO_INSTANCE_INIT = (instance, klass) -> { };
    private static final Callbacks.PointerFn PROBE = DeviceProviderType::probe;
    private static final Callbacks.BoolFn START = DeviceProviderType::start;
    private static final Callbacks.VoidFn STOP = DeviceProviderType::stop;
    private static final Callbacks.PointerArgFn CREATE_ELEMENT = DeviceProviderType::createElement;
    private static final Callbacks.VoidFn DEVICE_FINALIZE = DeviceProviderType::deviceFinalize;

    private DeviceProviderType() {
    }

    /** Registers the two GTypes (once, from {@link KsElementTypes#register}). */
    static void registerTypes() {
        for (Callback c : new Callback[] {PROVIDER_CLASS_INIT, DEVICE_CLASS_INIT, NO_INSTANCE_INIT, PROBE, START, STOP, CREATE_ELEMENT,
            DEVICE_FINALIZE}) {
            Native.setCallbackThreadInitializer(c, KsElementTypes.ATTACH);
        }
        providerType = KsElementTypes.registerType(GNative.GST.gst_device_provider_get_type(), "GstKsDeviceProvider",
                PROVIDER_CLASS_INIT, NO_INSTANCE_INIT);
        deviceType = KsElementTypes.registerType(GNative.GST.gst_device_get_type(), "GstKsDevice", DEVICE_CLASS_INIT,
                NO_INSTANCE_INIT);
    }

    /** gst_device_provider_register into the plugin, from plugin_init. */
    static boolean register(Pointer plugin) {
        return GNative.GST.gst_device_provider_register(plugin, GNative.utf8(NAME), GST_RANK_PRIMARY, providerType);
    }

    private static void providerClassInit(Pointer klass) {
        try {
            GNative.GST.gst_device_provider_class_set_metadata(klass, GNative.utf8("KS Device Provider"),
                    GNative.utf8("Source/Sink/Video"), GNative.utf8("Lists the Kernel Streaming capture and render devices of ks"),
                    GNative.utf8("ks"));
            klass.setPointer(ClassLayout.PROVIDER_PROBE, CallbackReference.getFunctionPointer(PROBE));
            klass.setPointer(ClassLayout.PROVIDER_START, CallbackReference.getFunctionPointer(START));
            klass.setPointer(ClassLayout.PROVIDER_STOP, CallbackReference.getFunctionPointer(STOP));
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "ksdeviceprovider class_init failed", t);
        }
    }

    private static void deviceClassInit(Pointer klass) {
        try {
            deviceParent = GNative.GOBJECT.g_type_class_peek_parent(klass);
            klass.setPointer(ClassLayout.DEVICE_CREATE_ELEMENT, CallbackReference.getFunctionPointer(CREATE_ELEMENT));
            klass.setPointer(ClassLayout.FINALIZE, CallbackReference.getFunctionPointer(DEVICE_FINALIZE));
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "GstKsDevice class_init failed", t);
        }
    }

    /** A new (floating) GstKsDevice for {@code info}. */
    private static Pointer newDevice(KsDeviceInfo info) {
        Pointer caps = GNative.GST.gst_caps_from_string(GNative.utf8(info.caps()));
        Pointer props = GNative.GST.gst_structure_from_string(GNative.utf8("ks-device, device.api=(string)ks, device.path=(string)"
                + quoted(info.symbolicLink()) + ", device.factory=(string)" + info.factory()), null);
        try {
            Memory displayName = GNative.utf8(info.displayName());
            Memory deviceClass = GNative.utf8(info.deviceClass());
            Pointer device = GNative.GOBJECT.g_object_new(deviceType, GNative.utf8("display-name"), displayName,
                    GNative.utf8("device-class"), deviceClass, GNative.utf8("caps"), caps, GNative.utf8("properties"), props, null);
            DEVICES.put(Pointer.nativeValue(device), info);
            return device;
        } finally {
            if (caps != null) {
                GNative.GST.gst_mini_object_unref(caps);
            }
            if (props != null) {
                GNative.GST.gst_structure_free(props);
            }
        }
    }

    /** A GstStructure string value in quotes, its backslashes and quotes escaped. */
    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static Pointer probe(Pointer provider) {
        Pointer list = null;
        try {
            KsElementImplementation impl = KsElementTypes.boundOrOnDemand();
            if (impl == null) {
                return null;
            }
            for (KsDeviceInfo d : impl.devices()) {
                list = GNative.GLIB.g_list_append(list, newDevice(d));
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "ksdeviceprovider probe failed", t);
        }
        return list;
    }

    private static int start(Pointer provider) {
        try {
            KsElementImplementation impl = KsElementTypes.boundOrOnDemand();
            Started s = new Started();
            STARTED.put(Pointer.nativeValue(provider), s);
            if (impl != null) {
                s.watch = impl.watchDevices(new KsElementImplementation.DeviceListener() {
                    @Override
                    public void added(KsDeviceInfo device) {
                        Pointer d = newDevice(device);
                        if (s.added.putIfAbsent(device.symbolicLink(), d) == null) {
                            GNative.GST.gst_device_provider_device_add(provider, d); // takes the floating reference
                        }
                    }

                    @Override
                    public void removed(KsDeviceInfo device) {
                        Pointer d = s.added.remove(device.symbolicLink());
                        if (d != null) {
                            GNative.GST.gst_device_provider_device_remove(provider, d);
                        }
                    }
                });
            }
            return 1;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "ksdeviceprovider start failed", t);
            return 0;
        }
    }

    private static void stop(Pointer provider) {
        Started s = STARTED.remove(Pointer.nativeValue(provider));
        if (s == null) {
            return;
        }
        try {
            AutoCloseable w = s.watch;
            if (w != null) {
                w.close();
            }
            for (Pointer d : List.copyOf(s.added.values())) {
                GNative.GST.gst_device_provider_device_remove(provider, d);
            }
            s.added.clear();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "ksdeviceprovider stop failed", t);
        }
    }

    /** gst_device_create_element: a kssrc or kssink with {@code device} set to the device's symbolic link. */
    private static Pointer createElement(Pointer device, Pointer name) {
        try {
            KsDeviceInfo info = DEVICES.get(Pointer.nativeValue(device));
            if (info == null) {
                return null;
            }
            Pointer element = GNative.GST.gst_element_factory_make(GNative.utf8(info.factory()), name);
            if (element != null) {
                GNative.GST.gst_util_set_object_arg(element, GNative.utf8("device"), GNative.utf8(info.symbolicLink()));
            }
            return element;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "GstKsDevice create_element failed", t);
            return null;
        }
    }

    private static void deviceFinalize(Pointer device) {
        DEVICES.remove(Pointer.nativeValue(device));
        com.sun.jna.Function.getFunction(deviceParent.getPointer(ClassLayout.FINALIZE)).invokeVoid(new Object[] {device});
    }
}
