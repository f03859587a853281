package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ks.devices.usbvideo.internal.virtual.TestPattern;

/**
 * {@code ./ks capture} as a user runs it, its files checked by GStreamer's discoverer, a GStreamer
 * decode of every frame (the virtual camera's pattern and frame numbers) and, for AVI and PNG,
 * readers outside GStreamer. Expected values come from the command line given and the virtual
 * camera's documented defaults (YUY2 640x480 first, 30 fps fastest, capture.mkv, 5 s).
 */
class CaptureCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutArgumentsFiveSecondsOfTheVirtualCameraGoToCaptureMkv() throws Exception {
        Ks.Run r = Ks.run(dir, "capture");
        assertEquals(0, r.exitCode(), r.toString());
        Path file = dir.resolve("capture.mkv");
        assertTrue(Files.isRegularFile(file), r.toString());
        assertTrue(r.out().contains("ks Virtual Camera"), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+\\d+ of 150 frames, [\\d.]+ fps, \\d+ dropped")),
                "a progress line while it runs\n" + r);
        assertTrue(r.out().contains("wrote capture.mkv: 150 frames"), r.toString());

        MediaCheck.Discovered d = MediaCheck.discover(file);
        assertEquals("Matroska", d.container());
        assertEquals("JPEG", d.codec());
        assertEquals(640, d.width());
        assertEquals(480, d.height());
        assertEquals("30/1", d.frameRate());
        assertEquals(5.0, d.seconds(), 0.01, "150 frames at 30 fps");
        List<BufferedImage> frames = MediaCheck.decodeAll(file, dir.resolve("frames"));
        assertEquals(150, frames.size());
        MediaCheck.assertConsecutive(frames);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no temporary file left");
        }
    }

    @Test
    void optionsSelectFormatSizeRateCountAndAnMp4Output() throws Exception {
        Path file = dir.resolve("my clips/cam.mp4");
        Files.createDirectories(file.getParent());
        Ks.Run r = Ks.run(dir, "capture", "--format", "MJPG", "--size", "320x240", "--fps", "15", "--frames", "20", "--output", file.toString());
        assertEquals(0, r.exitCode(), r.toString());
        MediaCheck.Discovered d = MediaCheck.discover(file);
        assertEquals("Quicktime", d.container(), "GStreamer's name for the ISO/QuickTime family");
        String brand = new String(Files.readAllBytes(file), 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(List.of("isom", "mp42", "mp41").contains(brand), "an MP4 major brand in ftyp, not " + brand);
        assertTrue(d.codec().startsWith("H.264"), d.toString());
        assertEquals(320, d.width());
        assertEquals(240, d.height());
        assertEquals("15/1", d.frameRate(), "mp4mux derives the rate from the timestamps: constant");
        assertEquals(20 / 15.0, d.seconds(), 0.01, "20 frames at 15 fps");
        assertEquals(20, MediaCheck.samples(file), "video samples in the file's sample table");
    }

    @Test
    void aDurationBecomesFramesAtTheRateAndTheAviHeaderSaysSo() throws Exception {
        Ks.Run r = Ks.run(dir, "capture", "--size", "320x240", "--fps", "15", "--duration", "2", "-o", "clip.avi");
        assertEquals(0, r.exitCode(), r.toString());
        Path file = dir.resolve("clip.avi");
        int[] avih = MediaCheck.aviHeader(file);
        assertEquals(1_000_000 / 15, avih[0], 1, "microseconds per frame");
        assertEquals(30, avih[1], "2 s at 15 fps");
        assertEquals(320, avih[2]);
        assertEquals(240, avih[3]);
        MediaCheck.Discovered d = MediaCheck.discover(file);
        assertEquals("15/1", d.frameRate());
        List<BufferedImage> frames = MediaCheck.decodeAll(file, dir.resolve("frames"));
        assertEquals(30, frames.size());
        MediaCheck.assertConsecutive(frames);
    }

    @Test
    void aPngIsOneFrameWithTheColourBars() throws Exception {
        Ks.Run r = Ks.run(dir, "capture", "--output", "snap.png");
        assertEquals(0, r.exitCode(), r.toString());
        BufferedImage img = ImageIO.read(dir.resolve("snap.png").toFile());
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        for (int bar = 0; bar < 8; bar++) {
            int rgb = img.getRGB(bar * 80 + 40, 400); // below the frame-number blocks
            int[] want = TestPattern.BARS_RGB[bar];
            int[] got = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
            for (int c = 0; c < 3; c++) {
                assertEquals(want[c], got[c], 24, "bar " + bar + " channel " + c);
            }
        }
        assertTrue(r.out().contains("wrote snap.png: 1 frame"), r.toString());
    }

    /**
     * {@code --fps 15} on a camera offering 30 and 15 fps, and a camera offering only 6 fps: rates
     * whose frame interval is not a whole number of 100 ns (the camera truncates it) are captured,
     * and the file says the rate asked for.
     */
    @Test
    void ratesWhoseIntervalIsNotWholeAreCaptured() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("ks.usbvideo.camera-two.cfg"), "name=Two Rate Camera\nformats=YUY2\nsizes=320x240\nfps=30, 15\n");
        Files.writeString(conf.resolve("ks.usbvideo.camera-slow.cfg"), "name=Slow Camera\nformats=YUY2\nsizes=320x240\nfps=6\n"
                + "productId=0x0071\n");
        Map<String, String> env = Map.of("KS_CONFIG", conf.toString());
        Ks.Run fifteen = Ks.run(dir, env, "capture", "--device", "Two Rate Camera", "--fps", "15", "--frames", "5", "--output", "15.mkv");
        assertEquals(0, fifteen.exitCode(), fifteen.toString());
        assertEquals("15/1", MediaCheck.discover(dir.resolve("15.mkv")).frameRate());
        Ks.Run six = Ks.run(dir, env, "capture", "--device", "Slow Camera", "--frames", "2", "--output", "6.mkv");
        assertEquals(0, six.exitCode(), six.toString());
        assertEquals("6/1", MediaCheck.discover(dir.resolve("6.mkv")).frameRate());
    }

    /**
     * {@code --format RGB24} names the DirectShow RGB subtype: the Test Pattern Camera's bottom-up
     * RGB24 mode comes out the right way up (its bars over the top three quarters, black below),
     * and a format it does not offer is refused with a list that names RGB24, not a GUID.
     */
    @Test
    void rgb24ByNameComesOutTheRightWayUp() throws Exception {
        Ks.Run r = Ks.run(dir, "capture", "--device", "Test Pattern Camera", "--format", "RGB24", "--output", "rgb.png");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("RGB24 160x120"), r.toString());
        BufferedImage img = ImageIO.read(dir.resolve("rgb.png").toFile());
        assertEquals(160, img.getWidth());
        assertEquals(120, img.getHeight());
        assertEquals(0xFFFFFF, img.getRGB(2, 0) & 0xFFFFFF, "the top row starts with the white bar");
        assertEquals(0x000000, img.getRGB(2, 119) & 0xFFFFFF, "the bottom row is the black band");
        Ks.Run wrong = Ks.run(dir, "capture", "--device", "Test Pattern Camera", "--format", "NV12", "--output", "x.png");
        assertEquals(4, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("RGB24 160x120, 5 to 30 fps") && !wrong.err().contains("E436EB7D"), wrong.toString());
    }

    /**
     * {@code --control Brightness=N} reaches the camera before it streams: the virtual camera adds N
     * to its luma, which video-range YUV to RGB turns into N × 255/219 on each colour component
     * (BT.601), so the black bar turns grey and, in MJPG, the white bar darkens.
     */
    @Test
    void aControlSetOnTheCommandLineShowsInThePicture() throws Exception {
        Ks.Run bright = Ks.run(dir, "capture", "--size", "320x240", "--control", "Brightness=40", "--output", "bright.png");
        assertEquals(0, bright.exitCode(), bright.toString());
        BufferedImage b = ImageIO.read(dir.resolve("bright.png").toFile());
        double lift = 40 * 255.0 / 219.0;
        int[] black = rgb(b.getRGB(7 * 40 + 20, 200)); // the eighth bar, black without the control
        for (int c = 0; c < 3; c++) {
            assertEquals(lift, black[c], 8, "black bar channel " + c + " raised by Brightness=40");
        }
        Ks.Run dark = Ks.run(dir, "capture", "--format", "MJPG", "--size", "320x240", "--control", "brightness=-40", "--output", "dark.png");
        assertEquals(0, dark.exitCode(), dark.toString());
        int[] white = rgb(ImageIO.read(dir.resolve("dark.png").toFile()).getRGB(20, 200)); // the first bar, white without it
        for (int c = 0; c < 3; c++) {
            assertEquals(255 - lift, white[c], 12, "white bar channel " + c + " lowered by Brightness=-40 (MJPG)");
        }
    }

    private static int[] rgb(int packed) {
        return new int[] {(packed >> 16) & 0xFF, (packed >> 8) & 0xFF, packed & 0xFF};
    }

    /**
     * SIGTERM (what Ctrl-C also sends) during a recording: the stream gets its end first, so the
     * file is finished and kept, the output says so, and no hidden partial file stays behind.
     */
    @Test
    void aSignalFinishesTheRecordingInsteadOfThrowingItAway() throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = Ks.start(dir, java.util.Map.of(), out, dir.resolve("err.txt"), "capture", "--duration", "60", "-o", "live.mkv");
        try {
            Ks.awaitOutput(p, out, o -> java.util.regex.Pattern.compile("  ([3-9]\\d|\\d{3,}) of \\d+ frames")
                    .matcher(Files.readString(o, java.nio.charset.StandardCharsets.UTF_8)).find(), "30 frames", 90);
            p.destroy(); // SIGTERM; ./ks exec'd the JVM, so it is this process
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "still running 30 s after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String printed = Files.readString(out, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), printed);
        assertTrue(printed.contains("wrote live.mkv: ") && printed.contains("(stopped early by a signal)"), printed);
        MediaCheck.Discovered d = MediaCheck.discover(dir.resolve("live.mkv"));
        assertTrue(d.container().contains("Matroska"), d.toString());
        assertTrue(d.seconds() >= 1.0, "what was recorded is in the file: " + d);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".partial")).count(), "no partial file left");
        }
    }
}
