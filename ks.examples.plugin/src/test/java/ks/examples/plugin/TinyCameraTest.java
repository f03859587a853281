package ks.examples.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import ks.api.io.DeviceInterface;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.testing.KsBench;
import ks.testing.KsTestBench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Tiny Camera on the ks.testing bench, the way a third-party author tests a minidriver: load
 * it, find its interface, connect, run, read frames; the extension fails the test on any verifier
 * violation or IRP left behind.
 */
@ExtendWith(KsBench.class)
class TinyCameraTest {

    @Test
    void framesComeUpInRisingGrey(KsTestBench bench) throws Exception {
        bench.load("KsTinyCamera", new TinyCamera(bench.framework()));
        DeviceInterface camera = bench.awaitInterface("Tiny Camera", Duration.ofSeconds(5));
        int frameBytes = TinyCamera.WIDTH * TinyCamera.HEIGHT * 2;
        try (KsClient.Connection c = bench.client().connect(camera.symbolicLink(), 0,
                KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, TinyCamera.WIDTH, TinyCamera.HEIGHT, 16, TinyCamera.INTERVAL, 0))) {
            c.run();
            int previous = -1;
            for (int i = 0; i < 3; i++) {
                KsStreamHeader frame = bench.readFrame(c, frameBytes, true, Duration.ofSeconds(5));
                assertEquals(frameBytes, frame.dataUsed());
                int luma = frame.data().get(0) & 0xFF;
                if (previous >= 0) {
                    assertEquals((previous + 16) & 0xFF, luma, "each frame 16 levels brighter");
                }
                previous = luma;
            }
            bench.client().setState(c.pin(), KsState.KSSTATE_STOP);
        }
    }
}
