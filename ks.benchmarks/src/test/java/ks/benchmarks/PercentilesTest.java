package ks.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void shouldTakeTheMiddleValueOfAnOddCount() {
        assertEquals(5.0, Percentiles.median(new double[] {5.0}));
        assertEquals(2.0, Percentiles.median(new double[] {3.0, 1.0, 2.0}));
    }

    @Test
    void shouldAverageTheTwoMiddleValuesOfAnEvenCount() {
        assertEquals(25.95, Percentiles.median(new double[] {28.8, 23.1}), 1e-9);
        assertEquals(2.5, Percentiles.median(new double[] {4.0, 1.0, 3.0, 2.0}));
    }

    @Test
    void shouldLeaveTheCallersValuesInTheirOrder() {
        double[] values = {4.0, 1.0, 3.0, 2.0};
        Percentiles.median(values);
        Percentiles.of(values, 90);
        assertArrayEquals(new double[] {4.0, 1.0, 3.0, 2.0}, values);
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        double[] tens = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertEquals(10, Percentiles.of(tens, 0));
        assertEquals(10, Percentiles.of(tens, 10));
        assertEquals(90, Percentiles.of(tens, 90));
        assertEquals(100, Percentiles.of(tens, 100));
    }

    @Test
    void shouldBracketTheMedianWithItsBootstrapInterval() {
        double[] values = new double[101];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        double[] ci = Percentiles.medianInterval(values);
        assertEquals(2, ci.length);
        // the medians of resamples of 0..100 scatter around 50, well inside the values' range
        assertTrue(ci[0] <= 50 && 50 <= ci[1], () -> ci[0] + " .. " + ci[1]);
        assertTrue(ci[0] > 30 && ci[1] < 70, () -> ci[0] + " .. " + ci[1]);
    }
}
