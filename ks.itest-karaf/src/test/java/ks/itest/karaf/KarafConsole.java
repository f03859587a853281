package ks.itest.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Karaf started with {@code bin/karaf} and driven through its console as a user types into it:
 * one command at a time, its output read up to the next prompt. Karaf's console on a pipe is a
 * dumb terminal that still echoes and colours; both are taken off the output returned.
 */
final class KarafConsole implements AutoCloseable {

    private static final String PROMPT = "karaf@root()> ";

    private final Process process;
    private final OutputStream in;
    private final StringBuilder out = new StringBuilder();
    private int read;

    private KarafConsole(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread pump = new Thread(() -> pump(process.getInputStream()), "karaf-console");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts Karaf in {@code home} with the running JVM's Java and waits for its first prompt. */
    static KarafConsole start(Path home, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/karaf").toString());
        pb.directory(home.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_MAX_MEM", "512M");
        pb.redirectErrorStream(true);
        KarafConsole console = new KarafConsole(pb.start());
        console.awaitPrompt(timeout);
        return console;
    }

    private void pump(InputStream stream) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = stream.read(buffer)) > 0) {
                synchronized (out) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits until the console shows a prompt after what was read so far; returns the text before it. */
    private String awaitPrompt(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                int at = out.indexOf(PROMPT, read);
                if (at >= 0) {
                    String text = out.substring(read, at);
                    read = at + PROMPT.length();
                    return text;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && out.indexOf(PROMPT, read) < 0) {
                    throw new AssertionError("no Karaf prompt within " + timeout.toSeconds() + " s"
                            + (process.isAlive() ? "" : " (Karaf ended)") + "; console so far:\n" + out.substring(read));
                }
                out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Types {@code command} and returns what it printed, without the echoed command line and the
     * terminal's colour codes.
     */
    String run(String command, Duration timeout) throws IOException, InterruptedException {
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String text = awaitPrompt(timeout).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        return afterEcho(text, command);
    }

    /**
     * {@code text} after the echo of {@code command}, which the terminal may have wrapped (extra
     * spaces, backspaces or line breaks).
     */
    static String afterEcho(String text, String command) {
        int i = 0;
        for (int j = 0; j < command.length() && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == command.charAt(j)) {
                j++;
            } else if (!Character.isWhitespace(c) && !Character.isISOControl(c)) {
                throw new AssertionError("the console did not echo '" + command + "': " + text);
            }
        }
        int lineEnd = text.indexOf('\n', i);
        return lineEnd < 0 ? "" : text.substring(lineEnd + 1);
    }

    /** Runs {@code command} every half second until its output passes {@code done}; returns that output. */
    String runUntil(String command, Predicate<String> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            last = run(command, Duration.ofSeconds(30));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("'" + command + "' did not show what was awaited within " + timeout.toSeconds() + " s; last output:\n"
                + last);
    }

    /** Types {@code logout}, which stops this Karaf, and returns its exit code. */
    int logout(Duration timeout) throws IOException, InterruptedException {
        in.write("logout\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Karaf did not stop within " + timeout.toSeconds() + " s of logout");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
