package ks.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ks.api.io.KsStatusException;

/**
 * The fast-I/O figures of {@link FastIoDispatchBenchmark} measured in rounds: each round runs the
 * benchmark's own {@code fastReadOnly}, {@code pinReadOnly}, {@code copyBatch}, {@code fastPath}
 * and {@code irpPath} bodies for a fixed number of invocations each, in an order that rotates from
 * round to round, and gives one difference or ratio per round. A slow phase of this shared machine
 * then weighs on both sides of a difference instead of on whichever benchmark JMH ran during it.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.FastIoOverheadRounds [ROUNDS [WARMUP [FRAME_BYTES [PROVIDER [FORKS]]]]]</pre>
 *
 * Defaults: 500 rounds after 500 warm-up rounds (about 10 s), 1,024-byte frames, the {@code counted} provider
 * (as ks.fastio publishes it). FRAME_BYTES is any even size: the pin streams YUY2 frames of exactly
 * that many bytes (1,024 as 32 x 16, 4,147,200 as 1920 x 1080). As JMH's {@code Level.Invocation},
 * every {@value FastIoDispatchBenchmark#BATCH} reads of the read-only bodies are timed on their own,
 * the ring refilled between them untimed.
 * Prints per body the median ns per read and, per difference, the median over the rounds with a
 * 95 % bootstrap interval of that median:
 * <ul>
 * <li>overhead: {@code fastReadOnly - copyBatch}, what a fast read costs beyond its copy;</li>
 * <li>pin: {@code pinReadOnly - copyBatch}, the pin's share of it;</li>
 * <li>dispatch: {@code fastReadOnly - pinReadOnly}, KsStreamIo, the router and the provider;</li>
 * <li>fast/IRP: {@code fastPath / irpPath}.</li>
 * </ul>
 * With FORKS above 1 (default 1), the rounds run in that many JVMs one after the other, each
 * started with this JVM's options, and the report gives each JVM's medians and the median, least
 * and greatest of them: what the JIT compiles, and the state of a shared machine, differ from one
 * JVM to the next by more than the interval within one. On Linux each JVM's line also gives the
 * steal time while it ran (the share of CPU time the hypervisor gave to other guests, from
 * {@code /proc/stat}): on a virtual machine whose host is busy, every figure, the plain copy's
 * included, grows at once, and the steal time is one sign of it. The plain copy is the surer sign,
 * so the report ends with the figures of the JVMs whose copyBatch is within 30 % of the least: the
 * ones that ran fastest (when the whole run was slowed, they were slowed too).
 */
public final class FastIoOverheadRounds {

