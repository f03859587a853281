package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ks.devices.usbvideo.internal.virtual.TestPattern;

/**
 * {@code ./ks launch PIPELINE}: a pipeline written as for gst-launch-1.0 with kssrc in it runs to
 * its end; stopped with SIGTERM (what Ctrl-C also does), it first sends end-of-stream, so a muxer
 * that writes its index at the end (qtmux) leaves a complete file.
 */
class LaunchTest {

    @TempDir
    Path dir;

    @Test
    void aKssrcPipelineWritesTheFramesItAskedForInOrderAndEndsWithZero() throws Exception {
        // the device's name has spaces: the shell passes device=ks Virtual Camera as one word, and it stays one value
        Ks.Run r = Ks.run(dir, "launch", "kssrc", "device=ks Virtual Camera", "num-buffers=10", "!", "video/x-raw,width=320,height=240",
                "!", "videoconvert", "!", "pngenc", "!", "multifilesink", "location=f%02d.png");
        assertEquals(0, r.exitCode(), r.toString());
        Matcher summary = Pattern.compile("ended: .*; kssrc0 \\(ks Virtual Camera\\): 10 frames, (\\d+) dropped").matcher(r.out());
        assertTrue(summary.find(), r.toString());
        int dropped = Integer.parseInt(summary.group(1));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().collect(Collectors.toList());
        }
        assertEquals(10, files.size(), files.toString());
        List<BufferedImage> frames = new ArrayList<>();
        for (Path f : files) {
            BufferedImage image = ImageIO.read(f.toFile());
            assertEquals(320, image.getWidth(), f.toString());
            assertEquals(240, image.getHeight(), f.toString());
            frames.add(image);
        }
        // the frame numbers the camera drew: in order, with gaps only for frames it says it dropped (a drop before
        // the first frame taken leaves no gap)
        long first = TestPattern.frameNumberRgb(frames.get(0));
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(TestPattern.frameNumberRgb(frames.get(i)) > TestPattern.frameNumberRgb(frames.get(i - 1)), "frame " + i + " in order");
        }
        long span = TestPattern.frameNumberRgb(frames.get(9)) - first;
        assertTrue(span >= 9 && span <= 9 + dropped, "frames 0..9 span " + span + " numbers, " + dropped + " dropped");
    }

    @Test
    void sigtermEndsTheStreamBeforeStoppingSoAQuickTimeFileIsComplete() throws Exception {
        Path out = dir.resolve("out.txt");
        Path mov = dir.resolve("live.mov");
        Process p = Ks.start(dir, Map.of(), out, dir.resolve("err.txt"), "launch", "kssrc", "device=ks Virtual Camera", "!",
                "video/x-raw,width=320,height=240", "!", "videoconvert", "!", "jpegenc", "!", "qtmux", "!", "filesink", "location=" + mov);
        try {
            Ks.awaitOutput(p, out, o -> framesSoFar(o) >= 30, "30 frames", 90);
            p.destroy(); // SIGTERM; ./ks exec'd the JVM, so it is this process
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), "ended by the signal: " + printed);
        assertTrue(printed.contains("stopped: "), printed);
        MediaCheck.Discovered d = MediaCheck.discover(mov);
        assertTrue(d.container().contains("Quicktime"), d.toString());
        assertEquals(320, d.width());
        assertTrue(d.seconds() >= 1.0, "the whole run is in the file: " + d);
    }

    @Test
    void inTheShellTheProgressShowsWhileThePipelineRuns() throws Exception {
        Path out = dir.resolve("shell-out.txt");
        Process p = Ks.start(dir, Map.of(), out, dir.resolve("shell-err.txt"), "shell");
        try {
            p.getOutputStream().write("ks:launch kssrc device='ks Virtual Camera' num-buffers=150 ! fakesink\nexit 0\n"
                    .getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String seen = Files.readString(out, StandardCharsets.UTF_8);
            // a progress line from the second second on (2.0 s, or 2.1 s on a busy machine)
            Pattern progress = Pattern.compile("  [2-4]\\.\\d s; kssrc0 \\(ks Virtual Camera\\): ");
            while (!progress.matcher(seen).find()) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "no progress line while running: " + seen);
                Thread.sleep(100);
                seen = Files.readString(out, StandardCharsets.UTF_8);
            }
            // 150 frames at 30 fps take 5 s: the pipeline is still running when its progress shows
            assertFalse(seen.contains("ended: "), "progress printed only at the end: " + seen);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the shell did not end");
        } finally {
            p.destroyForcibly();
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("ended: ") && printed.contains("kssrc0 (ks Virtual Camera): 150 frames"), printed);
    }

    @Test
    void aKssrcThatCannotStartIsReportedOnceAsTheCommandsMessage() throws Exception {
        Ks.Run r = Ks.run(dir, "launch", "kssrc", "device=nope", "!", "fakesink");
        assertEquals(3, r.exitCode(), r.toString());
        Matcher m = Pattern.compile("no video capture device 'nope'").matcher(r.err());
        int times = 0;
        while (m.find()) {
            times++;
        }
        assertEquals(1, times, "said once (the ERROR on the bus), not also by kssrc's log: " + r);
        assertTrue(r.err().startsWith("ks launch: kssrc: cannot start device 'nope'"), r.toString());
    }

    /** The frames the latest progress line reports ("  2.0 s; kssrc0 (…): 61 frames, 0 dropped"), 0 before the first. */
    /**
     * A camera unplugged while {@code kssrc reconnect=true} streams from it (its configuration file
     * deleted) and plugged in again (the file written back): the progress line says kssrc waits for
     * it, then the pipeline takes the frames it asked for and ends with 0, the camera reconnected once.
     */
    @Test
    void withReconnectAPipelineOutlivesTheCameraBeingUnpluggedAndPluggedInAgain() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path cfg = conf.resolve("ks.usbvideo.camera-hot.cfg");
        String camera = "name=Hot Camera\nsizes=320x240\nformats=YUY2\nfps=30\n";
        Files.writeString(cfg, camera);
        Path out = dir.resolve("out.txt");
        Process p = Ks.start(dir, Map.of("KS_CONFIG", conf.toString()), out, dir.resolve("err.txt"), "launch", "kssrc",
                "device=Hot Camera", "reconnect=true", "num-buffers=90", "!", "fakesink");
        try {
            Ks.awaitOutput(p, out, o -> framesSoFar(o) >= 15, "15 frames", 60);
            Files.delete(cfg); // unplugs it
            Ks.awaitOutput(p, out, o -> Files.readString(o, StandardCharsets.UTF_8).contains("removed: waiting for it to come back"),
                    "the wait in the progress line", 60);
            Files.writeString(cfg, camera); // plugs it in again
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the pipeline ends: " + Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
        String o = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), o + Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
        assertTrue(Pattern.compile("ended: .*; kssrc0 \\(Hot Camera\\): 90 frames, \\d+ dropped, reconnected 1x").matcher(o).find(), o);
    }

    private static long framesSoFar(Path out) throws Exception {
        Matcher m = Pattern.compile(": (\\d+) frames").matcher(Files.readString(out, StandardCharsets.UTF_8));
        long frames = 0;
        while (m.find()) {
            frames = Long.parseLong(m.group(1));
        }
        return frames;
    }
}
