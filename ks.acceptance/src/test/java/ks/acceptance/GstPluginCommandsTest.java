package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ks inspect} shows what gst-inspect-1.0 shows of the ks elements, and {@code ./ks
 * gst-plugin DIR} installs the plugin file where GStreamer applications find it.
 */
class GstPluginCommandsTest {

    @TempDir
    Path dir;

    @Test
    void inspectShowsKssrcAsGstInspectDoes() throws Exception {
        Ks.Run r = Ks.run(dir, "inspect", "kssrc");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Long-name                KS video source"), r.out());
        assertTrue(r.out().contains("+----GstKsSrc") && r.out().contains("outstanding"), r.out());
        Ks.Run plugin = Ks.run(dir, "inspect");
        assertTrue(plugin.out().contains("ksdeviceprovider: KS Device Provider"), plugin.toString());
        Ks.Run wrong = Ks.run(dir, "inspect", "videotestsrc");
        assertEquals(2, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains("'videotestsrc' is not a ks element"), wrong.toString());
    }

    @Test
    void anInstalledPluginServesGstLaunchFromItsNewPlace() throws Exception {
        Path plugins = dir.resolve("plugins");
        Ks.Run r = Ks.run(dir, "gst-plugin", plugins.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.isRegularFile(plugins.resolve("ks-plugin/libgstks.so")), r.toString());
        ProcessBuilder b = new ProcessBuilder("gst-launch-1.0", "kssrc", "num-buffers=3", "!", "fakesink").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        b.environment().put("GST_PLUGIN_PATH", plugins.toString());
        b.environment().put("GST_REGISTRY", dir.resolve("registry.bin").toString());
        b.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process p = b.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Got EOS from element"), out);
    }
}
