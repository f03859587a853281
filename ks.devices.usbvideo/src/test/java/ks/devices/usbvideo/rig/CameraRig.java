package ks.devices.usbvideo.rig;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.DriverObject;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;
import ks.devices.usbvideo.internal.bus.UsbBusDriver;
import ks.devices.usbvideo.internal.uvc.UvcFunctionDriver;
import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/**
 * The real I/O manager and KS framework with the USB bus and the UVC function driver loaded, as the
 * OSGi container wires them, and virtual cameras plugged into the bus. Shared by the tests and
 * benchmarks of every module that streams from a virtual camera (published in this module's
 * test-jar).
 */
public class CameraRig implements AutoCloseable {

    private static final long ARRIVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    public final IoManagerImpl io;
    public final KsStreamIoImpl streamIo;
    public final KsFrameworkImpl ks;
    public final KsClient client;
    public final UsbBusDriver bus;
    private final boolean verifier;
    private DriverObject usbvideo;
    private int plugged;

    /** @param verifier whether the I/O manager's driver verifier runs and {@link #close} checks it */
    public CameraRig(boolean verifier) {
        this.verifier = verifier;
        io = new IoManagerImpl(verifier);
        streamIo = new KsStreamIoImpl(io);
        ks = new KsFrameworkImpl(io, streamIo);
        client = new KsClient(io, streamIo);
        bus = new UsbBusDriver(io);
        io.loadDriver(bus, "UsbHub", true, List.of(), 0);
        loadUsbVideo();
    }

    /** Loads the UVC function driver (done at construction): it attaches to every camera on the bus. */
    public final void loadUsbVideo() {
        usbvideo = io.loadDriver(new UvcFunctionDriver(ks, io), "usbvideo", false, List.of("USB\\Class_0E&SubClass_03"), 0);
    }

    /** Unloads the UVC function driver: every camera's KS device is removed, the cameras stay on the bus. */
    public final void unloadUsbVideo() {
        io.unloadDriver(usbvideo);
    }

    /** A camera with one format, one frame size and one frame rate. */
    public static VirtualCameraSpec spec(String name, int productId, String uvc, String transfer, boolean paced, String format,
            String size, int fps, String... faults) {
        return VirtualCameraSpec.of(name, 0x1209, productId, uvc, transfer, paced, new String[] { format }, new String[] { size },
                new int[] { fps }, faults);
    }

    /** Plugs a camera in and waits until one more capture interface is there. */
    public VirtualUvcCamera plug(VirtualCameraSpec spec) throws InterruptedException {
        VirtualUvcCamera cam = new VirtualUvcCamera("RigCamera" + plugged++, spec);
        int before = captureInterfaces().size();
        bus.addBackend(cam);
        awaitInterfaces(before + 1);
        return cam;
    }

    /** The video capture interfaces now registered. */
    public List<DeviceInterface> captureInterfaces() {
        return client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE);
    }

    /** Waits up to 10 s until exactly {@code count} capture interfaces are registered. */
    public void awaitInterfaces(int count) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_NANOS;
        while (captureInterfaces().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " capture interfaces expected, " + captureInterfaces().size() + " there");
            }
            Thread.sleep(5);
        }
    }

    /** Waits up to 10 s for the capture interface of the camera named {@code friendlyName}. */
    public DeviceInterface await(String friendlyName) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_NANOS;
        do {
            for (DeviceInterface d : captureInterfaces()) {
                if (d.friendlyName().equals(friendlyName)) {
                    return d;
                }
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(friendlyName + " did not arrive");
    }

    /** Shuts the I/O manager down; with the verifier on, fails if it saw a rule broken. */
    @Override
    public void close() {
        io.shutdown();
        if (verifier && !io.verifierViolations().isEmpty()) {
            throw new AssertionError(io.verifierViolations().toString());
        }
    }
}
