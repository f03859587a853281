package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ks.devices.usbvideo.internal.virtual.TestPattern;
import ks.devices.usbvideo.rig.CameraRig;

/** Descriptions with kssrc and kssink anywhere gst-launch-1.0 allows an element, parsed by GStreamer itself. */
class KsPipelinesTest {

    @TempDir
    Path dir;

    /** GStreamer itself parses kssrc and kssink with their properties, in any position; an unknown property names those there are. */
    @Test
    void gstreamerParsesKsElementsAndTheirPropertiesItself() {
        try (Rig rig = new Rig();
                KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"ks Virtual Camera\" num-buffers=3 outstanding=3"
                        + " ! video/x-raw,width=320 ! tee name=t ! queue ! fakesink t. ! queue ! kssink name=back device=\"ks Loopback\""
                        + " videotestsrc ! kssink")) {
            assertEquals(1, p.sources().size());
            assertEquals(2, p.sinks().size());
            assertEquals("ks Virtual Camera", p.sources().get(0).element().string("device"));
            assertEquals(3, p.sources().get(0).element().integer("outstanding"));
            assertEquals("ks Loopback", KsElements.sink(p.pipeline().getElementByName("back")).element().string("device"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KsPipelines.launch(null, "kssrc colour=red ! fakesink"));
        assertTrue(e.getMessage().startsWith("kssrc has no property 'colour' (device, controls, reconnect"), e.getMessage());
    }

    /** Two chains in one description, each from its own camera: both run to their num-buffers, and the pipeline ends. */
    @Test
    void twoCamerasInTwoChainsOfOneDescription() throws Exception {
        try (Rig rig = new Rig()) {
            plugLeftAndRight(rig);
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"Left Camera\" num-buffers=5 ! fakesink"
                    + " kssrc device=\"Right Camera\" num-buffers=7 ! fakesink")) {
                p.play();
                assertEquals("EOS", p.await(20, TimeUnit.SECONDS), "both chains ended");
                assertEquals("Left Camera", p.sources().get(0).openedDevice());
                assertEquals(5, p.sources().get(0).frames());
                assertEquals("Right Camera", p.sources().get(1).openedDevice());
                assertEquals(7, p.sources().get(1).frames());
            }
            assertEquals(List.of(), rig.io.verifierViolations());
        }
    }

    /** Names with a space or a quote in them (written in quotes) stay whole. */
    @Test
    void aNameWithASpaceOrAQuoteInItStaysOneName() throws Exception {
        try (Rig rig = new Rig()) {
            plugLeftAndRight(rig);
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc name=\"front cam\" device=\"Left Camera\" num-buffers=4"
                    + " ! fakesink kssrc name=\"the \\\"other\\\" one\" device=\"Right Camera\" num-buffers=3 ! fakesink")) {
                p.play();
                assertEquals("EOS", p.await(20, TimeUnit.SECONDS), "both chains ended");
                assertEquals(4, KsElements.source(p.pipeline().getElementByName("front cam")).frames());
                assertEquals(3, KsElements.source(p.pipeline().getElementByName("the \"other\" one")).frames());
            }
            assertEquals(List.of(), rig.io.verifierViolations());
        }
    }

    /**
     * Two cameras side by side through a compositor, linked by a reference to its name: the left
     * half of the picture shows the colour bars of the first, the right half the white of the second.
     */
    @Test
    void twoCamerasSideBySideInACompositor() throws Exception {
        try (Rig rig = new Rig()) {
            rig.plug(CameraRig.spec("Bars Camera", 0x0001, "1.1", "iso", true, "YUY2", "320x240", 30));
            rig.plug(CameraRig.spec("White Camera", 0x0002, "1.1", "iso", true, "YUY2", "320x240", 30)
                    .withPicture(TestPattern.Picture.parse("white")));
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client,
                    "compositor name=mix sink_1::xpos=320 ! video/x-raw,width=640,height=240 ! videoconvert ! pngenc"
                            + " ! multifilesink location=" + dir.resolve("f%03d.png")
                            + " kssrc device=\"Bars Camera\" num-buffers=10 ! video/x-raw,width=320,height=240 ! mix."
                            + " kssrc device=\"White Camera\" num-buffers=10 ! video/x-raw,width=320,height=240 ! mix.")) {
                p.play();
                assertEquals("EOS", p.await(20, TimeUnit.SECONDS), "both cameras' 10 frames, then the end");
            }
            assertEquals(List.of(), rig.io.verifierViolations());
        }
        // a camera whose stream has ended leaves its half empty, so not every picture has both: at least one must
        List<String> seen = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                BufferedImage img = ImageIO.read(f.toFile());
                assertEquals(640, img.getWidth());
                assertEquals(240, img.getHeight());
                boolean bars = leftHasBars(img);
                boolean white = rightIsWhite(img);
                if (bars && white) {
                    return;
                }
                seen.add(f.getFileName() + (bars ? " bars" : "") + (white ? " white" : ""));
            }
        }
        throw new AssertionError("no picture with the bars on the left and white on the right: " + seen);
    }

    /** Two 320x240 YUY2 cameras, "Left Camera" and "Right Camera". */
    private static void plugLeftAndRight(Rig rig) throws InterruptedException {
        rig.plug(CameraRig.spec("Left Camera", 0x0001, "1.1", "iso", true, "YUY2", "320x240", 30));
        rig.plug(CameraRig.spec("Right Camera", 0x0002, "1.1", "iso", true, "YUY2", "320x240", 30));
    }

    private static boolean leftHasBars(BufferedImage img) {
        for (int bar = 0; bar < 8; bar++) {
            int[] got = rgb(img.getRGB(bar * 40 + 20, 180)); // below the frame-number blocks
            int[] want = TestPattern.BARS_RGB[bar];
            for (int c = 0; c < 3; c++) {
                if (Math.abs(want[c] - got[c]) > 24) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean rightIsWhite(BufferedImage img) {
        for (int x = 330; x < 640; x += 40) {
            int[] got = rgb(img.getRGB(x, 180));
            for (int c = 0; c < 3; c++) {
                if (got[c] < 230) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int[] rgb(int packed) {
        return new int[] {(packed >> 16) & 0xFF, (packed >> 8) & 0xFF, packed & 0xFF};
    }
}
