package ks.devices.usbvideo.internal.libusb;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ks.devices.usbvideo.internal.bus.UsbDeviceBackend;

/**
 * Real USB cameras: every video-class device libusb can open is registered as a
 * {@link UsbDeviceBackend} service, which the USB bus driver turns into a PDO, so the UVC driver
 * binds to it exactly as to a virtual camera. Where the native library does not load (a platform
 * usb4java has no build for) or libusb cannot start (no USB in a container), the component logs
 * why and stays idle; the rest of ks is unaffected.
 */
@Component(service = {}, configurationPid = LibUsbComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = LibUsbComponent.Config.class)
public final class LibUsbComponent implements LibUsbHost.Listener {

    public static final String PID = "ks.usbvideo.libusb";
    private static final System.Logger LOG = System.getLogger(LibUsbComponent.class.getName());

    @ObjectClassDefinition(name = "ks USB cameras (libusb)", description = "Real USB Video Class cameras through libusb")
    public @interface Config {
        @AttributeDefinition(description = "Look for real USB cameras")
        boolean enabled() default true;

        @AttributeDefinition(description = "Seconds between bus rescans where libusb has no hotplug support (0: scan once)")
        int rescanSeconds() default 2;
    }

    private final BundleContext context;
    private final Map<LibUsbCamera, ServiceRegistration<UsbDeviceBackend>> registrations = new ConcurrentHashMap<>();
    private LibUsbHost host;

    @Activate
    public LibUsbComponent(BundleContext context, Config config, Map<String, Object> properties) {
        this.context = context;
        if (!config.enabled()) {
            LOG.log(System.Logger.Level.INFO, "real USB cameras disabled by configuration " + PID);
            return;
        }
        int rescanSeconds;
        try {
            rescanSeconds = config.rescanSeconds();
        } catch (RuntimeException e) { // DS could not convert the value
            rescanSeconds = -1;
        }
        if (rescanSeconds < 0) {
            LOG.log(System.Logger.Level.ERROR, PID + ": rescanSeconds '" + properties.get("rescanSeconds")
                    + "': use a whole number of seconds, 0 to scan once; real USB cameras are not looked for");
            return;
        }
        try {
            host = LibUsbHost.start(this, rescanSeconds * 1000L);
            LOG.log(System.Logger.Level.INFO, LibUsbHost.version() + (host.hotplug() ? " with hotplug" : " (rescanning)"));
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "real USB cameras unavailable: " + e);
        }
    }

    @Override
    public void arrived(LibUsbCamera camera) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ks.usb.name", camera.name());
        props.put("ks.usb.virtual", Boolean.FALSE);
        registrations.put(camera, context.registerService(UsbDeviceBackend.class, camera, props));
    }

    @Override
    public void left(LibUsbCamera camera) {
        ServiceRegistration<UsbDeviceBackend> r = registrations.remove(camera);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the framework is stopping and took it already
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (host != null) {
            host.close();
        }
    }
}
