package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import ks.api.ks.KsGuids;

import org.junit.jupiter.api.Test;

/** Frame counts at the edges of what a stream can count: named limits, and no overflow in the time allowed. */
class FrameCountTest {

    static final VideoMode MODE = new VideoMode("YUY2", KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 30, "video/x-raw,format=YUY2");

    static Options options(String... args) throws CliException {
        return Options.parse("capture", "ks capture [--frames N | --duration SECONDS]", args, Set.of("--frames", "--duration"), Set.of(), 0);
    }

    @Test
    void aCountBeyondAnIntNamesTheLimitRatherThanCallingItNoNumber() throws Exception {
        CliException e = assertThrows(CliException.class, () -> GstJob.frames(options("--frames", "2147483648"), MODE, 1));
        assertTrue(e.getMessage().contains("--frames must be at most 2147483647, not 2147483648"), e.getMessage());
        CliException word = assertThrows(CliException.class, () -> GstJob.frames(options("--frames", "lots"), MODE, 1));
        assertTrue(word.getMessage().contains("--frames takes a whole number, not 'lots'"), word.getMessage());
    }

    @Test
    void aDurationOfMoreFramesThanAStreamCountsIsRefused() throws Exception {
        CliException e = assertThrows(CliException.class, () -> GstJob.frames(options("--duration", "1e9"), MODE, 1));
        assertTrue(e.getMessage().contains("more than the 2147483647 a stream can count"), e.getMessage());
        assertEquals(300, GstJob.frames(options("--duration", "10"), MODE, 1));
    }

    @Test
    void theTimeAllowedForTheLargestCountIsPositive() throws Exception {
        int frames = GstJob.frames(options("--frames", "999999999"), MODE, 1);
        long timeout = GstJob.timeoutSeconds(frames, MODE.fps());
        assertEquals(15 + 100_000_000L - 0, timeout, "three times 33,333,333 s, plus 15");
        assertTrue(GstJob.timeoutSeconds(Integer.MAX_VALUE, 1) > 0, "no int overflow");
    }
}
