package ks.itest.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ks.devices.usbvideo.internal.virtual.TestPattern;

/**
 * The plugin file libgstks.so in applications that know nothing of ks: GStreamer's own tools and a
 * PyGObject program find kssrc, kssink and ksdeviceprovider through GST_PLUGIN_PATH, and the ks
 * container boots inside them on first use. Files are checked with gst-discoverer-1.0 and by
 * decoding a frame.
 */
class GstPluginFileTest {

    @TempDir
    Path dir;

    @Test
    void gstInspectShowsThePluginItsFeaturesAndKssrcsProperties() throws Exception {
        GstTool gst = new GstTool(dir);
        GstTool.Run plugin = gst.run("gst-inspect-1.0", "ks");
        assertEquals(0, plugin.exitCode(), plugin.toString());
        assertTrue(plugin.out().contains("Filename                 " + GstTool.PLUGIN_DIR.resolve("libgstks.so")), plugin.out());
        for (String feature : List.of("kssrc: KS video source", "kssink: KS video sink", "ksdeviceprovider: KS Device Provider",
                "+-- 2 elements", "+-- 1 device providers")) {
            assertTrue(plugin.out().contains(feature), feature + " in\n" + plugin.out());
        }
        GstTool.Run src = gst.run("gst-inspect-1.0", "kssrc");
        assertEquals(0, src.exitCode(), src.toString());
        String out = src.out();
        assertTrue(out.contains("+----GstPushSrc\n") && out.contains("+----GstKsSrc"), out);
        assertTrue(out.contains("SRC template: 'src'"), out);
        assertTrue(Pattern.compile("outstanding +: Reads in flight.*\\n.*readable, writable\\n +Integer\\. Range: 0 - 128 Default: 0")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("pts +: Timestamps.*\\n.*\\n +Enum \"GstKsSrcPts\" Default: 0, \"clock\"").matcher(out).find(), out);
        assertTrue(Pattern.compile("device +: The capture device.*\\n.*\\n +String\\. Default: \"0\"").matcher(out).find(), out);
        assertTrue(out.contains("num-buffers"), "GstBaseSrc's properties come with it");
        GstTool.Run sink = gst.run("gst-inspect-1.0", "kssink");
        assertTrue(sink.out().contains("+----GstBaseSink\n") && sink.out().contains("SINK template: 'sink'"), sink.out());
    }

    /** The registry scan runs the plugin in gst-plugin-scanner; it records the features and boots nothing. */
    @Test
    void theRegistryScanRecordsTheFeaturesAndLeavesNothingBehind() throws Exception {
        GstTool gst = new GstTool(dir);
        GstTool.Run r = gst.run("gst-inspect-1.0", "--exists", "--atleast-version=0.1", "kssrc");
        assertEquals(0, r.exitCode(), "kssrc is in the registry after the scan: " + r);
        assertTrue(Files.size(dir.resolve("registry.bin")) > 0);
        assertFalse(Files.exists(dir.resolve("cache/ks")), "no container storage: the scan and gst-inspect boot nothing");
    }

