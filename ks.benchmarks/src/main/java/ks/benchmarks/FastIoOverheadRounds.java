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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ks.api.io.KsStatusException;

/**
 * The fast-I/O figures of {@link FastIoDispatchBenchmark} measured step by step: each step runs
 * one invocation of each of the benchmark's own {@code fastReadOnly}, {@code pinReadOnly} and
 * {@code copyBatch} bodies ({@value FastIoDispatchBenchmark#BATCH} reads or copies each), in an
 * order that rotates from step to step, each invocation timed alone with its per-invocation setup
 * untimed, as JMH's {@code Level.Invocation} does; a step takes about 2 µs, so its three bodies
 * run under the same conditions of the machine, and each step gives its own differences:
 * <ul>
 * <li>overhead: {@code fastReadOnly - copyBatch}, what a fast read costs beyond its copy;</li>
 * <li>pin: {@code pinReadOnly - copyBatch}, the pin's share of it;</li>
 * <li>dispatch: {@code fastReadOnly - pinReadOnly}, KsStreamIo, the router and the provider.</li>
 * </ul>
 * A round is {@value #INVOCATIONS} steps, then the {@code fastPath} and {@code irpPath} bodies
 * {@value #INVOCATIONS} times each (their order rotating from round to round), which give the
 * round's fast/IRP ratio.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.FastIoOverheadRounds [ROUNDS [WARMUP [FRAME_BYTES [PROVIDER [FORKS]]]]]</pre>
 *
 * Defaults: 400 rounds after 300 warm-up rounds (about 5 s), 1,024-byte frames, the
 * {@code counted} provider (as ks.fastio publishes it). FRAME_BYTES is any even size: the pin
 * streams YUY2 frames of exactly that many bytes (1,024 as 32 x 16, 4,147,200 as 1920 x 1080).
 * With FORKS above 1 (default 1), the rounds run in that many JVMs one after the other, each
 * started with this JVM's options; the report gives each JVM's figures and the median, least and
 * greatest of each over the JVMs, since what the JIT compiles, and where the buffers lie, differ
 * from one JVM to the next. On Linux each JVM's line also gives the steal time while it ran (the
 * share of CPU time the hypervisor gave to other guests, from {@code /proc/stat}).
 *
 * <h2>Full speed</h2>
 * On a virtual machine that shares its host, the machine's speed changes in spells of tens of
 * microseconds to tens of milliseconds: in a slowed spell every body, the plain copy included,
 * takes 1.5 to 2 times as long. The plain copy tells the spells apart: a step whose copyBatch
 * took at most {@value #FULL_SPEED_MARGIN} times the least copyBatch of the JVM ran at the
 * machine's full speed. The report gives the medians of the differences over those steps, over
 * the others, and over all steps, with the share of steps at full speed, and the difference of
 * the bodies' means over all steps, which is what JMH's averages give. The choice looks at the
 * copy alone, never at a difference: a copy measured low by chance only raises the differences
 * taken over it. With several JVMs, one whose least copyBatch is itself more than the margin above
 * the least of all JVMs never ran at full speed, and its figures at full speed are left out.
 */
public final class FastIoOverheadRounds {

    private static final int FAST = 0;
    private static final int PIN = 1;
    private static final int COPY = 2;
    private static final int BODIES = 3;

