package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ks.devices.usbvideo.internal.virtual.TestPattern;

/** Checks of a media file by tools other than ks: gst-discoverer-1.0, a GStreamer decode, ImageIO, the AVI header. */
final class MediaCheck {

    /** What gst-discoverer-1.0 says of a file's first video stream. */
    record Discovered(String container, String codec, int width, int height, String frameRate, double seconds) {
    }

    private MediaCheck() {
    }

    static Discovered discover(Path file) throws IOException, InterruptedException {
        String text = Ks.tool(file.getParent(), "gst-discoverer-1.0", file.toString());
        return new Discovered(group(text, "container #0: (.+)"), group(text, "video #\\d+: (.+)"),
                Integer.parseInt(group(text, "Width: (\\d+)")), Integer.parseInt(group(text, "Height: (\\d+)")),
                group(text, "Frame rate: (\\S+)"), seconds(group(text, "Duration: (\\S+)")));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("gst-discoverer-1.0 printed no '" + regex + "':\n" + text);
        }
        return m.group(1).trim();
    }

    private static double seconds(String hms) {
        String[] p = hms.split(":");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Double.parseDouble(p[2]);
    }

    /** Decodes every frame with GStreamer (decodebin) into PNGs and reads them back with ImageIO, in order. */
    static List<BufferedImage> decodeAll(Path file, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Ks.tool(into, "gst-launch-1.0", "-q", "filesrc", "location=" + file, "!", "decodebin", "!", "videoconvert", "!", "pngenc",
                "!", "multifilesink", "location=" + into.resolve("f%05d.png"));
        List<BufferedImage> frames = new ArrayList<>();
        try (Stream<Path> s = Files.list(into)) {
            for (Path p : s.sorted().toList()) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertNotNull(img, p + " is not a PNG ImageIO can read");
                frames.add(img);
            }
        }
        return frames;
    }

    /** Samples in an MP4 file with one track: sample_count of its sample-size box (stsz, ISO 14496-12 §8.7.3). */
    static long samples(Path mp4) throws IOException {
        byte[] b = Files.readAllBytes(mp4);
        for (int i = 4; i + 16 <= b.length; i++) {
            if (b[i] == 's' && b[i + 1] == 't' && b[i + 2] == 's' && b[i + 3] == 'z') {
                return Integer.toUnsignedLong(ByteBuffer.wrap(b, i + 12, 4).getInt(i + 12));
            }
        }
        throw new AssertionError(mp4 + " has no stsz box");
    }

    /** The frame numbers the virtual camera drew into each frame; asserts they are consecutive. */
    static void assertConsecutive(List<BufferedImage> frames) {
        long first = TestPattern.frameNumberRgb(frames.get(0));
        for (int i = 1; i < frames.size(); i++) {
            assertEquals(first + i, TestPattern.frameNumberRgb(frames.get(i)), "frame " + i + " of " + frames.size());
        }
    }

    /** dwMicroSecPerFrame, dwTotalFrames, dwWidth, dwHeight from an AVI file's main header (avih). */
    static int[] aviHeader(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        assertEquals("RIFF", new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("AVI ", new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 12; i + 48 < b.length; i++) {
            if (b[i] == 'a' && b[i + 1] == 'v' && b[i + 2] == 'i' && b[i + 3] == 'h') {
                ByteBuffer h = ByteBuffer.wrap(b, i + 8, 40).order(ByteOrder.LITTLE_ENDIAN);
                int usPerFrame = h.getInt(i + 8);
                int total = h.getInt(i + 8 + 16);
                int width = h.getInt(i + 8 + 32);
                int height = h.getInt(i + 8 + 36);
                return new int[] {usPerFrame, total, width, height};
            }
        }
        throw new AssertionError(file + " has no avih chunk");
    }
}
