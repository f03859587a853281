package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./ks} from the working tree as a user does, in a directory of the test's choice. */
final class Ks {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** What a command printed and how it ended. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Ks() {
    }

    static Run run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return typed(dir, env, null, args);
    }

    /** With {@code input} (or nothing) on the command's standard input, typed once the container had five seconds to start. */
    static Run typed(Path dir, Map<String, String> env, String input, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ks-out", ".txt");
        Path err = Files.createTempFile("ks-err", ".txt");
        try {
            Process p = start(dir, env, out, err, args);
            if (input != null) {
                // at once, as a script piped into ./ks: the first line must already find the ks commands
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
            }
            p.getOutputStream().close();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "./ks " + String.join(" ", args) + " did not end within 180 s");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Run run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, Map.of(), args);
    }

    /** Starts {@code ./ks args} in {@code dir} with its standard output and error into the files {@code out} and {@code err}. */
    static Process start(Path dir, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("ks").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("KS_NO_BUILD", "1"); // the build that runs these tests made the container already
        pb.environment().putAll(env);
        return pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** An external tool's output (stdout and stderr together) after it ended with exit code 0. */
    static String tool(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    /** What a test waits to see in a running process's output. */
    interface OutputCheck {
        boolean met(Path out) throws Exception;
    }

    /** Waits until {@code check} holds, failing if the process ends first or {@code seconds} pass. */
    static void awaitOutput(Process p, Path out, OutputCheck check, String what, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.met(out)) {
            assertTrue(p.isAlive(), "ended before " + what + ": " + Files.readString(out, StandardCharsets.UTF_8));
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + seconds + " s: "
                    + Files.readString(out, StandardCharsets.UTF_8));
            Thread.sleep(200);
        }
    }
}
