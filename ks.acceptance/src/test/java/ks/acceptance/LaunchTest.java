package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertTrue(r.out().contains("ended: ") && r.out().contains("ks0 (ks Virtual Camera): 10 frames, 0 dropped"), r.toString());
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
        MediaCheck.assertConsecutive(frames);
    }

    @Test
    void sigtermEndsTheStreamBeforeStoppingSoAQuickTimeFileIsComplete() throws Exception {
        Path out = dir.resolve("out.txt");
        Path mov = dir.resolve("live.mov");
        ProcessBuilder pb = new ProcessBuilder(Ks.ROOT.resolve("ks").toString(), "launch", "kssrc", "device=ks Virtual Camera", "!",
                "video/x-raw,width=320,height=240", "!", "videoconvert", "!", "jpegenc", "!", "qtmux", "!", "filesink",
                "location=" + mov).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("KS_NO_BUILD", "1");
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (framesSoFar(out) < 30) {
                assertTrue(p.isAlive(), "ended before it was stopped: " + Files.readString(out, StandardCharsets.UTF_8));
                assertTrue(System.nanoTime() < deadline, "no 30 frames within 90 s: " + Files.readString(out, StandardCharsets.UTF_8));
                Thread.sleep(200);
            }
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

    /** The frames the latest progress line reports ("  2.0 s; ks0 (…): 61 frames, 0 dropped"), 0 before the first. */
    private static long framesSoFar(Path out) throws Exception {
        Matcher m = Pattern.compile(": (\\d+) frames").matcher(Files.readString(out, StandardCharsets.UTF_8));
        long frames = 0;
        while (m.find()) {
            frames = Long.parseLong(m.group(1));
        }
        return frames;
    }
}
