package ks.devices.usbvideo.internal.virtual;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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
 * A virtual UVC camera plugged into the USB bus: one per Config Admin factory configuration of
 * {@value #PID}, or one with the defaults when there is none. Creating a configuration plugs a
 * camera in, deleting it unplugs it (hotplug arrival and removal).
 *
 * <p>The list properties also take comma-separated values in one string, as a {@code .cfg} file
 * gives them ({@code formats=YUY2, MJPG}). A configuration with a value the camera cannot take
 * plugs nothing in and logs one error that names the configuration (its file, when FileInstall
 * read it), the property and the value.
 */
@Component(service = {}, configurationPid = VirtualCameraComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = VirtualCameraComponent.Config.class, factory = true)
public final class VirtualCameraComponent {

    public static final String PID = "ks.usbvideo.camera";
    private static final AtomicInteger NEXT = new AtomicInteger();

    @ObjectClassDefinition(name = "ks virtual UVC camera", description = "An emulated USB Video Class camera on the ks USB bus")
    public @interface Config {
        @AttributeDefinition(description = "Product string and KS friendly name")
        String name() default "ks Virtual Camera";

        @AttributeDefinition(description = "idVendor (pid.codes test range by default)")
        int vendorId() default 0x1209;

        @AttributeDefinition(description = "idProduct")
        int productId() default 0x0001;

        @AttributeDefinition(description = "UVC version: 1.0, 1.1 or 1.5")
        String uvc() default "1.1";

        @AttributeDefinition(description = "Streaming endpoint: iso or bulk")
        String transfer() default "iso";

        @AttributeDefinition(description = "Formats: YUY2, NV12, MJPG (a list, or comma-separated)")
        String[] formats() default { "YUY2", "MJPG" };

        @AttributeDefinition(description = "Frame sizes WIDTHxHEIGHT, up to 1920x1080, offered in every format (a list, or comma-separated)")
        String[] sizes() default { "640x480", "320x240", "1280x720", "1920x1080" };

        @AttributeDefinition(description = "Frame rates, 1 to 120, offered for every size (a list, or comma-separated)")
        String[] fps() default { "30", "15", "5" };

        @AttributeDefinition(description = "Send frames at the nominal rate (false: as fast as the host reads, for benchmarks)")
        boolean paced() default true;

        @AttributeDefinition(description = "Picture under the frame number: bars, gradient, checkers, black or white")
        String pattern() default "bars";

        @AttributeDefinition(description = "Faults: drop-payload=N, early-fid=N, err=N, truncate=N (every N-th frame), stall-probe, disconnect-after=N, freeze-after=N")
        String[] faults() default {};
    }

    private static final System.Logger LOG = System.getLogger(VirtualCameraComponent.class.getName());

    /** Null when the configuration has a value the camera cannot take. */
    private final VirtualUvcCamera camera;
    private final ServiceRegistration<UsbDeviceBackend> registration;

    @Activate
    public VirtualCameraComponent(BundleContext context, Config c, Map<String, Object> properties) {
        VirtualCameraSpec spec;
        try {
            spec = spec(c, properties);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1}; no camera is plugged in for it", source(properties), e.getMessage());
            camera = null;
            registration = null;
            return;
        }
        camera = new VirtualUvcCamera("VirtualCamera-" + NEXT.getAndIncrement(), spec);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ks.usb.name", camera.name());
        props.put("ks.usb.virtual", Boolean.TRUE);
        registration = context.registerService(UsbDeviceBackend.class, camera, props);
    }

    private static VirtualCameraSpec spec(Config c, Map<String, Object> properties) {
        Object paced = properties.get("paced");
        if (paced instanceof String && !((String) paced).trim().matches("(?i)true|false")) {
            throw new IllegalArgumentException("paced '" + paced + "': use true or false"); // DS would read it as false
        }
        List<String> rates = items(c.fps());
        int[] fps = new int[rates.size()];
        for (int i = 0; i < fps.length; i++) {
            try {
                fps[i] = Integer.parseInt(rates.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("frame rate '" + rates.get(i) + "': use whole numbers 1..120");
            }
        }
        return VirtualCameraSpec.of(c.name(), usbId(properties, "vendorId", c::vendorId), usbId(properties, "productId", c::productId),
                c.uvc(), c.transfer(), c.paced(),
                items(c.formats()).toArray(String[]::new), items(c.sizes()).toArray(String[]::new), fps,
                items(c.faults()).toArray(String[]::new)).withPicture(TestPattern.Picture.parse(c.pattern()));
    }

    /**
     * idVendor or idProduct: a number, or a string in decimal or hex ({@code 0x046D}), as a
     * {@code .cfg} file gives it; read from the raw property, since DS converts strings with
     * Integer.valueOf, which takes no hex.
     */
    static int usbId(Map<String, Object> properties, String key, IntSupplier fallback) {
        Object v = properties.get(key);
        if (v == null) {
            return fallback.getAsInt();
        }
        int id;
        try {
            id = v instanceof Number ? ((Number) v).intValue() : Integer.decode(v.toString().trim());
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException(key + " '" + v + "': use a number from 0 to 0xFFFF, such as 0x046D");
        }
        return id;
    }

    /** The values of a list property, each of which may itself be a comma-separated list. */
    static List<String> items(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values == null ? new String[0] : values) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    /** The configuration's file as FileInstall names it, else its PID. */
    private static String source(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            return f.substring(f.lastIndexOf('/') + 1);
        }
        Object pid = properties.get(Constants.SERVICE_PID);
        return "configuration " + (pid == null ? PID : pid);
    }

    @Deactivate
    void deactivate() {
        if (camera == null) {
            return;
        }
        camera.unplug();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // the framework is stopping and took it already
        }
    }
}
