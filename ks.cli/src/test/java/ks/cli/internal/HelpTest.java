package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --help} or {@code -h} among a command's arguments, as typed into the shell
 * ({@code ks:capture --help}): the command's usage on standard output and exit code 0, before any
 * other argument is looked at, so no device or GStreamer is needed.
 */
class HelpTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "capture  | --help                      | usage: ks capture [--device D]",
        "capture  | --frames many -h            | usage: ks capture [--device D]",
        "stream   | --to tcp://x --help         | usage: ks stream --to udp://HOST:PORT",
        "describe | -h                          | usage: ks describe DEVICE [--json]",
        "launch   | --help                      | usage: ks launch PIPELINE",
        "control  | 0 Brightness=5 --help       | usage: ks control DEVICE [NAME=VALUE",
    })
    void helpPrintsTheUsageOnStandardOutputAndEndsWithZero(String command, String arguments, String usage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = arguments.trim().split("\\s+");
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = switch (command) {
                case "capture" -> Capture.run(null, null, args, o, e);
                case "stream" -> Stream.run(null, null, args, o, e);
                case "launch" -> Launch.run(null, null, args, o, e);
                case "control" -> Control.run(null, args, o, e);
                default -> Describe.run(null, args, o, e);
            };
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(usage), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on standard error");
    }
}
