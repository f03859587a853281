package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture killed outright leaves its hidden partial file; the next capture into the same name removes it. */
class PartialFileTest {

    @TempDir
    Path dir;

    @Test
    void aDeadRunsPartialFileGoesAndALiveOnesStays() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long dead = ended.pid();
        Path stale = Files.createFile(dir.resolve(".live.mkv." + dead + ".partial"));
        Path alive = Files.createFile(dir.resolve(".live.mkv." + ProcessHandle.current().parent().orElseThrow().pid() + ".partial"));
        Path other = Files.createFile(dir.resolve(".other.mkv." + dead + ".partial"));
        Path mine = Capture.reserve(dir.resolve("live.mkv"));
        assertFalse(Files.exists(stale), "the dead run's partial file is gone");
        assertTrue(Files.exists(alive), "a running capture's partial file stays");
        assertTrue(Files.exists(other), "another name's file is not touched");
        assertTrue(Files.exists(mine));
    }
}
