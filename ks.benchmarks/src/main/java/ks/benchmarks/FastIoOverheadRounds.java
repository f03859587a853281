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
 * {@code /proc/stat}). The full-speed figures below are then taken over the rounds of all JVMs
 * together.
 *
 * <h2>Full speed</h2>
 * On a virtual machine that shares its host, the machine's speed changes in spells that last from
 * a few rounds to hundreds: in a slowed spell every body, the plain copy included, takes 1.5 to 2
 * times as long, and so does every difference between them. The plain copy tells the spells
 * apart: a round whose copyBatch is within {@value #FULL_SPEED_MARGIN} times the least copyBatch
 * of the run ran at the machine's full speed. The report gives the differences over those rounds
 * apart from the others, whose overhead it gives too. The choice looks at the copy alone, never at
 * a difference; a copy measured low by chance only raises the differences taken over it.
 */
public final class FastIoOverheadRounds {

    private static final String[] NAMES = {"fastReadOnly", "pinReadOnly", "copyBatch", "fastPath", "irpPath"};
    /** The medians the report gives for each forked JVM, in this order. */
    private static final String[] FORK_FIGURES = {"overhead", "pin", "dispatch", "fast/IRP", "copyBatch"};
    /** The fork figure that is a ratio, not a time. */
    private static final int RATIO_FIGURE = 3;
    /** How a forked JVM starts each line that gives one round: then the ns per operation of each body, in NAMES order. */
    private static final String ROUND_LINE = "round:";
    /** Set on a forked JVM: it prints its rounds, a line each, instead of the report. */
    private static final String CHILD_PROPERTY = "ks.benchmarks.rounds.child";
    /** Invocations of each body per round (a read-only invocation is BATCH reads). */
    private static final int INVOCATIONS = 2000;
    /** How much slower than the run's fastest copy a round's copy may be for the round to count as run at full speed. */
    static final double FULL_SPEED_MARGIN = 1.25;

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
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder(ROUND_LINE);
                for (int k = 0; k < NAMES.length; k++) {
                    line.append(' ').append(ns[k][r]);
                }
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "(sink %d)%n", sink);
            return;
        }
        System.out.printf(Locale.ROOT, "%d rounds after %d warm-up rounds, %d-byte frames, provider '%s' (ns per operation, median):%n",
                rounds, warmup, frameBytes, provider);
        for (int k = 0; k < NAMES.length; k++) {
            System.out.printf(Locale.ROOT, "  %-13s %8.1f%n", NAMES[k], Percentiles.median(ns[k]));
        }
        reportDifferences("", ns);
        reportFullSpeed(ns);
        System.out.printf(Locale.ROOT, "(sink %d)%n", sink);
    }

    /** The overhead, the pin's and the dispatch's shares and the fast/IRP ratio over the rounds {@code ns} holds. */
    private static void reportDifferences(String suffix, double[][] ns) {
        report("overhead (fastReadOnly - copyBatch)" + suffix, ns[0], ns[2], false);
        report("pin (pinReadOnly - copyBatch)" + suffix, ns[1], ns[2], false);
        report("dispatch (fastReadOnly - pinReadOnly)" + suffix, ns[0], ns[1], false);
        report("fast/IRP (fastPath / irpPath)" + suffix, ns[3], ns[4], true);
    }

    /** The differences over the rounds that ran at full speed, then the overhead over the others (see the class comment). */
    private static void reportFullSpeed(double[][] ns) {
        boolean[] full = fullSpeed(ns[2], FULL_SPEED_MARGIN);
        double[][] fast = new double[NAMES.length][];
        double[][] slowed = new double[NAMES.length][];
        for (int k = 0; k < NAMES.length; k++) {
            fast[k] = select(ns[k], full, true);
            slowed[k] = select(ns[k], full, false);
        }
        System.out.printf(Locale.ROOT, "%d of %d rounds ran at the machine's full speed (copyBatch within %.0f %% of its least, %.1f ns):%n",
                fast[0].length, full.length, (FULL_SPEED_MARGIN - 1) * 100, Percentiles.of(ns[2], 0));
        report("copyBatch at full speed", fast[2]);
        reportDifferences(" at full speed", fast);
        if (slowed[0].length > 0) {
            System.out.printf(Locale.ROOT, "the other %d rounds:%n", slowed[0].length);
            report("copyBatch in the others", slowed[2]);
            report("overhead in the others", slowed[0], slowed[2], false);
        }
    }

    /** Per round {@code a - b} (or {@code a / b}). */
    private static double[] perRound(double[] a, double[] b, boolean ratio) {
        double[] v = new double[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = ratio ? a[i] / b[i] : a[i] - b[i];
        }
        return v;
    }

    private static void report(String what, double[] a, double[] b, boolean ratio) {
        report(what, perRound(a, b, ratio), ratio ? "%.2f" : "%.1f");
    }

    private static void report(String what, double[] values) {
        report(what, values, "%.1f");
    }

    /** One line: the median of {@code v} with its 95 % bootstrap interval, its 10th and 90th percentiles. */
    private static void report(String what, double[] v, String f) {
        double[] ci = Percentiles.medianInterval(v);
        System.out.printf(Locale.ROOT, "  %-52s median " + f + " (95 %% interval of the median " + f + "-" + f + "), p10 " + f
                + ", p90 " + f + "%n", what, Percentiles.median(v), ci[0], ci[1], Percentiles.of(v, 10), Percentiles.of(v, 90));
    }

    /**
     * Runs the rounds in {@code forks} JVMs in turn; reports each one's medians, their spread, and
     * the figures over the rounds of all JVMs that ran at the machine's full speed.
     */
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
        double[][] all = new double[NAMES.length][forks * rounds];
        for (int f = 0; f < forks; f++) {
            long[] before = cpuTimes();
            double[][] ns = fork(command, rounds);
            long[] after = cpuTimes();
            double[] one = {medianOf(ns[0], ns[2], false), medianOf(ns[1], ns[2], false), medianOf(ns[0], ns[1], false),
                medianOf(ns[3], ns[4], true), Percentiles.median(ns[2])};
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  JVM %d of %d:", f + 1, forks));
            for (int k = 0; k < FORK_FIGURES.length; k++) {
                figures[k][f] = one[k];
                line.append("  ").append(FORK_FIGURES[k]).append(' ').append(format(k, one[k]));
            }
            if (before != null && after != null && after[0] > before[0]) {
                line.append(String.format(Locale.ROOT, "  steal %.1f %%", 100.0 * (after[1] - before[1]) / (after[0] - before[0])));
            }
            System.out.println(line);
            for (int k = 0; k < NAMES.length; k++) {
                System.arraycopy(ns[k], 0, all[k], f * rounds, rounds);
            }
        }
        for (int k = 0; k < FORK_FIGURES.length; k++) {
            spread(k, figures[k]);
        }
        System.out.printf(Locale.ROOT, "the rounds of all %d JVMs together:%n", forks);
        reportFullSpeed(all);
        boolean[] full = fullSpeed(all[2], FULL_SPEED_MARGIN);
        StringBuilder perJvm = new StringBuilder("full-speed rounds per JVM:");
        for (int f = 0; f < forks; f++) {
            int n = 0;
            for (int r = f * rounds; r < (f + 1) * rounds; r++) {
                n += full[r] ? 1 : 0;
            }
            perJvm.append(' ').append(n);
        }
        System.out.println(perJvm);
    }

    private static double medianOf(double[] a, double[] b, boolean ratio) {
        return Percentiles.median(perRound(a, b, ratio));
    }

    /** A fork figure as the report prints it: the ratio with two decimals, the times in ns with one. */
    private static String format(int figure, double value) {
        return String.format(Locale.ROOT, figure == RATIO_FIGURE ? "%.2f" : "%.1f", value);
    }

    /** One line: the median, least and greatest of one figure over the JVMs. */
    private static void spread(int figure, double[] values) {
        System.out.printf(Locale.ROOT, "  %-10s median over the JVMs %s, least %s, greatest %s%n", FORK_FIGURES[figure],
                format(figure, Percentiles.median(values)), format(figure, Percentiles.of(values, 0)),
                format(figure, Percentiles.of(values, 100)));
    }

    /**
     * Which rounds ran at the machine's full speed: those whose copy took at most {@code margin}
     * times the least copy of all rounds (see the class comment).
     *
     * @param copies the copyBatch figure of each round, ns per copy
     */
    static boolean[] fullSpeed(double[] copies, double margin) {
        double least = Percentiles.of(copies, 0);
        boolean[] full = new boolean[copies.length];
        for (int i = 0; i < copies.length; i++) {
            full[i] = copies[i] <= least * margin;
        }
        return full;
    }

    /** The values of the rounds {@code chosen} marks {@code want}, in round order. */
    static double[] select(double[] values, boolean[] chosen, boolean want) {
        int n = 0;
        for (boolean c : chosen) {
            n += c == want ? 1 : 0;
        }
        double[] out = new double[n];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (chosen[i] == want) {
                out[j++] = values[i];
            }
        }
        return out;
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

    /** Runs one forked JVM and returns its {@code rounds} rounds: ns per operation, [body][round]. */
    private static double[][] fork(List<String> command, int rounds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        double[][] ns = new double[NAMES.length][rounds];
        int read = 0;
        boolean malformed = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith(ROUND_LINE)) {
                    String[] parts = line.substring(ROUND_LINE.length()).trim().split(" ");
                    if (read >= rounds || parts.length != NAMES.length) {
                        malformed = true;
                        continue;
                    }
                    for (int k = 0; k < NAMES.length; k++) {
                        ns[k][read] = Double.parseDouble(parts[k]);
                    }
                    read++;
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || malformed || read != rounds) {
            throw new IllegalStateException("a forked JVM failed (exit " + exit + ", " + read + " of " + rounds + " rounds):"
                    + System.lineSeparator() + String.join(System.lineSeparator(), output));
        }
        return ns;
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
