package ks.benchmarks;

import java.util.Locale;

/**
 * The throughput ratio of {@link KsSrcThroughputBenchmark} measured in rounds: each round runs
 * kssrc (isochronous), kssrc (bulk) and filesrc once each, in an order that rotates from round to
 * round, and gives one ratio per kssrc pipeline, filesrc's time over kssrc's in that round. A slow
 * phase of the machine then weighs on both sides of a ratio instead of on whichever benchmark JMH
 * happened to run during it. Prints the median time of each pipeline and, per kssrc pipeline, the
 * median ratio with a 95 % bootstrap interval of that median, the 10th and 90th percentiles of the
 * rounds' ratios, and how many rounds reached 1.0.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.KsSrcThroughputRounds [ROUNDS [WARMUP]]</pre>
 *
 * The warm-up rounds (default 40, as the JMH benchmark's) are run the same way and not counted.
 */
public final class KsSrcThroughputRounds {

    private static final String[] NAMES = {"kssrc iso", "kssrc bulk", "filesrc"};

    private KsSrcThroughputRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        double[][] ms = new double[NAMES.length][rounds];
        try (ThroughputRig rig = new ThroughputRig()) {
            for (int r = 0; r < warmup + rounds; r++) {
                for (int k = 0; k < NAMES.length; k++) {
                    int which = (r + k) % NAMES.length;
                    long t0 = System.nanoTime();
                    switch (which) {
                        case 0 -> rig.kssrc(ThroughputRig.ISO, ThroughputRig.FRAMES);
                        case 1 -> rig.kssrc(ThroughputRig.BULK, ThroughputRig.FRAMES);
                        default -> rig.filesrc();
                    }
                    double t = (System.nanoTime() - t0) / 1e6;
                    if (r >= warmup) {
                        ms[which][r - warmup] = t;
                    }
                }
                if (r + 1 == warmup || r >= warmup && (r - warmup + 1) % 10 == 0) {
                    System.out.printf(Locale.ROOT, "%d of %d rounds done%n", r + 1, warmup + rounds);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d rounds of %d frames of 1080p YUY2 after %d warm-up rounds (ms per run, median):%n",
                rounds, ThroughputRig.FRAMES, warmup);
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf(Locale.ROOT, "  %-11s %7.1f%n", NAMES[k], Percentiles.median(ms[k]));
        }
        for (int k = 0; k < 2; k++) {
            double[] ratio = new double[rounds];
            int reached = 0;
            for (int r = 0; r < rounds; r++) {
                ratio[r] = ms[2][r] / ms[k][r];
                reached += ratio[r] >= 1.0 ? 1 : 0;
            }
            double[] ci = Percentiles.medianInterval(ratio);
            System.out.printf(Locale.ROOT, "  ratio %s (filesrc time / kssrc time): median %.2f (95 %% interval of the median %.2f-%.2f),"
                    + " p10 %.2f, p90 %.2f, >= 1.0 in %d of %d rounds%n",
                    NAMES[k], Percentiles.median(ratio), ci[0], ci[1], Percentiles.of(ratio, 10), Percentiles.of(ratio, 90), reached, rounds);
        }
    }
}
