package ks.examples.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.api.io.DriverObject;
import ks.devices.usbvideo.rig.CameraRig;

/**
 * The plugin's drivers in the real I/O manager (verifier on) with the USB bus, the UVC driver and
 * a virtual camera: the filter goes into the camera's stack by a filter binding and turns frames
 * into their negative; removing the binding restores the plain stack; the tiny camera streams.
 */
class PluginTest {

    private static final int W = 320;
    private static final int H = 240;

    private final CameraRig rig = new CameraRig(true);

    @AfterEach
    void shutdown() {
        rig.close();
    }

    private DeviceInterface plugCamera() throws InterruptedException {
        rig.plug(CameraRig.spec("Plugin Test Camera", 0x0001, "1.1", "iso", false, "YUY2", W + "x" + H, 30));
        return rig.await("Plugin Test Camera");
    }

    /** One frame read through KsStreamIo from pin 0 of the device. */
    private ByteBuffer frame(DeviceInterface camera, int width, int height) throws Exception {
        try (KsClient.Connection c = rig.client.connect(camera.symbolicLink(), 0,
                KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, width, height, 16, 0, 0, 0, 0))) {
            c.run();
            KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocateDirect(width * height * 2))
                    .extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
            assertEquals(NtStatus.STATUS_SUCCESS, rig.client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
            assertEquals(width * height * 2, h.dataUsed());
            rig.client.setState(c.pin(), KsState.KSSTATE_STOP);
            return h.data();
        }
    }

    private static List<String> stackDrivers(DeviceInterface camera) {
        List<String> drivers = new java.util.ArrayList<>();
        for (DeviceObject d = camera.physicalDevice().bottomOfStack(); d != null; d = d.attachedDevice()) {
            drivers.add(d.driverObject().driverName());
        }
        return drivers;
    }

    @Test
    void theFilterBindingPutsTheNegativeFilterOnTopAndFramesComeUpInverted() throws Exception {
        NegativeFilter filter = new NegativeFilter(rig.streamIo);
        rig.io.loadDriver(filter, NegativeFilter.NAME, false, List.of(), 0);
        DeviceInterface camera = plugCamera();
        assertEquals(List.of("\\Driver\\UsbHub", "\\Driver\\usbvideo"), stackDrivers(camera));
        ByteBuffer plain = frame(camera, W, H);

        rig.io.setFilter("negative", NegativeFilter.NAME, List.of("USB\\VID_1209&PID_0001*"), true, 0);
        camera = rig.await("Plugin Test Camera"); // the device restarted with its new stack
        assertEquals(List.of("\\Driver\\UsbHub", "\\Driver\\usbvideo", "\\Driver\\KsNegative"), stackDrivers(camera));
        ByteBuffer negative = frame(camera, W, H);
        assertTrue(filter.frames() >= 1);
        int row = H - 20; // below the frame-number blocks: the same bars in every frame
        for (int x = 0; x < W * 2; x += 2) {
            int o = row * W * 2 + x;
            assertEquals(255 - (plain.get(o) & 0xFF), negative.get(o) & 0xFF, "luma at byte " + x + " of row " + row);
            assertEquals(plain.get(o + 1), negative.get(o + 1), "chroma untouched at byte " + (x + 1));
        }

        rig.io.removeFilter("negative");
        camera = rig.await("Plugin Test Camera");
        assertEquals(List.of("\\Driver\\UsbHub", "\\Driver\\usbvideo"), stackDrivers(camera));
        long before = filter.frames();
        ByteBuffer again = frame(camera, W, H);
        assertEquals(before, filter.frames(), "the filter is out of the stack");
        assertEquals(plain.get(row * W * 2) & 0xFF, again.get(row * W * 2) & 0xFF);
    }

    @Test
    void aBindingForAFilterLoadedLaterTakesEffectWhenItLoadsAndUnloadingTakesItOut() throws Exception {
        DeviceInterface camera = plugCamera();
        rig.io.setFilter("negative", "\\Driver\\" + NegativeFilter.NAME, List.of("usb\\class_0e*"), true, 0);
        assertEquals(2, stackDrivers(camera).size(), "no such driver yet: the stack stays as it is");
        NegativeFilter filter = new NegativeFilter(rig.streamIo);
        DriverObject loaded = rig.io.loadDriver(filter, NegativeFilter.NAME, false, List.of(), 0);
        camera = rig.await("Plugin Test Camera");
        assertEquals("\\Driver\\KsNegative", stackDrivers(camera).get(2));
        rig.io.unloadDriver(loaded);
        camera = rig.await("Plugin Test Camera");
        assertFalse(stackDrivers(camera).contains("\\Driver\\KsNegative"));
        frame(camera, W, H); // the camera still streams
    }

    @Test
    void theTinyCameraStreamsFramesOfRisingGrey() throws Exception {
        rig.io.loadDriver(new TinyCamera(rig.ks), "KsTinyCamera", true, List.of(), 0);
        DeviceInterface camera = rig.await("Tiny Camera");
        try (KsClient.Connection c = rig.client.connect(camera.symbolicLink(), 0,
                KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, TinyCamera.WIDTH, TinyCamera.HEIGHT, 16, 0, 0, 0, 0))) {
            rig.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            KsStreamHeader[] headers = new KsStreamHeader[3];
            java.util.List<java.util.concurrent.CompletableFuture<ks.api.io.IoStatusBlock>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < headers.length; i++) {
                headers[i] = new KsStreamHeader(ByteBuffer.allocateDirect(TinyCamera.WIDTH * TinyCamera.HEIGHT * 2))
                        .extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
                reads.add(rig.client.streamIo().read(c.pin(), headers[i]).toCompletableFuture());
            }
            c.run();
            for (int i = 0; i < headers.length; i++) {
                assertEquals(NtStatus.STATUS_SUCCESS, reads.get(i).get(10, TimeUnit.SECONDS).status());
                long picture = KsWire.getLong(headers[i].extension(), 8);
                assertEquals(i, picture, "reads queued before RUN take frames 0, 1, 2");
                assertEquals((16 * i) & 0xFF, headers[i].data().get(0) & 0xFF);
                assertEquals((16 * i) & 0xFF, headers[i].data().get(TinyCamera.WIDTH * TinyCamera.HEIGHT * 2 - 2) & 0xFF);
            }
            rig.client.setState(c.pin(), KsState.KSSTATE_STOP);
        }
    }
}
