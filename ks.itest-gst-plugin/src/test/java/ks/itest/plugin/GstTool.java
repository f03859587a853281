package ks.itest.plugin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's own command-line tools (and python3) run as a user runs them after the README's
 * set-up: GST_PLUGIN_PATH names the plugin directory ks builds. Each test gets a registry, a cache
 * directory and a configuration directory of its own, so nothing is shared with the user's.
 */
final class GstTool {

    static final Path PLUGIN_DIR = Path.of(System.getProperty("ks.plugin.dir", "../ks.gst-loader/target/gstreamer-1.0"))
            .toAbsolutePath().normalize();

    /** What a tool printed and how it ended. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Path dir;
    private final Map<String, String> env;

    /** Tools whose registry, cache and configuration live under {@code dir}. */
    GstTool(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("conf"));
        this.env = Map.of("GST_PLUGIN_PATH", PLUGIN_DIR.toString(), "GST_REGISTRY", dir.resolve("registry.bin").toString(),
                "XDG_CACHE_HOME", dir.resolve("cache").toString(), "KS_CONFIG", dir.resolve("conf").toString());
    }

    Path dir() {
        return dir;
    }

    /** The configuration directory the ks container in the tool's process reads (KS_CONFIG). */
    Path conf() {
        return dir.resolve("conf");
    }

    ProcessBuilder builder(Map<String, String> extra, List<String> command) {
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
        b.environment().putAll(env);
        b.environment().putAll(extra);
        return b;
    }

    Run run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    Run run(Map<String, String> extra, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = builder(extra, List.of(command)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, String.join(" ", command) + " did not end within 120 s:\n" + Files.readString(out) + Files.readString(err));
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
