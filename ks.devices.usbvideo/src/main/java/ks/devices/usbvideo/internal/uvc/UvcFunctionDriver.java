package ks.devices.usbvideo.internal.uvc;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ks.api.io.DriverObject;
import ks.api.io.IoManager;
import ks.api.io.KsDriver;
import ks.api.ks.KsDevice;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsDeviceDispatch;
import ks.api.ks.KsFramework;

/**
 * The USB Video Class function driver (the driver named usbvideo): the PnP manager gives it every
 * USB device whose compatible IDs name the video interface collection (class 0E, subclass 03), at
 * the class-and-subclass match value, so a driver naming the device's VID and PID wins over it. It
 * is a KS minidriver: each device becomes a capture filter described from the camera's own
 * descriptors (see {@link UvcDevice}).
 */
@Component(service = KsDriver.class, immediate = true, property = { KsDriver.NAME + "=usbvideo",
        KsDriver.IDS + "=USB\\Class_0E&SubClass_03&Prot_00", KsDriver.IDS + "=USB\\Class_0E&SubClass_03&Prot_01",
        KsDriver.IDS + "=USB\\Class_0E&SubClass_03" })
public final class UvcFunctionDriver implements KsDriver {

    private final KsFramework ks;
    private final IoManager io;

    @Activate
    public UvcFunctionDriver(@Reference KsFramework ks, @Reference IoManager io) {
        this.ks = ks;
        this.io = io;
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        return ks.initializeDriver(driverObject, new KsDeviceDescriptor("usbvideo", List.of(), new KsDeviceDispatch() {
            @Override
            public int start(KsDevice device) {
                UvcDevice uvc = new UvcDevice(new UsbLink(io, device.functionalDevice().attachedTo()), device);
                device.context(uvc);
                return uvc.start();
            }

            @Override
            public void remove(KsDevice device) {
                if (device.context() instanceof UvcDevice) {
                    ((UvcDevice) device.context()).remove();
                }
            }
        }));
    }

}
