package ks.devices.usbvideo.internal.virtual;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;

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
 * A virtual UVC camera plugged into the USB bus: one per Config Admin factory configuration of
 * {@value #PID}, or one with the defaults when there is none. Creating a configuration plugs a
 * camera in, deleting it unplugs it (hotplug arrival and removal).
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

        @AttributeDefinition(description = "Formats: YUY2, NV12, MJPG")
        String[] formats() default { "YUY2", "MJPG" };

        @AttributeDefinition(description = "Frame sizes WIDTHxHEIGHT, up to 1920x1080, offered in every format")
        String[] sizes() default { "640x480", "320x240", "1280x720", "1920x1080" };

        @AttributeDefinition(description = "Frame rates offered for every size")
        int[] fps() default { 30, 15, 5 };

        @AttributeDefinition(description = "Send frames at the nominal rate (false: as fast as the host reads, for benchmarks)")
        boolean paced() default true;

        @AttributeDefinition(description = "Picture under the frame number: bars, gradient, checkers, black or white")
        String pattern() default "bars";

        @AttributeDefinition(description = "Faults: drop-payload=N, early-fid=N, err=N, truncate=N (every N-th frame), stall-probe, disconnect-after=N")
        String[] faults() default {};
    }

    private final VirtualUvcCamera camera;
    private final ServiceRegistration<UsbDeviceBackend> registration;

    @Activate
    public VirtualCameraComponent(BundleContext context, Config c) {
        camera = new VirtualUvcCamera("VirtualCamera-" + NEXT.getAndIncrement(), VirtualCameraSpec.of(c.name(), c.vendorId(),
                c.productId(), c.uvc(), c.transfer(), c.paced(), c.formats(), c.sizes(), c.fps(), c.faults()).withPicture(TestPattern.Picture.parse(c.pattern())));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ks.usb.name", camera.name());
        props.put("ks.usb.virtual", Boolean.TRUE);
        registration = context.registerService(UsbDeviceBackend.class, camera, props);
    }

    @Deactivate
    void deactivate() {
        camera.unplug();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // the framework is stopping and took it already
        }
    }
}
