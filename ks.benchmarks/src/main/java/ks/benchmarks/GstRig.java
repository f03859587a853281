package ks.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

import ks.api.io.DeviceInterface;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;
import ks.devices.usbvideo.internal.bus.UsbBusDriver;
import ks.devices.usbvideo.internal.uvc.UvcFunctionDriver;
import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/** The I/O manager, KS framework, USB bus, UVC driver and GStreamer, with virtual cameras plugged in by name. */
final class GstRig implements AutoCloseable {

    final IoManagerImpl io = new IoManagerImpl(false);
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(io);
    final KsFrameworkImpl ks = new KsFrameworkImpl(io, streamIo);
    final KsClient client = new KsClient(io, streamIo);
    private final UsbBusDriver bus = new UsbBusDriver(io);
    private int next;

    GstRig() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "ks-benchmarks");
        }
        io.loadDriver(bus, "UsbHub", true, List.of(), 0);
        io.loadDriver(new UvcFunctionDriver(ks, io), "usbvideo", false, List.of("USB\\Class_0E&SubClass_03"), 0);
    }

    /** Plugs a YUY2 camera named {@code name} and waits for its interface. */
    void plug(String name, String transfer, String size, int fps, boolean paced) throws InterruptedException {
        VirtualCameraSpec spec = VirtualCameraSpec.of(name, 0x1209, 0x0100 + next, "1.1", transfer, paced, new String[] {"YUY2"},
                new String[] {size}, new int[] {fps}, new String[0]);
        bus.addBackend(new VirtualUvcCamera("Bench" + next++, spec));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (DeviceInterface d : client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE)) {
                if (d.friendlyName().equals(name)) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(name + " did not arrive");
    }

    @Override
    public void close() {
        io.shutdown();
    }
}
