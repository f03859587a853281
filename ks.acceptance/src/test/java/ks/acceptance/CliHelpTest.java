package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./ks COMMAND --help} (or {@code -h}, anywhere among its arguments) and {@code ./ks help
 * COMMAND} print that command's usage with the exit codes on standard output and end with 0,
 * without starting the container; an unknown topic is a command-line mistake.
 */
class CliHelpTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "./ks {0}")
    @CsvSource(delimiter = '|', value = {
        "capture --help               | usage: ./ks capture [--device D] [--format FOURCC]",
        "capture --frames 5 -h        | usage: ./ks capture [--device D] [--format FOURCC]",
        "stream --help                | usage: ./ks stream --to udp://HOST:PORT",
        "launch --help                | usage: ./ks launch PIPELINE",
        "devices -h                   | usage: ./ks devices [--json]",
        "describe --help              | usage: ./ks describe DEVICE [--json]",
        "control 0 -h                 | usage: ./ks control DEVICE",
        "stack --help                 | usage: ./ks stack DEVICE",
        "stats --help                 | usage: ./ks stats",
        "shell --help                 | usage: ./ks shell",
        "inspect --help               | usage: ./ks inspect [ELEMENT]",
        "gst-plugin -h                | usage: ./ks gst-plugin [DIR]",
        "usb describe --help          | usage: ./ks usb describe FILE [--json]",
        "usb --help                   | usage: ./ks usb list",
        "help capture                 | usage: ./ks capture [--device D] [--format FOURCC]",
        "help usb describe            | usage: ./ks usb describe FILE [--json]",
    })
    void printsThatCommandsUsageAndEndsWithZero(String commandLine, String usage) throws Exception {
        Ks.Run r = Ks.run(dir, commandLine.trim().split("\\s+"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith(usage + " ") || r.out().startsWith(usage + "\n"), r.toString());
        assertTrue(r.out().contains("exit codes: 0 done, 1 failed while running, 2 bad command line"), r.toString());
        assertEquals("", r.err(), "nothing on standard error: " + r);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }

    @ParameterizedTest(name = "./ks {0}")
    @CsvSource(delimiter = '|', value = {
        "help teleport                | ks help: no command 'teleport'",
        "teleport --help              | ks: unknown command 'teleport'",
    })
    void anUnknownTopicIsACommandLineMistake(String commandLine, String message) throws Exception {
        Ks.Run r = Ks.run(dir, commandLine.trim().split("\\s+"));
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(message), r.toString());
    }
}
