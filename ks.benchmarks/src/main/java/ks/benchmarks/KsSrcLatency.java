package ks.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import ks.gst.KsPipelines;
import ks.gst.KsSrc;

/**
 * The latency kssrc adds at 30 fps live: for each frame, the time from the completion of its read
 * (the UVC driver finished the frame) to the moment create() hands its buffer to GStreamer (the
 * streaming thread woken and the buffer filled in), over a paced
 * 640x480 YUY2 virtual camera streaming into {@code videoconvert ! fakesink sync=true}. Prints
 * the percentiles of the frames after the warm-up, and those of the warm-up apart.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.KsSrcLatency [FRAMES [WARMUP_FRAMES]]</pre>
 *
 * <p>The warm-up is 20 seconds (600 frames) by default. At 30 frames a second the per-frame code
 * becomes hot slowly, so the JIT keeps compiling long after the first frames: in a two-minute run
 * ({@code -XX:+LogCompilation}) 1,574 methods were compiled in the first 15 seconds, 106 in the
 * next 15 and about 10 in each 15 seconds after that. The compiler threads then hold this
 * 2-core machine's CPUs, and every frame slower than 1 ms in a 30-second run came within 40 ms
 * after a compilation.
 */
public final class KsSrcLatency {

    /** The first 20 seconds (class loading, JIT compilation) are reported apart. */
    private static final int WARMUP_FRAMES = 600;

    private KsSrcLatency() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 3600;
        int warmupFrames = args.length > 1 ? Integer.parseInt(args[1]) : WARMUP_FRAMES;
        long[] samples = new long[frames + 64];
        int[] n = new int[1];
        try (GstRig rig = new GstRig()) {
            rig.plug("Latency Camera", "iso", "640x480", 30, true);
            try (KsPipelines.Launched l = KsPipelines.launch(rig.client, "kssrc device=\"Latency Camera\" num-buffers=" + frames
                    + " ! video/x-raw,format=YUY2,width=640,height=480,framerate=30/1 ! videoconvert ! fakesink sync=true")) {
                KsSrc src = l.sources().get(0);
                src.latencyProbe(ns -> {
                    if (n[0] < samples.length) {
                        samples[n[0]++] = ns;
                    }
                });
                l.play();
                String end = l.await(frames / 30 + 30, TimeUnit.SECONDS);
                if (!"EOS".equals(end)) {
                    throw new IllegalStateException("the run ended with " + end);
                }
                System.out.printf(Locale.ROOT, "frames: %d%n", src.frames());
            }
        }
        int warmup = Math.min(warmupFrames, n[0] / 2);
        print("warm-up", Arrays.copyOfRange(samples, 0, warmup));
        print("after the warm-up", Arrays.copyOfRange(samples, warmup, n[0]));
    }

    private static void print(String what, long[] s) {
        if (s.length == 0) {
            return;
        }
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "kssrc completion-to-create latency, %s, %d frames at 30 fps:"
                + " p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n", what, s.length, pct(s, 50), pct(s, 90), pct(s, 99),
                s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Percentiles.index(sorted.length, p)] / 1e6;
    }
}
