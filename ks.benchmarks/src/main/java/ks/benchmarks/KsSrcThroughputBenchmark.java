package ks.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
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

import ks.gst.KsPipelines;

/**
 * 300 frames of 1920x1080 YUY2 (4,147,200 bytes each) into a fakesink, each operation one whole
 * pipeline run to EOS: {@code kssrcIso} / {@code kssrcBulk} from an unpaced virtual UVC camera
 * (isochronous: 3,060-byte payloads, 32 per transfer; bulk: 32 KB payloads, one per transfer)
 * through the UVC driver, KS and kssrc; {@code filesrc} GStreamer's own {@code filesrc} (one frame per
 * read) {@code ! rawvideoparse} on the same 300 frames, recorded by kssrc into tmpfs (/dev/shm) at
 * setup. Frames per second = 300 / score; the ratio kssrc / filesrc of frames per second is
 * filesrc's time over kssrc's. {@code kssrcOneFrame} runs the bulk pipeline for one frame: the
 * fixed cost of starting and stopping it, part of every {@code kssrcBulk} run.
 *
 * <p>Each operation runs the per-stream code (negotiation, pipeline parsing, pin creation) once and
 * the per-frame code 300 times, so the JIT needs many operations before it stops compiling: with 3
 * warm-up runs the compiler threads still took 16–30 % of the CPU during measurement (async-profiler,
 * {@code -XX:+PrintCompilation}: dozens of compilations per run until about the 30th). The warm-up is
 * therefore 40 runs; GStreamer's filesrc, native code, is unaffected by it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class KsSrcThroughputBenchmark {

    static final int FRAMES = 300;
    private static final String CAPS = "video/x-raw,format=YUY2,width=1920,height=1080";

    private GstRig rig;
    private Path frames;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        rig = new GstRig();
        rig.plug("Bench Iso", "iso", "1920x1080", 30, false);
        rig.plug("Bench Bulk", "bulk", "1920x1080", 30, false);
        Path shm = Path.of("/dev/shm");
        frames = Files.createTempFile(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "ks-bench-", ".yuy2");
        run("kssrc device=\"Bench Iso\" num-buffers=" + FRAMES + " ! " + CAPS + " ! filesink location=" + frames);
        long expected = (long) FRAMES * 1920 * 1080 * 2;
        if (Files.size(frames) != expected) {
            throw new IllegalStateException("recorded " + Files.size(frames) + " bytes, not " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        rig.close();
        Files.deleteIfExists(frames);
    }

    private void run(String description) throws InterruptedException {
        try (KsPipelines.Launched l = KsPipelines.launch(rig.client, description)) {
            l.play();
            String end = l.await(120, TimeUnit.SECONDS);
            if (!"EOS".equals(end)) {
                throw new IllegalStateException(description + ": " + end);
            }
        }
    }

    @Benchmark
    public void kssrcIso() throws InterruptedException {
        run("kssrc device=\"Bench Iso\" num-buffers=" + FRAMES + " ! " + CAPS + " ! fakesink sync=false");
    }

    @Benchmark
    public void kssrcBulk() throws InterruptedException {
        run("kssrc device=\"Bench Bulk\" num-buffers=" + FRAMES + " ! " + CAPS + " ! fakesink sync=false");
    }

    /** One frame: the fixed cost of starting and stopping a kssrc pipeline, included in each 300-frame run. */
    @Benchmark
    public void kssrcOneFrame() throws InterruptedException {
        run("kssrc device=\"Bench Bulk\" num-buffers=1 ! " + CAPS + " ! fakesink sync=false");
    }

    @Benchmark
    public void filesrc() throws InterruptedException {
        Pipeline p = (Pipeline) Gst.parseLaunch("filesrc location=" + frames + " blocksize=" + (1920 * 1080 * 2)
                + " ! rawvideoparse format=yuy2 width=1920 height=1080 framerate=30/1 ! fakesink sync=false");
        CountDownLatch done = new CountDownLatch(1);
        Bus.EOS eos = source -> done.countDown();
        p.getBus().connect(eos);
        p.play();
        boolean ended = done.await(120, TimeUnit.SECONDS);
        p.stop();
        p.getBus().disconnect(eos);
        p.dispose();
        if (!ended) {
            throw new IllegalStateException("filesrc did not reach EOS");
        }
    }
}
