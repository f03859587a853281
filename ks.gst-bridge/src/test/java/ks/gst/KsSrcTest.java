package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ks.devices.usbvideo.internal.virtual.TestPattern;

/** kssrc in real GStreamer pipelines, reading the virtual UVC camera through the whole ks stack. */
class KsSrcTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "YUY2", "NV12", "MJPG" })
    void framesBecomePngsWithThePatternAndConsecutiveNumbers(String format) throws Exception {
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec(format, "320x240", 30, true));
            String caps = format.equals("MJPG") ? "image/jpeg,width=320,height=240" : "video/x-raw,format=" + format + ",width=320,height=240";
            String decode = format.equals("MJPG") ? "jpegdec ! " : "";
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc num-buffers=5 ! " + caps + " ! " + decode
                    + "videoconvert ! pngenc ! multifilesink location=" + dir.resolve("f%03d.png"))) {
                p.play();
                assertEquals("EOS", p.await(20, TimeUnit.SECONDS), "num-buffers=5 ends the stream");
                assertTrue(p.sources().get(0).negotiatedCaps().contains("width=(int)320"), p.sources().get(0).negotiatedCaps());
            }
        }
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            File f = dir.resolve(String.format("f%03d.png", i)).toFile();
            assertTrue(f.isFile(), "PNG " + i);
            BufferedImage img = ImageIO.read(f);
            assertEquals(320, img.getWidth());
            assertEquals(240, img.getHeight());
            numbers.add(TestPattern.frameNumberRgb(img));
            assertBars(img, format.equals("MJPG") ? 48 : 24);
        }
        assertEquals(6, Files.list(dir).count() + 1, "exactly five frames");
        for (int i = 1; i < numbers.size(); i++) {
            assertEquals(numbers.get(i - 1) + 1, numbers.get(i), "consecutive frame numbers " + numbers);
        }
    }

    /** The middle of each of the eight bars, below the frame number, has the bar's colour within {@code tolerance} per channel. */
    private static void assertBars(BufferedImage img, int tolerance) {
        int y = img.getHeight() * 3 / 4;
        for (int bar = 0; bar < 8; bar++) {
            int x = (2 * bar + 1) * img.getWidth() / 16;
            int rgb = img.getRGB(x, y);
            int[] got = { (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF };
            int[] want = TestPattern.BARS_RGB[bar];
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(got[c] - want[c]) <= tolerance, "bar " + bar + " at x=" + x + ": got " + java.util.Arrays.toString(got)
                        + ", want " + java.util.Arrays.toString(want));
            }
        }
    }

    /** PTS, duration and DISCONT of up to {@code n} buffers pulled from the appsink "out" (20 s at most). */
    private static void pull(KsPipelines.Launched p, int n, List<long[]> out) throws Exception {
        AppSink sink = (AppSink) p.pipeline().getElementByName("out");
        assertNotNull(sink);
        p.play();
        java.util.concurrent.CompletableFuture.runAsync(() -> pullInto(sink, n, out)).get(20, TimeUnit.SECONDS);
    }

    private static void pullInto(AppSink sink, int n, List<long[]> out) {
        for (int i = 0; i < n; i++) {
            Sample s = sink.pullSample();
            if (s == null) {
                break;
            }
            Buffer b = s.getBuffer();
            out.add(new long[] { b.getPresentationTimestamp(), b.getDuration(), b.getFlags().contains(BufferFlags.DISCONT) ? 1 : 0 });
            b.dispose(); // drops the wrapper's reference now, so gst1-java-core cannot hand the stale wrapper out for a later buffer at the same address
            s.dispose();
        }
    }

    @Test
    void presentationTimesIncreaseByTheFrameInterval() throws Exception {
        List<long[]> got = new ArrayList<>();
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec("YUY2", "320x240", 30, true));
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client,
                    "kssrc ! video/x-raw,width=320,height=240,framerate=30/1 ! appsink name=out sync=false")) {
                pull(p, 12, got);
            }
        }
        assertEquals(12, got.size());
        assertEquals(1, got.get(0)[2], "the first buffer is DISCONT");
        double sum = 0;
        for (int i = 1; i < got.size(); i++) {
            long delta = got.get(i)[0] - got.get(i - 1)[0];
            assertTrue(delta > 0, "PTS increases");
            sum += delta;
            assertEquals(33_333_300, got.get(i)[1], 100, "duration = the frame interval");
        }
        double mean = sum / (got.size() - 1);
        assertEquals(33_333_333, mean, 33_333_333 * 0.15, "mean PTS spacing ~ one frame at 30 fps");
    }

    @Test
    void aDroppedFrameShowsAsDiscont() throws Exception {
        List<long[]> got = new ArrayList<>();
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec("YUY2", "320x240", 30, true, "err=4"));
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc ! appsink name=out sync=false")) {
                pull(p, 10, got);
            }
        }
        long disconts = got.stream().skip(1).filter(b -> b[2] == 1).count();
        assertTrue(disconts >= 1, "a frame after a damaged one is DISCONT");
    }

    @Test
    void unpluggingTheCameraPostsAnErrorNamingTheStatus() throws Exception {
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec("YUY2", "320x240", 30, true, "disconnect-after=3"));
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc ! fakesink")) {
                p.play();
                String end = p.await(20, TimeUnit.SECONDS);
                assertNotNull(end, "the pipeline ends");
                assertTrue(end.startsWith("ERROR") && (end.contains("STATUS_DEVICE_REMOVED") || end.contains("STATUS_DEVICE_NOT_CONNECTED")),
                        end);
                assertTrue(p.sources().get(0).failure() != 0);
            }
        }
    }

    /**
     * {@code reconnect=true}: the camera unplugs itself after 5 frames; once kssrc waits for it, a
     * camera of the same name is plugged in (a new device object and interface). The stream goes on
     * without an ERROR: the new camera's frames (numbered from 0 again) follow, the first of them
     * DISCONT, timestamps keep rising, and the new camera got the same control setting.
     */
    @Test
    void withReconnectTheStreamGoesOnWhenACameraOfTheSameNameComesBack() throws Exception {
        List<long[]> got = new ArrayList<>();
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec("YUY2", "320x240", 30, true, "disconnect-after=5"));
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client,
                    "kssrc reconnect=true controls=Brightness=10 ! video/x-raw,width=320,height=240 ! appsink name=out sync=false")) {
                KsSrc src = p.sources().get(0);
                AppSink sink = (AppSink) p.pipeline().getElementByName("out");
                p.play();
                java.util.concurrent.CompletableFuture<Void> pulling = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 12; i++) {
                        Sample s = sink.pullSample();
                        if (s == null) {
                            return;
                        }
                        Buffer b = s.getBuffer();
                        long number = TestPattern.frameNumberYuy2(b.map(false), 320, 240);
                        b.unmap();
                        got.add(new long[] { b.getPresentationTimestamp(), b.getFlags().contains(BufferFlags.DISCONT) ? 1 : 0, number });
                        b.dispose(); // drops the wrapper's reference now, so gst1-java-core cannot hand the stale wrapper out for a later buffer at the same address
                        s.dispose();
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!src.awaitingDevice() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(src.awaitingDevice(), "kssrc waits for the removed camera; frames so far: " + got.size());
                ks.devices.usbvideo.internal.virtual.VirtualUvcCamera back = rig.plug(Rig.spec("YUY2", "320x240", 30, true));
                pulling.get(20, TimeUnit.SECONDS);
                assertEquals(null, p.await(0, TimeUnit.MILLISECONDS), "no ERROR, no end");
                assertEquals(1, src.reconnects());
                assertEquals(10, (short) back.controlValue(ks.devices.usbvideo.internal.virtual.DescriptorBuilder.PROCESSING_UNIT,
                        ks.devices.usbvideo.internal.uvc.Uvc.PU_BRIGHTNESS_CONTROL), "the controls were set on the camera that came back");
            }
            assertEquals(List.of(), rig.io.verifierViolations());
        }
        assertEquals(12, got.size());
        int restart = -1;
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i)[0] > got.get(i - 1)[0], "PTS rises at " + i);
            if (got.get(i)[2] < got.get(i - 1)[2]) {
                assertEquals(-1, restart, "one restart of the frame numbers");
                restart = i;
            }
        }
        assertTrue(restart > 0 && restart <= 5, "the first camera's frames (at most 5), then the second's: restart at " + restart);
        assertTrue(got.get(restart)[2] < 5, "the new camera's first frames: " + got.get(restart)[2]);
        assertEquals(1, got.get(restart)[1], "the first frame after the reconnect is DISCONT");
    }

    @Test
    void aDeviceThatDoesNotExistIsAnError() throws Exception {
        try (Rig rig = new Rig()) {
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"No Such Camera\" ! fakesink")) {
                p.play();
                String end = p.await(10, TimeUnit.SECONDS);
                assertNotNull(end);
                assertTrue(end.contains("No Such Camera"), end);
            }
        }
    }
}
