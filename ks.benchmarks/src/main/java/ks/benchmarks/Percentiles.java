package ks.benchmarks;

import java.util.Arrays;
import java.util.Random;

/** Nearest-rank percentiles and a bootstrap interval of the median, for the scripted benchmarks' reports. */
final class Percentiles {

    private static final int BOOTSTRAP = 2000;

    private Percentiles() {
    }

    /** The index of the {@code p}-th percentile (0..100) in {@code n} sorted values, nearest rank. */
    static int index(int n, double p) {
        int i = (int) Math.ceil(p / 100.0 * n) - 1;
        return Math.max(0, Math.min(n - 1, i));
    }

    /** The nearest-rank {@code p}-th percentile of {@code values}. */
    static double of(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[index(s.length, p)];
    }

    /** A 95 % bootstrap percentile interval of the median of {@code values} (fixed seed: the same values give the same interval). */
    static double[] medianInterval(double[] values) {
        Random random = new Random(1);
        double[] medians = new double[BOOTSTRAP];
        double[] sample = new double[values.length];
        for (int b = 0; b < BOOTSTRAP; b++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = values[random.nextInt(values.length)];
            }
            medians[b] = of(sample, 50);
        }
        return new double[] {of(medians, 2.5), of(medians, 97.5)};
    }
}
