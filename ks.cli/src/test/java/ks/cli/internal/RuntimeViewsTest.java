package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ks.api.io.DeviceInterface;
import ks.api.io.Irp;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.devices.usbvideo.rig.CameraRig;

/**
 * ks:stats on a real I/O manager with a virtual camera streaming: each open pin's frames, drops and
 * bytes against what the test itself read; ks:leaks with detection off and with an IRP held.
 */
class RuntimeViewsTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final Pattern STREAM = Pattern.compile(
            "stream Stats Camera pin 0 \\(capture, RUN\\): (\\d+) frames \\(([\\d.]+)/s\\), (\\d+) dropped, (\\d+) bytes \\(([\\d.]+) MB/s\\)");

    private final CameraRig rig = new CameraRig(false);

    @AfterEach
    void shutdown() {
        rig.close();
    }

    private DeviceInterface plugCamera() throws InterruptedException {
        rig.plug(CameraRig.spec("Stats Camera", 0x0001, "1.1", "iso", true, "YUY2", W + "x" + H, 30));
        return rig.await("Stats Camera");
    }

    private static Matcher streamLine(String stats) {
        Matcher m = STREAM.matcher(stats);
        assertTrue(m.find(), stats);
        return m;
    }

    @Test
    void statsCountTheFramesBytesAndDropsOfAnOpenStream() throws Exception {
        DeviceInterface camera = plugCamera();
        assertTrue(RuntimeViews.stats(rig.io, rig.ks, rig.client.find(KsGuids.KSCATEGORY_VIDEO), List.of(), 10).contains("streams: no pin open"));
        try (KsClient.Connection c = rig.client.connect(camera.symbolicLink(), 0,
                KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, 0, 0, 0, 0))) {
            c.run();
            Thread.sleep(400); // no read queued: the camera's frames (30/s) have nowhere to go
            AtomicLong read = new AtomicLong();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                ByteBuffer data = ByteBuffer.allocateDirect(W * H * 2);
                while (reading.get()) {
                    KsStreamHeader h = new KsStreamHeader(data.clear());
                    try {
                        int status = rig.client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS).status();
                        if (status == NtStatus.STATUS_SUCCESS) {
                            read.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            reader.start();
            Thread.sleep(300);
            String during = RuntimeViews.stats(rig.io, rig.ks, rig.client.find(KsGuids.KSCATEGORY_VIDEO), List.of(), 1000);
            Matcher m = streamLine(during);
            double rate = Double.parseDouble(m.group(2));
            assertTrue(rate > 20 && rate < 40, "about 30 frames/s: " + during);
            double mbps = Double.parseDouble(m.group(5));
            assertEquals(rate * W * H * 2 / 1e6, mbps, 0.01 + mbps * 0.02, during);
            reading.set(false);
            reader.join(5000);

            String after = RuntimeViews.stats(rig.io, rig.ks, rig.client.find(KsGuids.KSCATEGORY_VIDEO), List.of(), 10);
            m = streamLine(after);
            long frames = Long.parseLong(m.group(1));
            long dropped = Long.parseLong(m.group(3));
            long bytes = Long.parseLong(m.group(4));
            assertEquals(read.get(), frames, "every frame the reader got, once: " + after);
            assertEquals(frames * W * H * 2, bytes, after);
            assertTrue(dropped >= 8, "the 400 ms with no read queued dropped about 12 frames: " + after);
            assertTrue(dropped < 12 + 3 + 2 * 30, "not every frame: " + after);
        }
        assertTrue(RuntimeViews.stats(rig.io, rig.ks, rig.client.find(KsGuids.KSCATEGORY_VIDEO), List.of(), 10).contains("streams: no pin open"));
    }

    @Test
    void leaksSaysHowToTurnDetectionOnAndListsAnIrpHeldTooLong() throws Exception {
        assertTrue(RuntimeViews.leaks(rig.io, 10).contains("leak detection: off (turn it on with ks.core.leaks.cfg: level=simple"),
                RuntimeViews.leaks(rig.io, 10));
        rig.io.leakDetection("simple");
        Irp held = rig.io.allocateIrp(2);
        Thread.sleep(50);
        String report = RuntimeViews.leaks(rig.io, 0);
        assertTrue(report.startsWith("leak detection: simple; 0 IRPs lost"), report);
        assertTrue(report.contains("1 held over 0 s") && report.contains("  HELD ") && report.contains("IRP with 2 stack locations"), report);
        rig.io.freeIrp(held);
        assertTrue(RuntimeViews.leaks(rig.io, 0).contains("0 held over 0 s"), RuntimeViews.leaks(rig.io, 0));
        assertEquals(List.of(), rig.io.irpsHeldLongerThan(Duration.ZERO));
    }
}
