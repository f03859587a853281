package ks.benchmarks;

/** Nearest-rank percentiles, for the scripted benchmarks' reports. */
final class Percentiles {

    private Percentiles() {
    }

    /** The index of the {@code p}-th percentile (0..100) in {@code n} sorted values, nearest rank. */
    static int index(int n, double p) {
        int i = (int) Math.ceil(p / 100.0 * n) - 1;
        return Math.max(0, Math.min(n - 1, i));
    }
}