    /** The figures each JVM gives, in this order; see {@link #figures}. */
    static final String[] FIGURES = {"least copyBatch", "steps at full speed %", "overhead at full speed", "pin at full speed",
        "dispatch at full speed", "copyBatch at full speed", "overhead slowed", "copyBatch slowed", "overhead all steps",
        "overhead of the means", "fast/IRP"};
    /** The figure that is a ratio, not a time. */
    private static final int RATIO_FIGURE = 10;
    /** The figure that is a share in percent; the figures after it up to LAST_FULL_SPEED_FIGURE are those at full speed. */
    private static final int SHARE_FIGURE = 1;
    private static final int LAST_FULL_SPEED_FIGURE = 5;
    /** How a forked JVM starts the line that gives its figures, in FIGURES order. */
    private static final String FIGURES_LINE = "figures:";
    /** Set on a forked JVM: it prints its figures line instead of the report. */
    private static final String CHILD_PROPERTY = "ks.benchmarks.rounds.child";
    /** Steps per round, and invocations of fastPath and of irpPath per round. */
    private static final int INVOCATIONS = 2000;
    /** How much slower than the JVM's fastest copy a step's copy may be for the step to count as run at full speed. */
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
        int rounds = argument(args, 0, 400, 1);
        int warmup = argument(args, 1, 300, 0);
        int frameBytes = argument(args, 2, 1024, 2);
        String provider = args.length > 3 ? args[3] : "counted";
        int forks = argument(args, 4, 1, 1);
        if (args.length > 5 || frameBytes % 2 != 0 || !provider.equals("counted") && !provider.equals("bare")) {
            usage();
        }
        System.out.printf(Locale.ROOT, "%d JVM%s, each %d rounds of %d steps after %d warm-up rounds, %d-byte frames, provider '%s'"
                + " (ns per read):%n", forks, forks == 1 ? "" : "s", rounds, INVOCATIONS, warmup, frameBytes, provider);
        if (forks == 1) {
            long[] before = cpuTimes();
            double[] one = measureHere(rounds, warmup, frameBytes, provider);
            reportJvm(1, 1, one, before, cpuTimes());
            return;
        }
        List<String> command = childCommand(rounds, warmup, frameBytes, provider);
        double[][] figures = new double[FIGURES.length][forks];
        for (int f = 0; f < forks; f++) {
            long[] before = cpuTimes();
            double[] one = fork(command);
            reportJvm(f + 1, forks, one, before, cpuTimes());
            for (int k = 0; k < FIGURES.length; k++) {
                figures[k][f] = one[k];
            }
        }
        boolean[] reached = leaveOutNeverAtFullSpeed(figures, FULL_SPEED_MARGIN);
        for (int f = 0; f < forks; f++) {
            if (!reached[f]) {
                System.out.printf(Locale.ROOT, "  JVM %d never ran at full speed: its least copyBatch, %s, is more than %.0f %% above"
                        + " the least of all JVMs; its figures at full speed are left out below%n", f + 1, format(0, figures[0][f]),
                        (FULL_SPEED_MARGIN - 1) * 100);
            }
        }
        System.out.println("over the JVMs:");
        for (int k = 0; k < FIGURES.length; k++) {
            spread(k, figures[k]);
        }
    }

    /** Measures in this JVM; a forked JVM prints its figures line, the only JVM of a run its progress too. */
    private static double[] measureHere(int rounds, int warmup, int frameBytes, String provider) throws KsStatusException {
        FastIoOverheadRounds m = new FastIoOverheadRounds(frameBytes, provider);
        double[] one;
        try {
            one = m.measure(rounds, warmup);
        } finally {
            m.close();
        }
        if (Boolean.getBoolean(CHILD_PROPERTY)) {
            StringBuilder line = new StringBuilder(FIGURES_LINE);
            for (double v : one) {
                line.append(' ').append(v);
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "(sink %d)%n", m.sink);
        return one;
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

    /** Runs the warm-up and measured rounds; the figures of the measured ones. */
    private double[] measure(int rounds, int warmup) {
        boolean child = Boolean.getBoolean(CHILD_PROPERTY);
        double[][] steps = new double[BODIES][rounds * INVOCATIONS];
        double[] ratios = new double[rounds];
        for (int r = 0; r < warmup + rounds; r++) {
            int kept = r - warmup;
            for (int i = 0; i < INVOCATIONS; i++) {
                for (int k = 0; k < BODIES; k++) {
                    int which = (i + k) % BODIES;
                    double t = oneInvocation(which);
                    if (kept >= 0) {
                        steps[which][kept * INVOCATIONS + i] = t;
                    }
                }
            }
            boolean fastFirst = r % 2 == 0;
            double first = pathPerOperation(fastFirst);
            double second = pathPerOperation(!fastFirst);
            if (kept >= 0) {
                ratios[kept] = fastFirst ? first / second : second / first;
            }
            if (!child && (r + 1 == warmup || kept >= 0 && (kept + 1) % 100 == 0)) {
                System.out.printf(Locale.ROOT, "%d of %d rounds done%n", r + 1, warmup + rounds);
            }
        }
        return figures(steps, ratios, FULL_SPEED_MARGIN);
    }

    /** One invocation of a read-only body, its setup untimed; ns per read (or copy). */
    private double oneInvocation(int which) {
        if (which == COPY) {
            copies.next();
        } else {
            filled.fill();
        }
        long t0 = System.nanoTime();
        int s = which == FAST ? bench.fastReadOnly(filled) : which == PIN ? bench.pinReadOnly(filled) : bench.copyBatch(copies);
        long t = System.nanoTime() - t0;
        sink += s;
        return (double) t / FastIoDispatchBenchmark.BATCH;
    }

    /** {@code fastPath} (or {@code irpPath}) {@value #INVOCATIONS} times; ns per operation. */
    private double pathPerOperation(boolean fast) {
        long s = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < INVOCATIONS; i++) {
            s += fast ? bench.fastPath() : bench.irpPath();
        }
        long total = System.nanoTime() - t0;
        sink += s;
        return (double) total / INVOCATIONS;
    }

    /**
     * One JVM's figures, in {@link #FIGURES} order: the least copyBatch; the share of steps at
     * full speed; the medians of the per-step overhead, pin and dispatch and of copyBatch over
     * the steps at full speed; the medians of the overhead and of copyBatch over the other steps
     * (NaN when there are none); the median of the overhead over all steps; the mean of
     * fastReadOnly less the mean of copyBatch over all steps; the median of the rounds' fast/IRP.
     *
     * @param steps ns per read of fastReadOnly, pinReadOnly and copyBatch, [body][step]
     * @param ratios each round's fastPath / irpPath
     */
    static double[] figures(double[][] steps, double[] ratios, double margin) {
        double[] overhead = differences(steps[FAST], steps[COPY]);
        double[] pin = differences(steps[PIN], steps[COPY]);
        double[] dispatch = differences(steps[FAST], steps[PIN]);
        boolean[] full = fullSpeed(steps[COPY], margin);
        double[] fullOverhead = select(overhead, full, true);
        double[] slowedOverhead = select(overhead, full, false);
        return new double[] {
            Percentiles.of(steps[COPY], 0),
            100.0 * fullOverhead.length / overhead.length,
            Percentiles.median(fullOverhead),
            Percentiles.median(select(pin, full, true)),
            Percentiles.median(select(dispatch, full, true)),
            Percentiles.median(select(steps[COPY], full, true)),
            slowedOverhead.length == 0 ? Double.NaN : Percentiles.median(slowedOverhead),
            slowedOverhead.length == 0 ? Double.NaN : Percentiles.median(select(steps[COPY], full, false)),
            Percentiles.median(overhead),
            mean(steps[FAST]) - mean(steps[COPY]),
            Percentiles.median(ratios)};
    }

    /** Per step {@code a - b}. */
    private static double[] differences(double[] a, double[] b) {
        double[] v = new double[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = a[i] - b[i];
        }
        return v;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** One JVM's line of the report. */
    private static void reportJvm(int jvm, int of, double[] f, long[] before, long[] after) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "  JVM %d of %d: full speed in %s %% of the steps (least copyBatch %s)%n"
                + "    at full speed: overhead %s, pin %s, dispatch %s, copyBatch %s%n"
                + "    slowed:        overhead %s, copyBatch %s%n"
                + "    all steps:     overhead %s (median), %s (difference of the means); fast/IRP %s",
                jvm, of, format(1, f[1]), format(0, f[0]), format(2, f[2]), format(3, f[3]), format(4, f[4]), format(5, f[5]),
                format(6, f[6]), format(7, f[7]), format(8, f[8]), format(9, f[9]), format(10, f[10])));
        if (before != null && after != null && after[0] > before[0]) {
            line.append(String.format(Locale.ROOT, "; steal %.1f %%", 100.0 * (after[1] - before[1]) / (after[0] - before[0])));
        }
        System.out.println(line);
    }

    /** A figure as the report prints it: the ratio with two decimals, the rest with one; "-" where there is none. */
    private static String format(int figure, double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, figure == RATIO_FIGURE ? "%.2f" : figure == SHARE_FIGURE ? "%.0f" : "%.1f", value);
    }

    /** One line: the median, least and greatest of one figure over the JVMs (those that have it). */
    private static void spread(int figure, double[] values) {
        double[] had = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        if (had.length == 0) {
            System.out.printf(Locale.ROOT, "  %-24s -%n", FIGURES[figure]);
            return;
        }
        System.out.printf(Locale.ROOT, "  %-24s median %s, least %s, greatest %s%n", FIGURES[figure],
                format(figure, Percentiles.median(had)), format(figure, Percentiles.of(had, 0)), format(figure, Percentiles.of(had, 100)));
    }

    /**
     * Finds the JVMs that never ran at the machine's full speed, those whose least copy is more
     * than {@code margin} times the least of all JVMs (a JVM that spent its whole run in a slowed
     * spell took its own least copy for full speed), and sets their share of steps at full speed
     * to 0 and their figures at full speed to NaN.
     *
     * @param figures [figure][JVM], in {@link #FIGURES} order
     * @return for each JVM, whether it ran at full speed
     */
    static boolean[] leaveOutNeverAtFullSpeed(double[][] figures, double margin) {
        boolean[] reached = fullSpeed(figures[0], margin);
        for (int f = 0; f < reached.length; f++) {
            if (!reached[f]) {
                figures[SHARE_FIGURE][f] = 0;
                for (int k = SHARE_FIGURE + 1; k <= LAST_FULL_SPEED_FIGURE; k++) {
                    figures[k][f] = Double.NaN;
                }
            }
        }
        return reached;
    }

    /**
     * Which steps ran at the machine's full speed: those whose copy took at most {@code margin}
     * times the least copy of all steps (see the class comment).
     *
     * @param copies the copyBatch figure of each step, ns per copy
     */
    static boolean[] fullSpeed(double[] copies, double margin) {
        double least = Percentiles.of(copies, 0);
        boolean[] full = new boolean[copies.length];
        for (int i = 0; i < copies.length; i++) {
            full[i] = copies[i] <= least * margin;
        }
        return full;
    }

    /** The values of the steps {@code chosen} marks {@code want}, in step order. */
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

    /** The command that runs one forked JVM: this JVM's options and class path, one JVM's worth of arguments. */
    private static List<String> childCommand(int rounds, int warmup, int frameBytes, String provider) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FastIoOverheadRounds.class.getName());
        command.addAll(List.of(String.valueOf(rounds), String.valueOf(warmup), String.valueOf(frameBytes), provider, "1"));
        return command;
    }

    /** Runs one forked JVM and returns its figures. */
    private static double[] fork(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        double[] figures = null;
        boolean malformed = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith(FIGURES_LINE)) {
                    String[] parts = line.substring(FIGURES_LINE.length()).trim().split(" ");
                    if (figures != null || parts.length != FIGURES.length) {
                        malformed = true;
                        continue;
                    }
                    figures = new double[FIGURES.length];
                    for (int k = 0; k < FIGURES.length; k++) {
                        figures[k] = Double.parseDouble(parts[k]);
                    }
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || malformed || figures == null) {
            throw new IllegalStateException("a forked JVM failed (exit " + exit + "):" + System.lineSeparator()
                    + String.join(System.lineSeparator(), output));
        }
        return figures;
    }

    private void close() {
        filled.tearDown();
        bench.tearDown();
    }
}
