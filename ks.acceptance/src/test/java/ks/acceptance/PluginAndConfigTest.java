package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Configuration files in KS_CONFIG as a user writes them: the third-party plugin's KsNegative filter
 * inserted into the virtual camera's stack (its effect seen in a captured frame), and a second
 * virtual camera with its own format and picture.
 */
class PluginAndConfigTest {

    @TempDir
    Path dir;

    @Test
    void theNegativeFilterFromAConfigurationFileInvertsTheCapturedFrame() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("ks.filter-negative.cfg"), "driver=KsNegative\nids=USB\\\\VID_1209&PID_0001*\nposition=upper\n");
        Map<String, String> env = Map.of("KS_CONFIG", conf.toString());

        Ks.Run d = Ks.run(dir, env, "describe", "ks Virtual Camera");
        assertEquals(0, d.exitCode(), d.toString());
        String stack = d.out().substring(d.out().indexOf("device stack"));
        assertTrue(stack.indexOf("\\Driver\\KsNegative") < stack.indexOf("\\Driver\\usbvideo"), "the filter on top\n" + d);

        Ks.Run r = Ks.run(dir, env, "capture", "--output", "negative.png");
        assertEquals(0, r.exitCode(), r.toString());
        BufferedImage img = ImageIO.read(dir.resolve("negative.png").toFile());
        int white = img.getRGB(40, 400);   // bar 0 is white without the filter
        int black = img.getRGB(600, 400);  // bar 7 is black
        assertTrue(((white >> 8) & 0xFF) < 40, "the white bar is dark: " + Integer.toHexString(white));
        assertTrue(((black >> 8) & 0xFF) > 215, "the black bar is light: " + Integer.toHexString(black));
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    @Test
    void aVirtualCameraFromAConfigurationFileHasItsFormatAndPicture() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("ks.usbvideo.camera-hd.cfg"), "name=HD Camera\nformats=MJPG\nsizes=1280x720\nfps=10\npattern=gradient\n");
        Ks.Run r = Ks.run(dir, Map.of("KS_CONFIG", conf.toString()), "capture", "--device", "HD Camera", "--frames", "5", "-o", "hd.mkv");
        assertEquals(0, r.exitCode(), r.toString());
        MediaCheck.Discovered found = MediaCheck.discover(dir.resolve("hd.mkv"));
        assertEquals(1280, found.width());
        assertEquals(720, found.height());
        assertEquals("10/1", found.frameRate());
        java.util.List<BufferedImage> frames = MediaCheck.decodeAll(dir.resolve("hd.mkv"), dir.resolve("frames"));
        assertEquals(5, frames.size());
        MediaCheck.assertConsecutive(frames);
        BufferedImage first = frames.get(0);
        int left = first.getRGB(20, 600);
        int middle = first.getRGB(640, 600);
        int right = first.getRGB(1260, 600);
        assertTrue(green(left) < 30 && green(middle) > 100 && green(middle) < 160 && green(right) > 225,
                "a grey ramp from the configured pattern: " + green(left) + ", " + green(middle) + ", " + green(right));
        assertTrue(Math.abs(((middle >> 16) & 0xFF) - (middle & 0xFF)) < 12, "grey, not coloured: " + Integer.toHexString(middle));
    }

    @Test
    void listsTakeCommaSeparatedValuesAndEachBadValueIsNamedInOneLine() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("ks.usbvideo.camera-two.cfg"), "name=Two Formats\nformats=YUY2, MJPG\nsizes=320x240,640x480\nfps=30, 10\n");
        Files.writeString(conf.resolve("ks.usbvideo.camera-typo.cfg"), "name=Typo Camera\nsizes=640by480\n");
        Files.writeString(conf.resolve("ks.filter-typo.cfg"), "driver=KsNegative\nids=USB\\\\VID_1209*\nposition=sideways\n");
        Files.writeString(conf.resolve("ks.fastio.binding-typo.cfg"), "driver=usbvideo\nreadyFrames=many\n");
        Files.writeString(conf.resolve("ks.core.leaks.cfg"), "level=bogus\n");
        Files.writeString(conf.resolve("ks.usbvideo.libusb.cfg"), "rescanSeconds=abc\n");
        Files.writeString(conf.resolve("ks.usbvideo.camera-maybe.cfg"), "name=Maybe Camera\npaced=perhaps\n");
        Files.writeString(conf.resolve("ks.core.cfg"), "verifier=perhaps\n");
        Ks.Run r = Ks.run(dir, Map.of("KS_CONFIG", conf.toString()), "describe", "Two Formats");
        assertEquals(0, r.exitCode(), r.toString());
        for (String mode : new String[] {"YUY2 320x240", "YUY2 640x480", "MJPG 320x240", "MJPG 640x480"}) {
            assertTrue(r.out().contains(mode + ", 10 to 30 fps"), mode + "\n" + r);
        }
        assertTrue(r.err().contains("ks.usbvideo.camera-typo.cfg: size '640by480': use WIDTHxHEIGHT; no camera is plugged in for it"), r.toString());
        assertTrue(r.err().contains("ks.filter-typo.cfg: position is upper or lower, not 'sideways'; no filter is put into any stack"), r.toString());
        assertTrue(r.err().contains("ks.fastio.binding-typo.cfg: readyFrames 'many': use a whole number; it turns fast I/O on nowhere"),
                r.toString());
        assertTrue(r.err().contains("ks.core.leaks.cfg: leak detection level 'bogus': use off, simple or paranoid; leak detection stays off"),
                r.toString());
        assertTrue(r.err().contains("ks.usbvideo.libusb: rescanSeconds 'abc': use a whole number of seconds"), r.toString());
        assertTrue(r.err().contains("ks.usbvideo.camera-maybe.cfg: paced 'perhaps': use true or false; no camera is plugged in for it"),
                r.toString());
        assertTrue(r.err().contains("ks.core: verifier 'perhaps': use true or false; the verifier stays off"), r.toString());
        assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), "one line, no stack trace\n" + r);
        Ks.Run typo = Ks.run(dir, Map.of("KS_CONFIG", conf.toString()), "describe", "Typo Camera");
        assertEquals(3, typo.exitCode(), typo.toString());
    }
}
