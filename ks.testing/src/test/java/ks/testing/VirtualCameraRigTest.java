package ks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The virtual-camera rig: a UVC camera on the bench's USB bus, streaming through the UVC driver, and unplugged again. */
@ExtendWith(KsBench.class)
class VirtualCameraRigTest {

    @Test
    void aPluggedCameraStreamsAndGoesAwayWhenUnplugged(KsTestBench bench) throws Exception {
        KsTestBench.VirtualCamera camera = bench.plugVirtualCamera("Bench Camera", "YUY2", "320x240", 30);
        assertEquals("Bench Camera", camera.captureInterface().friendlyName());
        assertTrue(camera.hardwareId().matches("USB\\\\VID_1209&PID_[0-9A-F]{4}"), camera.hardwareId());
        try (KsClient.Connection c = bench.client().connect(camera.captureInterface().symbolicLink(), 0,
                KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, KsVideo.interval(30), 0))) {
            c.run();
            KsStreamHeader frame = bench.readFrame(c, 320 * 240 * 2, true, Duration.ofSeconds(10));
            assertEquals(320 * 240 * 2, frame.dataUsed(), "a whole frame through the UVC driver");
            bench.client().setState(c.pin(), ks.api.ks.KsState.KSSTATE_STOP);
        }
        camera.unplug();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!bench.client().find(KsGuids.KSCATEGORY_VIDEO).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(bench.client().find(KsGuids.KSCATEGORY_VIDEO).isEmpty(), "the interface went with the camera");
    }
}
