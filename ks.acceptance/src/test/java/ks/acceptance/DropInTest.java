package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in folder as a third-party author uses it: {@code ./ks install} of the AVStream
 * example bundle (not part of the container), its Simulated Camera captured with a control set
 * through its VIDEOPROCAMP handler, a file that is no bundle refused, and {@code ./ks uninstall}.
 */
class DropInTest {

    @TempDir
    Path dir;

    static Path exampleBundle() throws Exception {
        try (Stream<Path> s = Files.list(Ks.ROOT.resolve("ks.examples.avstream/target"))) {
            return s.filter(p -> p.getFileName().toString().matches("ks\\.examples\\.avstream-.*\\.jar")
                    && !p.getFileName().toString().contains("-tests")).findFirst().orElseThrow();
        }
    }

    /** The green of the middle pixel of a PNG capture. */
    static int middleGreen(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        return (image.getRGB(image.getWidth() / 2, image.getHeight() / 2) >> 8) & 0xFF;
    }

    @Test
    void anInstalledBundleStartsOnEveryRunAndItsCameraStreams() throws Exception {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Map<String, String> env = Map.of("KS_BUNDLES", bundles.toString());
        Ks.Run install = Ks.run(dir, env, "install", exampleBundle().toString());
        assertEquals(0, install.exitCode(), install.toString());
        assertTrue(install.out().contains("installed ks.examples.avstream 0.1.0") && install.out().contains("\\Driver\\KsSimulatedCamera")
                && install.out().contains("\\Driver\\KsGreyConverter"), install.toString());
        try (Stream<Path> s = Files.list(bundles)) {
            assertEquals(1, s.count(), "the bundle is in the drop-in folder");
        }

        Ks.Run bright = Ks.run(dir, env, "capture", "--device", "Simulated Camera", "--control", "Brightness=200", "--output", "bright.png");
        assertEquals(0, bright.exitCode(), bright.toString());
        Ks.Run dim = Ks.run(dir, env, "capture", "--device", "Simulated Camera", "--control", "Brightness=40", "--output", "dim.png");
        assertEquals(0, dim.exitCode(), dim.toString());
        int high = middleGreen(dir.resolve("bright.png"));
        int low = middleGreen(dir.resolve("dim.png"));
        // luma 200 and 40 of limited-range YUV are about 214 and 28 in RGB
        assertTrue(high > 200 && low < 45, "the frames have the brightness set: " + high + " and " + low);

        Ks.Run uninstall = Ks.run(dir, env, "uninstall", "ks.examples.avstream");
        assertEquals(0, uninstall.exitCode(), uninstall.toString());
        Ks.Run gone = Ks.run(dir, env, "describe", "Simulated Camera");
        assertEquals(3, gone.exitCode(), "no such device once the bundle is out\n" + gone);
    }

    @Test
    void aFileThatIsNoBundleIsRefusedWithTheReason() throws Exception {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Path plain = dir.resolve("plain.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream o = Files.newOutputStream(plain); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        Ks.Run r = Ks.run(dir, Map.of("KS_BUNDLES", bundles.toString()), "install", plain.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("is not an OSGi bundle: its manifest has no Bundle-SymbolicName"), r.toString());
        try (Stream<Path> s = Files.list(bundles)) {
            assertEquals(0, s.count(), "nothing was put into the drop-in folder");
        }
        Ks.Run missing = Ks.run(dir, Map.of("KS_BUNDLES", bundles.toString()), "install", "nowhere.jar");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no file nowhere.jar"), missing.toString());
    }
}
