package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gogo commands of the ks scope typed into {@code ./ks shell}, and {@code ./ks stream} received
 * by a plain GStreamer pipeline.
 */
class ShellAndStreamTest {

    @TempDir
    Path dir;

    @Test
    void gogoCommandsUnderTheKsScope() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("ks.core.cfg"), "verifier=true\n");
        Files.writeString(conf.resolve("ks.core.leaks.cfg"), "level=paranoid\n");
        String script = String.join("\n", "ks:devices", "ks:stack 'ks Virtual Camera'", "ks:irps", "ks:stats", "ks:leaks 0",
                "ks:describe 'Tiny Camera'", "ks:capture --frames 3 --output " + dir.resolve("shell.avi"), "exit 0", "");
        Ks.Run r = Ks.typed(dir, Map.of("KS_CONFIG", conf.toString()), script, "shell");
        assertEquals(0, r.exitCode(), r.toString());
        String out = r.out();
        assertTrue(out.contains("\\Driver\\usbvideo") && out.contains("Device interfaces"), "ks:devices\n" + r);
        assertTrue(out.matches("(?s).*\\\\Device\\\\usbvideo\\s+\\\\Driver\\\\usbvideo\\s+StackSize 2\\s+function driver.*"), "ks:stack\n" + r);
        assertTrue(out.matches("(?s).*\\\\Device\\\\USBPDO-0\\s+\\\\Driver\\\\UsbHub\\s+StackSize 1\\s+bus device \\(PDO\\).*"), "ks:stack\n" + r);
        assertTrue(out.matches("(?s).*\\d+ IRPs allocated and not freed, \\d+ in flight.*"), "ks:irps with the verifier on\n" + r);
        assertTrue(out.matches("(?s).*IRPs: \\d+/s \\(over 1\\.\\d s\\), \\d+ allocated since start.*"), "ks:stats\n" + r);
        assertTrue(out.contains("fast I/O streaming"), "ks:stats lists the fast-I/O providers\n" + r);
        assertTrue(out.contains("streams: no pin open"), "ks:stats before any capture\n" + r);
        assertTrue(out.matches("(?s).*leak detection: paranoid; 0 IRPs lost \\(garbage-collected, never completed or freed\\), \\d+ held over 0 s.*"),
                "ks:leaks with the level from ks.core.leaks.cfg\n" + r);
        assertTrue(out.contains("YUY2 160x120, 10 fps"), "ks:describe of the plugin's camera\n" + r);
        assertTrue(out.contains("wrote " + dir.resolve("shell.avi") + ": 3 frames"), "ks:capture\n" + r);
        assertEquals(3, MediaCheck.aviHeader(dir.resolve("shell.avi"))[1]);
    }

    @Test
    void aScriptPipedIntoTheShellRunsFromItsFirstLineAndEndsWithZeroAtItsEnd() throws Exception {
        Ks.Run r = Ks.typed(dir, Map.of(), "ks:stats\nks:stack 0\n", "shell");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().matches("(?s).*IRPs: \\d+/s \\(over 1\\.\\d s\\).*"), "ks:stats, the first line\n" + r);
        assertTrue(r.out().contains("stack of \\Device\\USBPDO-0 (top first)"), "ks:stack 0\n" + r);
        assertTrue(!r.err().contains("not found") && !r.out().contains("not found"), r.toString());
    }

    @Test
    void streamSendsRtpJpegThatGStreamerReceives() throws Exception {
        int port = 5600 + (int) (ProcessHandle.current().pid() % 300);
        Path frames = Files.createDirectories(dir.resolve("received"));
        Process receiver = new ProcessBuilder("gst-launch-1.0", "-q", "udpsrc", "port=" + port,
                "caps=application/x-rtp,media=video,encoding-name=JPEG,clock-rate=90000,payload=26", "!", "rtpjpegdepay", "!", "jpegdec",
                "!", "videoconvert", "!", "pngenc", "!", "multifilesink", "location=" + frames.resolve("f%05d.png"))
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(500);
            Ks.Run r = Ks.run(dir, "stream", "--to", "udp://127.0.0.1:" + port, "--size", "320x240", "--frames", "30");
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().contains("receive with: gst-launch-1.0 udpsrc port=" + port), r.toString());
            assertTrue(r.out().contains("sent 30 frames"), r.toString());
            Thread.sleep(1000);
        } finally {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
        List<BufferedImage> images = new java.util.ArrayList<>();
        try (var s = Files.list(frames)) {
            for (Path p : s.sorted().toList()) {
                images.add(javax.imageio.ImageIO.read(p.toFile()));
            }
        }
        assertTrue(images.size() >= 25, "most of the 30 frames arrive over loopback UDP: " + images.size());
        assertEquals(320, images.get(0).getWidth());
        long previous = -1;
        for (BufferedImage img : images) {
            long n = ks.devices.usbvideo.internal.virtual.TestPattern.frameNumberRgb(img);
            assertTrue(n > previous, "frame numbers increase: " + n + " after " + previous);
            previous = n;
        }
    }
}
