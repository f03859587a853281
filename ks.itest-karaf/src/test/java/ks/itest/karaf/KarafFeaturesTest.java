package ks.itest.karaf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ks features in a minimal Apache Karaf, as a user installs them: {@code feature:repo-add} of
 * the features repository, {@code feature:install}, the {@code ks:} commands in Karaf's console,
 * a configuration file dropped into {@code etc/}, uninstalling, and stopping Karaf. One Karaf for
 * the class; the tests run in order on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesTest {

    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    /** The first four bytes of every Matroska file (the EBML header's ID). */
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

    private final Path home = Path.of(System.getProperty("ks.karaf.home"));
    private final String version = System.getProperty("ks.version");
    private KarafConsole karaf;

    @BeforeAll
    void startKaraf() throws Exception {
        assertTrue(Files.isRegularFile(home.resolve("bin/karaf")), "Karaf unpacked at " + home);
        withoutSsh(home);
        Files.deleteIfExists(home.resolve("etc/ks.usbvideo.camera-karaf.cfg"));
        deleteTree(home.resolve("data"));
        // fileinstall's built-in default directory: when the deploy configuration reaches fileinstall
        // before its directory property is filled in, it watches ./load for a moment and warns that
        // it is missing (seen once in CI); present, it is watched quietly and holds nothing
        Files.createDirectories(home.resolve("load"));
        karaf = KarafConsole.start(home, Duration.ofSeconds(120));
        // the console can come up before the boot features' commands are registered
        String added = karaf.runUntil("feature:repo-add mvn:ks/ks.karaf/" + version + "/xml/features",
                out -> !out.contains("Command not found"), Duration.ofSeconds(60));
        assertTrue(added.contains("Adding feature url mvn:ks/ks.karaf/" + version + "/xml/features"), added);
    }

    @AfterAll
    void stopKaraf() {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    @Order(1)
    void theKsFeatureInstallsAndItsVirtualCameraCapturesIntoAMatroskaFile() throws Exception {
        String installed = karaf.run("feature:install ks", COMMAND);
        assertFalse(installed.contains("Error"), installed);
        String devices = karaf.runUntil("ks:devices", out -> out.contains("ks Virtual Camera"), ARRIVAL);
        assertTrue(devices.contains("\\Driver\\usbvideo") && devices.contains("\\Driver\\UsbHub"), devices);
        String help = karaf.run("ks:capture --help", COMMAND);
        assertTrue(help.startsWith("usage: ks capture [--device D]"), help);

        Path mkv = home.getParent().resolve("capture.mkv");
        Files.deleteIfExists(mkv);
        String capture = karaf.run("ks:capture --device \"ks Virtual Camera\" --size 320x240 --frames 10 --output " + mkv, COMMAND);
        Matcher wrote = Pattern.compile("wrote .*capture\\.mkv: (\\d+) frames, YUY2 320x240 at 30 fps as MJPEG in Matroska, .*, (\\d+) bytes")
                .matcher(capture);
        assertTrue(wrote.find(), capture);
        assertEquals("10", wrote.group(1), capture);
        assertEquals(Files.size(mkv), Long.parseLong(wrote.group(2)), "the size the summary gives is the file's");
        assertArrayEquals(EBML, Arrays.copyOf(Files.readAllBytes(mkv), 4), "a Matroska file");
    }

    @Test
    @Order(2)
    void aCameraConfigurationDroppedIntoEtcReplacesTheDefaultCameraAndDeletingItBringsItBack() throws Exception {
        Path cfg = home.resolve("etc/ks.usbvideo.camera-karaf.cfg");
        Files.writeString(cfg, "name=Karaf Camera\nformats=YUY2\nsizes=160x120\nfps=15, 5\n", StandardCharsets.UTF_8);
        String devices = karaf.runUntil("ks:devices", out -> out.contains("Karaf Camera") && !out.contains("ks Virtual Camera"), ARRIVAL);
        assertTrue(devices.contains("Video capture devices"), devices);
        String described = karaf.run("ks:describe \"Karaf Camera\"", COMMAND);
        assertTrue(described.contains("YUY2 160x120, 5 to 15 fps"), described);
        assertFalse(described.contains("MJPG") || described.contains("640x480"), "only what the file offers: " + described);

        Files.delete(cfg);
        karaf.runUntil("ks:devices", out -> out.contains("ks Virtual Camera") && !out.contains("Karaf Camera"), ARRIVAL);
    }

    @Test
    @Order(3)
    void restartingKsCoreAndThenTheDeviceBundleBringsTheCameraBackEachTimeAndItStillCaptures() throws Exception {
        for (String bundle : List.of("ks.core", "ks.devices.usbvideo")) {
            String restarted = karaf.run("bundle:restart " + bundle, COMMAND);
            assertFalse(restarted.contains("Error"), restarted);
            String devices = karaf.runUntil("ks:devices", out -> out.contains("ks Virtual Camera"), ARRIVAL);
            // the camera is capture device 0 (kssrc's default) whichever of it and the ks Loopback arrived first
            assertTrue(devices.contains("  0  ks Virtual Camera"), "after restarting " + bundle + ":\n" + devices);
        }
        Path mkv = home.getParent().resolve("after-restart.mkv");
        Files.deleteIfExists(mkv);
        String capture = karaf.run("ks:capture --device \"ks Virtual Camera\" --size 320x240 --frames 5 --output " + mkv, COMMAND);
        assertTrue(capture.contains(": 5 frames, YUY2 320x240"), capture);
        assertArrayEquals(EBML, Arrays.copyOf(Files.readAllBytes(mkv), 4), "a Matroska file");
    }

    @Test
    @Order(4)
    void theExamplesFeatureAddsItsDevicesAndUninstallingBothLeavesNoKsBundle() throws Exception {
        String installed = karaf.run("feature:install ks-examples", COMMAND);
        assertFalse(installed.contains("Error"), installed);
        String devices = karaf.runUntil("ks:devices",
                out -> out.contains("Test Pattern Camera") && out.contains("Tiny Camera") && out.contains("\\Driver\\KsEcho"), ARRIVAL);
        assertTrue(devices.contains("\\Driver\\KsNegative"), devices);

        assertEquals(11, ksBundles().size(), "the eight ks bundles and the three examples: " + ksBundles());
        assertFalse(karaf.run("feature:uninstall ks-examples", COMMAND).contains("Error"));
        assertFalse(karaf.run("feature:uninstall ks", COMMAND).contains("Error"));
        assertEquals(List.of(), ksBundles(), "ks bundles left after uninstalling");
        assertTrue(karaf.run("ks:devices", COMMAND).contains("Command not found"), "the ks: commands went with ks.cli");
    }

    @Test
    @Order(5)
    void karafStopsOnLogoutAndItsLogHasNoErrorOrWarningButKarafsOwnNotices() throws Exception {
        assertEquals(0, karaf.logout(Duration.ofSeconds(60)));
        // ks logs through java.util.logging, which pax-logging files under its own bundle: every
        // error and warning counts, except Karaf's notice that the console on a pipe is a dumb terminal
        List<String> errors = Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("| ERROR |") || l.contains("| WARN  |"))
                .filter(l -> !l.contains("Unable to create a system terminal, creating a dumb terminal"))
                .collect(Collectors.toList());
        assertEquals(List.of(), errors, "errors and warnings in karaf.log");
    }

    /** The lines of {@code bundle:list -s} (symbolic names) that name a ks bundle (ks.gst-wrap's is gst1-java-core's own). */
    private List<String> ksBundles() throws IOException, InterruptedException {
        return karaf.run("bundle:list -s", COMMAND).lines()
                .filter(l -> l.contains(" ks.") || l.contains("org.freedesktop.gstreamer.gst1-java-core"))
                .collect(Collectors.toList());
    }

    /** No SSH server at boot: nothing here uses it, and its port may be taken on a build machine. */
    private static void withoutSsh(Path home) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg, StandardCharsets.UTF_8);
        Files.writeString(cfg, text.replaceAll("(?m)^\\s*ssh/[^,\\n]*,\\s*\\\\\\n", ""), StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
