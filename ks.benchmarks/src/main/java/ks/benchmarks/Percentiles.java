package ks.benchmarks;

import java.util.Arrays;
import java.util.Random;

/** Nearest-rank percentiles, the median and a bootstrap interval of it, for the scripted benchmarks' reports. */
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

    /**
     * The median of {@code values}: the middle value, or for an even count the mean of the two
     * middle ones (the nearest rank would give the lower one, which for a handful of JVMs is the
     * least of two or the second of four).
     */
    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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
            medians[b] = median(sample);
        }
        return new double[] {of(medians, 2.5), of(medians, 97.5)};
    }
}
