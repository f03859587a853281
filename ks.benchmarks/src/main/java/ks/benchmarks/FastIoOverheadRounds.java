package ks.benchmarks;

import java.util.Locale;

import ks.api.io.KsStatusException;

/**
 * The fast-I/O figures of {@link FastIoDispatchBenchmark} measured in rounds: each round runs the
 * benchmark's own {@code fastReadOnly}, {@code pinReadOnly}, {@code copyBatch}, {@code fastPath}
 * and {@code irpPath} bodies for a fixed number of invocations each, in an order that rotates from
 * round to round, and gives one difference or ratio per round. A slow phase of this shared machine
 * then weighs on both sides of a difference instead of on whichever benchmark JMH ran during it.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.FastIoOverheadRounds [ROUNDS [WARMUP [FRAME_BYTES [PROVIDER]]]]</pre>
 *
 * Defaults: 500 rounds after 500 warm-up rounds (about 10 s), 1,024-byte frames, the {@code counted} provider
 * (as ks.fastio publishes it). As JMH's {@code Level.Invocation}, every {@value FastIoDispatchBenchmark#BATCH}
 * reads of the read-only bodies are timed on their own, the ring refilled between them untimed.
 * Prints per body the median ns per read and, per difference, the median over the rounds with a
 * 95 % bootstrap interval of that median:
 * <ul>
 * <li>overhead: {@code fastReadOnly - copyBatch}, what a fast read costs beyond its copy;</li>
 * <li>pin: {@code pinReadOnly - copyBatch}, the pin's share of it;</li>
 * <li>dispatch: {@code fastReadOnly - pinReadOnly}, KsStreamIo, the router and the provider;</li>
 * <li>fast/IRP: {@code fastPath / irpPath}.</li>
 * </ul>
 */
public final class FastIoOverheadRounds {

    private static final String[] NAMES = {"fastReadOnly", "pinReadOnly", "copyBatch", "fastPath", "irpPath"};
    /** Invocations of each body per round (a read-only invocation is BATCH reads). */
    private static final int INVOCATIONS = 2000;

    private final FastIoDispatchBenchmark bench = new FastIoDispatchBenchmark();
    private final FastIoDispatchBenchmark.Filled filled = new FastIoDispatchBenchmark.Filled();
    private final FastIoDispatchBenchmark.Copies copies = new FastIoDispatchBenchmark.Copies();
    /** Keeps the bodies' results alive, as JMH's blackhole does. */
    private long sink;

    private FastIoOverheadRounds(int frameBytes, String provider) throws KsStatusException {
        bench.frameBytes = frameBytes;
        bench.provider = provider;
        bench.setUp();
        filled.setUp(bench);
        copies.setUp(bench);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int frameBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        String provider = args.length > 3 ? args[3] : "counted";
        FastIoOverheadRounds m = new FastIoOverheadRounds(frameBytes, provider);
        try {
            m.run(rounds, warmup, frameBytes, provider);
        } finally {
            m.close();
        }
    }

    private void run(int rounds, int warmup, int frameBytes, String provider) {
        double[][] ns = new double[NAMES.length][rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            for (int k = 0; k < NAMES.length; k++) {
                int which = (r + k) % NAMES.length;
                double t = perOperation(which);
                if (r >= warmup) {
                    ns[which][r - warmup] = t;
                }
            }
            if (r + 1 == warmup || r >= warmup && (r - warmup + 1) % 50 == 0) {
                System.out.printf(Locale.ROOT, "%d of %d rounds done%n", r + 1, warmup + rounds);
            }
        }
        System.out.printf(Locale.ROOT, "%d rounds after %d warm-up rounds, %d-byte frames, provider '%s' (ns per operation, median):%n",
                rounds, warmup, frameBytes, provider);
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf(Locale.ROOT, "  %-13s %8.1f%n", NAMES[k], Percentiles.of(ns[k], 50));
        }
        report("overhead (fastReadOnly - copyBatch)", ns[0], ns[2], false);
        report("pin (pinReadOnly - copyBatch)", ns[1], ns[2], false);
        report("dispatch (fastReadOnly - pinReadOnly)", ns[0], ns[1], false);
        report("fast/IRP (fastPath / irpPath)", ns[3], ns[4], true);
        System.out.printf(Locale.ROOT, "(sink %d)%n", sink);
    }

    private static void report(String what, double[] a, double[] b, boolean ratio) {
        double[] v = new double[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = ratio ? a[i] / b[i] : a[i] - b[i];
        }
        double[] ci = Percentiles.medianInterval(v);
        String f = ratio ? "%.2f" : "%.1f";
        System.out.printf(Locale.ROOT, "  %-38s median " + f + " (95 %% interval of the median " + f + "-" + f + "), p10 " + f
                + ", p90 " + f + "%n", what, Percentiles.of(v, 50), ci[0], ci[1], Percentiles.of(v, 10), Percentiles.of(v, 90));
    }

    /** Runs one body {@value #INVOCATIONS} times; the ns per operation (per read for the read-only bodies). */
    private double perOperation(int which) {
        long total = 0;
        long s = 0;
        int ops = INVOCATIONS;
        switch (which) {
            case 0, 1, 2 -> {
                for (int i = 0; i < INVOCATIONS; i++) {
                    if (which == 2) {
                        copies.next();
                    } else {
                        filled.fill();
                    }
                    long t0 = System.nanoTime();
                    s += which == 0 ? bench.fastReadOnly(filled) : which == 1 ? bench.pinReadOnly(filled) : bench.copyBatch(copies);
                    total += System.nanoTime() - t0;
                }
                ops = INVOCATIONS * FastIoDispatchBenchmark.BATCH;
            }
            default -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < INVOCATIONS; i++) {
                    s += which == 3 ? bench.fastPath() : bench.irpPath();
                }
                total = System.nanoTime() - t0;
            }
        }
        sink += s;
        return (double) total / ops;
    }

    private void close() {
        filled.tearDown();
        bench.tearDown();
    }
}