    @Test
    void gstLaunchRecordsAnMp4ThatGstDiscovererReadsAndThatDecodesToTheColourBars() throws Exception {
        GstTool gst = new GstTool(dir);
        GstTool.Run r = gst.run("gst-launch-1.0", "-e", "kssrc", "num-buffers=30", "pts=picture", "!", "videoconvert", "!", "x264enc", "!", "mp4mux",
                "!", "filesink", "location=a.mp4");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Got EOS from element"), r.out());
        GstTool.Run d = gst.run("gst-discoverer-1.0", dir.resolve("a.mp4").toString());
        assertTrue(d.out().contains("H.264") && d.out().contains("Width: 640") && d.out().contains("Height: 480")
                && d.out().contains("Frame rate: 30/1"), d.out());
        Matcher duration = Pattern.compile("Duration: 0:00:(\\d+\\.\\d+)").matcher(d.out());
        assertTrue(duration.find(), d.out());
        assertEquals(1.0, Double.parseDouble(duration.group(1)), 0.05, "30 frames at 30 fps: " + d.out());
        GstTool.Run png = gst.run("gst-launch-1.0", "filesrc", "location=a.mp4", "!", "decodebin",
                "!", "videoconvert", "!", "pngenc", "snapshot=true", "!", "filesink", "location=f.png");
        assertEquals(0, png.exitCode(), png.toString());
        BufferedImage img = ImageIO.read(dir.resolve("f.png").toFile());
        assertEquals(640, img.getWidth());
        int y = img.getHeight() * 3 / 4;
        for (int bar = 0; bar < 8; bar++) {
            int rgb = img.getRGB((2 * bar + 1) * img.getWidth() / 16, y);
            int[] got = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(got[c] - TestPattern.BARS_RGB[bar][c]) <= 40, "bar " + bar + " of the decoded first frame");
            }
        }
    }

    @Test
    void gstDeviceMonitorListsTheKsCameras() throws Exception {
        GstTool gst = new GstTool(dir);
        GstTool.Run r = gst.run("gst-device-monitor-1.0", "Video/Source");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("name  : ks Virtual Camera"), r.out());
        assertTrue(r.out().contains("device.api = ks"), r.out());
        assertTrue(r.out().contains("gst-launch-1.0 kssrc device="), "the monitor's own hint names kssrc: " + r.out());
    }

    @Test
    void aPyGObjectProgramMakesKssrcByNameAndPullsItsFrames() throws Exception {
        GstTool gst = new GstTool(dir);
        Path script = dir.resolve("capture.py");
        try (var in = GstPluginFileTest.class.getResourceAsStream("/capture.py")) {
            Files.copy(in, script);
        }
        GstTool.Run r = gst.run("/usr/bin/python3", script.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("samples 10\n"), r.out());
        assertTrue(r.out().contains("size 640 480"), r.out());
    }

    /** Ctrl-C to gst-launch-1.0 -e mid-stream: it sends EOS, mp4mux finishes the file, and gst-discoverer-1.0 reads it whole. */
    @Test
    void sigintToGstLaunchMidStreamLeavesACompleteFile() throws Exception {
        GstTool gst = new GstTool(dir);
        Process p = gst.builder(Map.of(), List.of("gst-launch-1.0", "-e", "kssrc", "!", "videoconvert", "!", "x264enc", "!", "mp4mux",
                "!", "filesink", "location=b.mp4")).redirectErrorStream(true).redirectOutput(dir.resolve("launch.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("launch.txt")).contains("Setting pipeline to PLAYING") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // frames flow
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gst-launch-1.0 ends after SIGINT");
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("launch.txt"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("handling interrupt") && log.contains("EOS"), "SIGINT reached gst-launch-1.0 itself (-Xrs): " + log);
        GstTool.Run d = gst.run("gst-discoverer-1.0", dir.resolve("b.mp4").toString());
        Matcher m = Pattern.compile("Duration: 0:00:(\\d+)\\.").matcher(d.out());
        assertTrue(d.out().contains("Width: 640") && m.find() && Integer.parseInt(m.group(1)) >= 1, "a complete file: " + d.out());
    }

    /**
     * 20,000 buffers from an unpaced camera with a small heap (many collections) and a safepoint
     * every millisecond: the JVM created inside plugin_init keeps the SIGSEGV handling it relies on,
     * so nothing faults into GStreamer's trap ("Caught SIGSEGV ... Spinning") and the run ends.
     */
    @Test
    void twentyThousandBuffersUnderGcAndSafepointLoadEndCleanly() throws Exception {
        GstTool gst = new GstTool(dir);
        Files.writeString(gst.conf().resolve("ks.usbvideo.camera-fast.cfg"),
                "name=Fast Camera\nsizes=64x48\nformats=YUY2\nfps=30\npaced=false\nproductId=0x0061\n");
        GstTool.Run r = gst.run(Map.of("KS_GST_JVM_OPTIONS", "-Xmx32m -XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions "
                + "-XX:GuaranteedSafepointInterval=1"), "gst-launch-1.0", "kssrc", "device=Fast Camera", "num-buffers=20000", "!",
                "fakesink", "silent=true");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Got EOS from element"), r.out());
        assertFalse((r.out() + r.err()).contains("SIGSEGV"), r.toString());
    }

    /** The container's storage is per process and removed by the next boot once its process has ended. */
    @Test
    void theStorageOfAnEndedProcessIsRemovedAtTheNextBoot() throws Exception {
        GstTool gst = new GstTool(dir);
        Path stale = Files.createDirectories(dir.resolve("cache/ks/gst-plugin-999999999"));
        GstTool.Run r = gst.run("gst-launch-1.0", "kssrc", "num-buffers=3", "!", "fakesink");
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(Files.exists(stale), "the storage of a process that is gone was removed");
        try (Stream<Path> s = Files.list(dir.resolve("cache/ks"))) {
            assertEquals(1, s.count(), "this run's own storage");
        }
    }
}
