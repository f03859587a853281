package ks.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FastIoOverheadRoundsTest {

    @Test
    void roundsWhoseCopyIsWithinTheMarginOfTheLeastRanAtFullSpeed() {
        double[] copies = {20.0, 35.0, 24.9, 25.1, 40.0, 21.0};
        // least 20.0, so with a margin of 1.25 a copy of up to 25.0 ns counts
        assertArrayEquals(new boolean[] {true, false, true, false, false, true}, FastIoOverheadRounds.fullSpeed(copies, 1.25));
    }

    @Test
    void theLeastCopyAloneIsAtFullSpeedWhenEveryOtherRoundIsFarSlower() {
        assertArrayEquals(new boolean[] {false, true, false}, FastIoOverheadRounds.fullSpeed(new double[] {30.0, 10.0, 12.6}, 1.25));
    }

    @Test
    void selectKeepsTheChosenRoundsInOrderAndTheOthersApart() {
        double[] values = {1.0, 2.0, 3.0, 4.0};
        boolean[] chosen = {true, false, false, true};
        assertArrayEquals(new double[] {1.0, 4.0}, FastIoOverheadRounds.select(values, chosen, true));
        assertArrayEquals(new double[] {2.0, 3.0}, FastIoOverheadRounds.select(values, chosen, false));
    }
}
