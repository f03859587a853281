package ks.gst.internal.src;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** kssrc's timestamp arithmetic, frame by frame, with every expected value worked out by hand. */
class PtsMapperTest {

    private static final long FRAME = 33_333_300; // ns, 30 fps
    private static final long NONE = PtsMapper.NONE;

    @Test
    void theFirstFrameIsAnchoredAtRunningTimeMinusTheCaptureDelayThePinsClockShows() {
        PtsMapper m = new PtsMapper(false);
        // device time 1000 (×100 ns), pin clock now 1500 → delay 50,000 ns; running time 10 ms → 9.95 ms
        assertEquals(10_000_000 - 50_000, m.map(10_000_000, true, false, 1000, FRAME, FRAME, -1, () -> 1500));
    }

    @Test
    void laterFramesKeepTheDevicesSpacingWhateverTheirDeliveryJitter() {
        PtsMapper m = new PtsMapper(false);
        long first = m.map(100_000_000, true, false, 0, FRAME, FRAME, -1, () -> 0); // delay 0: anchored at 100 ms
        assertEquals(100_000_000, first);
        // the next frame's device time is one frame later; it arrives 5 ms late: still one frame after the first
        assertEquals(100_000_000 + FRAME, m.map(100_000_000 + FRAME + 5_000_000, true, false, FRAME / 100, FRAME, FRAME, -1,
                () -> { throw new AssertionError("the clock is asked only when anchoring"); }));
    }

    @Test
    void aTimeDiscontinuityOrAFrameFarInThePastIsAnchoredAgain() {
        PtsMapper m = new PtsMapper(false);
        m.map(100_000_000, true, false, 0, FRAME, FRAME, -1, () -> 0);
        // TIMEDISCONTINUITY: anchored again at now − one frame (the pin has no clock: NONE)
        assertEquals(500_000_000 - FRAME, m.map(500_000_000, true, true, 1, FRAME, FRAME, -1, () -> NONE));
        // device time that maps over a second into the past: anchored again (the clock says 0 delay)
        assertEquals(3_000_000_000L, m.map(3_000_000_000L, true, false, 2, FRAME, FRAME, -1, () -> 2));
    }

    @Test
    void aFrameWithoutTimeValidIsOneFrameBeforeNow() {
        PtsMapper m = new PtsMapper(false);
        assertEquals(50_000_000 - FRAME, m.map(50_000_000, false, false, 0, FRAME, FRAME, -1, () -> 0));
    }

    @Test
    void aTimestampThatWouldNotRiseIsOneFrameAfterTheOneBefore() {
        PtsMapper m = new PtsMapper(false);
        assertEquals(200_000_000, m.map(200_000_000, false, false, 0, 10, FRAME, -1, () -> 0) + 10);
        // the same running time again: 10 ns (its duration) after the first
        assertEquals(200_000_000, m.map(200_000_000, false, false, 0, 10, FRAME, -1, () -> 0));
    }

    @Test
    void withoutARunningTimeThereIsNoTimestamp() {
        assertEquals(NONE, new PtsMapper(false).map(NONE, true, false, 0, FRAME, FRAME, -1, () -> 0));
    }

    @Test
    void pictureTimestampsAreTheFirstFramesTimePlusPictureNumbersTimesTheInterval() {
        PtsMapper m = new PtsMapper(true);
        assertEquals(1_000_000_000, m.map(1_000_000_000, true, false, 0, FRAME, FRAME, 7, () -> 0));
        // picture 8 arrives 9 ms late: still exactly one interval later
        assertEquals(1_000_000_000 + FRAME, m.map(1_000_000_000 + FRAME + 9_000_000, true, false, 5, FRAME, FRAME, 8, () -> 0));
        // pictures 9 and 10 were dropped: picture 11 is four intervals after picture 7
        assertEquals(1_000_000_000 + 4 * FRAME, m.map(1_000_000_000 + 4 * FRAME, true, false, 4 * FRAME / 100, FRAME, FRAME, 11, () -> 0));
    }

    @Test
    void afterAReconnectTheNewDevicesFirstFrameIsAnchoredAndTimestampsKeepRising() {
        PtsMapper m = new PtsMapper(true);
        m.map(1_000_000_000, true, false, 0, FRAME, FRAME, 100, () -> 0);
        m.reanchor();
        // the new device starts at picture 0 and device time 0, two seconds later: its own anchor, not picture 100's
        assertEquals(3_000_000_000L, m.map(3_000_000_000L, true, false, 0, FRAME, FRAME, 0, () -> 0));
        assertEquals(3_000_000_000L + FRAME, m.map(3_000_000_000L + FRAME, true, false, FRAME / 100, FRAME, FRAME, 1, () -> 0));
    }
}
