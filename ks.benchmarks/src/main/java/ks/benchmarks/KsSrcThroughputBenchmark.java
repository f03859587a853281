package ks.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pipelines of {@link ThroughputRig}, each operation one whole run of 300 frames of 1080p YUY2:
 * {@code kssrcIso} / {@code kssrcBulk} from the unpaced isochronous / bulk virtual camera through
 * kssrc, {@code filesrc} GStreamer's own filesrc on the same frames. Frames per second = 300 /
 * score; the ratio kssrc / filesrc of frames per second is filesrc's time over kssrc's. {@code kssrcOneFrame} runs the bulk pipeline for one frame: the
 * fixed cost of starting and stopping it, part of every {@code kssrcBulk} run.
 *
 * <p>Each operation runs the per-stream code (negotiation, pipeline parsing, pin creation) once and
 * the per-frame code 300 times, so the JIT needs many operations before it stops compiling: with 3
 * warm-up runs the compiler threads still took 16–30 % of the CPU during measurement (async-profiler,
 * {@code -XX:+PrintCompilation}: dozens of compilations per run until about the 30th). The warm-up is
 * therefore 40 runs; GStreamer's filesrc, native code, is unaffected by it.
 *
 * <p>JMH runs all iterations of one benchmark before the next, so a slow phase of the machine
 * lands on one side of the ratio; {@link KsSrcThroughputRounds} alternates the pipelines instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class KsSrcThroughputBenchmark {

    static final int FRAMES = ThroughputRig.FRAMES;

    private ThroughputRig rig;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        rig = new ThroughputRig();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        rig.close();
    }

    @Benchmark
    public void kssrcIso() throws InterruptedException {
        rig.kssrc(ThroughputRig.ISO, FRAMES);
    }

    @Benchmark
    public void kssrcBulk() throws InterruptedException {
        rig.kssrc(ThroughputRig.BULK, FRAMES);
    }

    /** One frame: the fixed cost of starting and stopping a kssrc pipeline, included in each 300-frame run. */
    @Benchmark
    public void kssrcOneFrame() throws InterruptedException {
        rig.kssrc(ThroughputRig.BULK, 1);
    }

    @Benchmark
    public void filesrc() throws InterruptedException {
        rig.filesrc();
    }
}