    private static final String[] NAMES = {"fastReadOnly", "pinReadOnly", "copyBatch", "fastPath", "irpPath"};
    /** The figures one forked JVM reports on its last line, in this order, after {@link #FORK_RESULT}. */
    private static final String[] FORK_FIGURES = {"overhead", "pin", "dispatch", "fast/IRP", "copyBatch"};
    /** The fork figure that is a ratio, not a time. */
    private static final int RATIO_FIGURE = 3;
    /** The fork figure of the plain copy, which tells the fastest-running JVMs. */
    private static final int COPY_FIGURE = 4;
    private static final String FORK_RESULT = "fork result:";
    /** Set on a forked JVM: it prints its figures on one line instead of the report. */
    private static final String CHILD_PROPERTY = "ks.benchmarks.rounds.child";
    /** Invocations of each body per round (a read-only invocation is BATCH reads). */
    private static final int INVOCATIONS = 2000;
    /** How much slower than the fastest JVM's copy a JVM's copy may be for the JVM to count among the fastest. */
    private static final double FASTEST_MARGIN = 1.3;

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
        copies.useBuffersOf(filled.rig); // the baseline copies between the very buffers the fast reads use
    }

    private static final String USAGE = "usage: FastIoOverheadRounds [ROUNDS (>= 1) [WARMUP (>= 0) [FRAME_BYTES (even, a YUY2 frame)"
            + " [PROVIDER (counted or bare) [FORKS (>= 1)]]]]]";

    public static void main(String[] args) throws Exception {
        int rounds = argument(args, 0, 500, 1);
        int warmup = argument(args, 1, 500, 0);
        int frameBytes = argument(args, 2, 1024, 2);
        String provider = args.length > 3 ? args[3] : "counted";
        int forks = argument(args, 4, 1, 1);
        if (args.length > 5 || frameBytes % 2 != 0 || !provider.equals("counted") && !provider.equals("bare")) {
            usage();
        }
        if (forks > 1) {
            forked(forks, rounds, warmup, frameBytes, provider);
            return;
        }
        FastIoOverheadRounds m = new FastIoOverheadRounds(frameBytes, provider);
        try {
            m.run(rounds, warmup, frameBytes, provider);
        } finally {
            m.close();
        }
    }

    /** The {@code i}-th argument as a number of at least {@code least}, or {@code otherwise} when absent. */
    private static int argument(String[] args, int i, int otherwise, int least) {
        if (args.length <= i) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(args[i]);
            if (value >= least) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage();
        return otherwise;
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }

    private void run(int rounds, int warmup, int frameBytes, String provider) {
        boolean child = Boolean.getBoolean(CHILD_PROPERTY);
        double[][] ns = new double[NAMES.length][rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            for (int k = 0; k < NAMES.length; k++) {
                int which = (r + k) % NAMES.length;
                double t = perOperation(which);
                if (r >= warmup) {
                    ns[which][r - warmup] = t;
                }
            }
            if (!child && (r + 1 == warmup || r >= warmup && (r - warmup + 1) % 50 == 0)) {
                System.out.printf(Locale.ROOT, "%d of %d rounds done%n", r + 1, warmup + rounds);
            }
        }
        if (child) {
            System.out.printf(Locale.ROOT, "%s %f %f %f %f %f%n", FORK_RESULT, medianOf(ns[0], ns[2], false), medianOf(ns[1], ns[2], false),
                    medianOf(ns[0], ns[1], false), medianOf(ns[3], ns[4], true), Percentiles.median(ns[2]));
            return;
        }
        System.out.printf(Locale.ROOT, "%d rounds after %d warm-up rounds, %d-byte frames, provider '%s' (ns per operation, median):%n",
                rounds, warmup, frameBytes, provider);
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf(Locale.ROOT, "  %-13s %8.1f%n", NAMES[k], Percentiles.median(ns[k]));
        }
        report("overhead (fastReadOnly - copyBatch)", ns[0], ns[2], false);
        report("pin (pinReadOnly - copyBatch)", ns[1], ns[2], false);
        report("dispatch (fastReadOnly - pinReadOnly)", ns[0], ns[1], false);
        report("fast/IRP (fastPath / irpPath)", ns[3], ns[4], true);
        System.out.printf(Locale.ROOT, "(sink %d)%n", sink);
    }

    /** Per round {@code a - b} (or {@code a / b}). */
    private static double[] perRound(double[] a, double[] b, boolean ratio) {
        double[] v = new double[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = ratio ? a[i] / b[i] : a[i] - b[i];
        }
        return v;
    }

    private static double medianOf(double[] a, double[] b, boolean ratio) {
        return Percentiles.median(perRound(a, b, ratio));
    }

    private static void report(String what, double[] a, double[] b, boolean ratio) {
        double[] v = perRound(a, b, ratio);
        double[] ci = Percentiles.medianInterval(v);
        String f = ratio ? "%.2f" : "%.1f";
        System.out.printf(Locale.ROOT, "  %-38s median " + f + " (95 %% interval of the median " + f + "-" + f + "), p10 " + f
                + ", p90 " + f + "%n", what, Percentiles.median(v), ci[0], ci[1], Percentiles.of(v, 10), Percentiles.of(v, 90));
    }

    /** Runs the rounds in {@code forks} JVMs in turn and reports each one's medians and their spread. */
    private static void forked(int forks, int rounds, int warmup, int frameBytes, String provider) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FastIoOverheadRounds.class.getName());
        command.addAll(List.of(String.valueOf(rounds), String.valueOf(warmup), String.valueOf(frameBytes), provider, "1"));
        System.out.printf(Locale.ROOT, "%d JVMs, each %d rounds after %d warm-up rounds, %d-byte frames, provider '%s' (medians per JVM, ns):%n",
                forks, rounds, warmup, frameBytes, provider);
        double[][] figures = new double[FORK_FIGURES.length][forks];
        for (int f = 0; f < forks; f++) {
            long[] before = cpuTimes();
            double[] one = fork(command);
            long[] after = cpuTimes();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  JVM %d of %d:", f + 1, forks));
            for (int k = 0; k < FORK_FIGURES.length; k++) {
                figures[k][f] = one[k];
                line.append("  ").append(FORK_FIGURES[k]).append(' ').append(format(k, one[k]));
            }
            if (before != null && after != null && after[0] > before[0]) {
                line.append(String.format(Locale.ROOT, "  steal %.1f %%", 100.0 * (after[1] - before[1]) / (after[0] - before[0])));
            }
            System.out.println(line);
        }
        for (int k = 0; k < FORK_FIGURES.length; k++) {
            spread(k, "median over the JVMs", figures[k]);
        }
        fastestCopies(figures);
    }

    /** A fork figure as the report prints it: the ratio with two decimals, the times in ns with one. */
    private static String format(int figure, double value) {
        return String.format(Locale.ROOT, figure == RATIO_FIGURE ? "%.2f" : "%.1f", value);
    }

    /** One line: the median, least and greatest of one figure over some JVMs. */
    private static void spread(int figure, String median, double[] values) {
        System.out.printf(Locale.ROOT, "  %-10s %s %s, least %s, greatest %s%n", FORK_FIGURES[figure], median,
                format(figure, Percentiles.median(values)), format(figure, Percentiles.of(values, 0)),
                format(figure, Percentiles.of(values, 100)));
    }

    /**
     * The figures of the JVMs that ran fastest, told by the plain copy: those whose copyBatch median
     * is within {@value #FASTEST_MARGIN} times the least one. The choice looks at the copy alone,
     * never at a difference; a copy measured low by chance only raises the differences taken over it.
     */
    private static void fastestCopies(double[][] figures) {
        double[] copies = figures[COPY_FIGURE];
        double least = Percentiles.of(copies, 0);
        List<Integer> chosen = new ArrayList<>();
        for (int f = 0; f < copies.length; f++) {
            if (copies[f] <= least * FASTEST_MARGIN) {
                chosen.add(f);
            }
        }
        System.out.printf(Locale.ROOT, "  the %d of %d JVMs whose copyBatch is within %.0f %% of the least (the fastest running):%n",
                chosen.size(), copies.length, (FASTEST_MARGIN - 1) * 100);
        for (int k = 0; k < FORK_FIGURES.length; k++) {
            if (k == COPY_FIGURE) {
                continue;
            }
            double[] v = new double[chosen.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = figures[k][chosen.get(i)];
            }
            spread(k, "median", v);
        }
    }

    /**
     * The machine's CPU time so far (user to steal summed) and its steal time, in clock ticks, from the
     * first line of {@code /proc/stat}; null where there is no such file or it reads otherwise.
     */
    private static long[] cpuTimes() {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(stat, StandardCharsets.US_ASCII)) {
            String first = in.readLine();
            String[] f = first == null ? new String[0] : first.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                return null;
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) { // user to steal; guest time is counted in user time already
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[8])};
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Runs one forked JVM and returns the figures of its result line. */
    private static double[] fork(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        double[] figures = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith(FORK_RESULT)) {
                    String[] parts = line.substring(FORK_RESULT.length()).trim().split(" ");
                    figures = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        figures[i] = Double.parseDouble(parts[i]);
                    }
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || figures == null || figures.length != FORK_FIGURES.length) {
            throw new IllegalStateException("a forked JVM failed (exit " + exit + "):" + System.lineSeparator()
                    + String.join(System.lineSeparator(), output));
        }
        return figures;
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
