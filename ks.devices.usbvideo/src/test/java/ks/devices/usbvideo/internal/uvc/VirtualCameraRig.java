package ks.devices.usbvideo.internal.uvc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.IoStatusBlock;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;
import ks.devices.usbvideo.internal.bus.UsbBusDriver;
import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/**
 * The real I/O manager and KS framework with the USB bus and the UVC function driver loaded, as the
 * OSGi container wires them, and virtual cameras plugged into the bus.
 */
final class VirtualCameraRig implements AutoCloseable {

    final IoManagerImpl io = new IoManagerImpl(true);
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(io);
    final KsFrameworkImpl ks = new KsFrameworkImpl(io, streamIo);
    final KsClient client = new KsClient(io, streamIo);
    final UsbBusDriver bus = new UsbBusDriver(io);

    VirtualCameraRig() {
        io.loadDriver(bus, "UsbHub", true, List.of(), 0);
        io.loadDriver(new UvcFunctionDriver(ks, io), "usbvideo", false, List.of("USB\\Class_0E&SubClass_03"), 0);
    }

    static VirtualCameraSpec spec(String uvc, String transfer, String format, String size, int fps, String... faults) {
        return VirtualCameraSpec.of("Rig Camera", 0x1209, 0x0001, uvc, transfer, true, new String[] { format }, new String[] { size },
                new int[] { fps }, faults);
    }

    /** Plugs a camera in and waits for its capture interface. */
    VirtualUvcCamera plug(VirtualCameraSpec spec) throws InterruptedException {
        VirtualUvcCamera cam = new VirtualUvcCamera("RigCamera", spec);
        int before = captureInterfaces().size();
        bus.addBackend(cam);
        awaitInterfaces(before + 1);
        return cam;
    }

    List<DeviceInterface> captureInterfaces() {
        return client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE);
    }

    void awaitInterfaces(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (captureInterfaces().size() != count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, captureInterfaces().size(), "capture interfaces");
    }

    /** A completed read: its header (own buffer) and status. */
    record Read(KsStreamHeader header, IoStatusBlock iosb) {
    }

    /** Issues one read of {@code bytes} with a KS_FRAME_INFO extension. */
    CompletableFuture<Read> read(ks.api.io.FileObject pin, int bytes) {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(bytes));
        h.extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
        return streamIo.read(pin, h).toCompletableFuture().handle((iosb, failure) -> {
            if (iosb != null) {
                return new Read(h, iosb);
            }
            Throwable t = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (t instanceof ks.api.io.KsStatusException) {
                return new Read(h, new IoStatusBlock(((ks.api.io.KsStatusException) t).status(), 0));
            }
            throw new IllegalStateException(t);
        });
    }

    @Override
    public void close() {
        io.shutdown();
        assertTrue(io.verifierViolations().isEmpty(), io.verifierViolations().toString());
    }
}
