package ks.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastIoOverheadRoundsTest {

    @Test
    void stepsWhoseCopyIsWithinTheMarginOfTheLeastRanAtFullSpeed() {
        double[] copies = {20.0, 35.0, 24.9, 25.1, 40.0, 21.0};
        // least 20.0, so with a margin of 1.25 a copy of up to 25.0 ns counts
        assertArrayEquals(new boolean[] {true, false, true, false, false, true}, FastIoOverheadRounds.fullSpeed(copies, 1.25));
    }

    @Test
    void theLeastCopyAloneIsAtFullSpeedWhenEveryOtherStepIsFarSlower() {
        assertArrayEquals(new boolean[] {false, true, false}, FastIoOverheadRounds.fullSpeed(new double[] {30.0, 10.0, 12.6}, 1.25));
    }

    @Test
    void selectKeepsTheChosenStepsInOrderAndTheOthersApart() {
        double[] values = {1.0, 2.0, 3.0, 4.0};
        boolean[] chosen = {true, false, false, true};
        assertArrayEquals(new double[] {1.0, 4.0}, FastIoOverheadRounds.select(values, chosen, true));
        assertArrayEquals(new double[] {2.0, 3.0}, FastIoOverheadRounds.select(values, chosen, false));
    }

    @Test
    void figuresSplitTheStepsByTheirCopyAndTakeEachDifferenceWithinAStep() {
        // steps 0 and 2 copy at full speed (20 ns), steps 1 and 3 at half speed (40 ns)
        double[][] steps = {
            {40.0, 70.0, 41.0, 72.0}, // fastReadOnly
            {30.0, 55.0, 30.0, 56.0}, // pinReadOnly
            {20.0, 40.0, 20.0, 40.0}}; // copyBatch
        double[] f = FastIoOverheadRounds.figures(steps, new double[] {0.3, 0.2, 0.4}, 1.25);
        assertEquals(FastIoOverheadRounds.FIGURES.length, f.length);
        double[] expected = {
            20.0, // least copyBatch
            50.0, // steps at full speed, %
            20.5, // overhead at full speed: 20 and 21
            10.0, // pin at full speed: 10 and 10
            10.5, // dispatch at full speed: 10 and 11
            20.0, // copyBatch at full speed
            31.0, // overhead slowed: 30 and 32
            40.0, // copyBatch slowed
            25.5, // overhead over all steps: 20, 30, 21, 32
            25.75, // the means: 223 / 4 - 120 / 4
            0.3}; // fast/IRP
        assertArrayEquals(expected, f, 1e-9);
    }

    @Test
    void withEveryStepAtFullSpeedTheSlowedFiguresAreMissing() {
        double[][] steps = {{40.0, 41.0}, {30.0, 30.0}, {20.0, 21.0}};
        double[] f = FastIoOverheadRounds.figures(steps, new double[] {0.3}, 1.25);
        assertEquals(100.0, f[1]);
        assertTrue(Double.isNaN(f[6]) && Double.isNaN(f[7]), "no slowed step, no slowed figure");
        assertEquals(20.0, f[2]);
    }

    @Test
    void aJvmWhoseLeastCopyIsFarAboveTheOthersNeverRanAtFullSpeedAndLosesItsFullSpeedFigures() {
        int n = FastIoOverheadRounds.FIGURES.length;
        double[][] figures = new double[n][3];
        for (int k = 0; k < n; k++) {
            figures[k] = new double[] {10.0 + k, 20.0 + k, 30.0 + k};
        }
        figures[0] = new double[] {16.0, 28.0, 17.0}; // least copyBatch: 28 is more than 1.25 x 16
        boolean[] reached = FastIoOverheadRounds.leaveOutNeverAtFullSpeed(figures, 1.25);
        assertArrayEquals(new boolean[] {true, false, true}, reached);
        assertEquals(0.0, figures[1][1], "share of steps at full speed");
        for (int k = 2; k <= 5; k++) {
            assertTrue(Double.isNaN(figures[k][1]), FastIoOverheadRounds.FIGURES[k] + " is left out");
            assertEquals(10.0 + k, figures[k][0], "the other JVMs keep theirs");
            assertEquals(30.0 + k, figures[k][2]);
        }
        for (int k = 6; k < n; k++) {
            assertEquals(20.0 + k, figures[k][1], FastIoOverheadRounds.FIGURES[k] + " is not a figure at full speed");
        }
        assertEquals(28.0, figures[0][1]);
    }
}
