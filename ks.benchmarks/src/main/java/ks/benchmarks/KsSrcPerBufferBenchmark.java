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

import ks.gst.KsPipelines;

/**
 * What one buffer costs through kssrc against GStreamer's own videotestsrc: each operation is one
 * whole pipeline of {@value #BUFFERS} 64x48 YUY2 buffers into a fakesink, {@code kssrc} from an
 * unpaced virtual camera (the per-buffer path of the UVC driver, KS, the JNA create vfunc and the
 * buffer hand-over), {@code videotestsrc} drawing black. µs per buffer = score × 1000 / BUFFERS;
 * with {@code -prof gc}, bytes per buffer = gc.alloc.rate.norm / BUFFERS. {@link KsSrcPerBufferRounds}
 * alternates the two pipelines round by round for the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class KsSrcPerBufferBenchmark {

    static final int BUFFERS = 5000;

    private GstRig rig;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        rig = new GstRig();
        rig.plug("Unpaced Camera", "iso", "64x48", 30, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rig.close();
    }

    @Benchmark
    public void kssrc() throws InterruptedException {
        try (KsPipelines.Launched l = KsPipelines.launch(rig.client, "kssrc device=\"Unpaced Camera\" num-buffers=" + BUFFERS
                + " ! fakesink sync=false")) {
            l.play();
            if (!"EOS".equals(l.await(120, TimeUnit.SECONDS))) {
                throw new IllegalStateException("kssrc did not reach EOS");
            }
        }
    }

    @Benchmark
    public void videotestsrc() throws InterruptedException {
        GstRig.runToEos("videotestsrc pattern=black num-buffers=" + BUFFERS + " ! video/x-raw,format=YUY2,width=64,height=48"
                + " ! fakesink sync=false");
    }
}
