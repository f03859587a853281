package ks.gst;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;
import ks.devices.usbvideo.internal.bus.UsbBusDriver;
import ks.devices.usbvideo.internal.uvc.UvcFunctionDriver;
import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/** The real I/O manager, KS framework, USB bus and UVC driver with virtual cameras, and GStreamer. */
final class Rig implements AutoCloseable {

    final IoManagerImpl io = new IoManagerImpl(true);
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(io);
    final KsFrameworkImpl ks = new KsFrameworkImpl(io, streamIo);
    final KsClient client = new KsClient(io, streamIo);
    final UsbBusDriver bus = new UsbBusDriver(io);

    static synchronized void gst() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "ks-gst-test");
        }
    }

    Rig() {
        gst();
        io.loadDriver(bus, "UsbHub", true, List.of(), 0);
        io.loadDriver(new UvcFunctionDriver(ks, io), "usbvideo", false, List.of("USB\\Class_0E&SubClass_03"), 0);
    }

    static VirtualCameraSpec spec(String format, String size, int fps, boolean paced, String... faults) {
        return VirtualCameraSpec.of("Gst Camera", 0x1209, 0x0001, "1.1", "iso", paced, new String[] { format }, new String[] { size },
                new int[] { fps }, faults);
    }

    VirtualUvcCamera plug(VirtualCameraSpec spec) throws InterruptedException {
        VirtualUvcCamera cam = new VirtualUvcCamera("GstCamera", spec);
        int before = client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).size();
        bus.addBackend(cam);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).size() == before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return cam;
    }

    @Override
    public void close() {
        io.shutdown();
        assertTrue(io.verifierViolations().isEmpty(), io.verifierViolations().toString());
    }
}
