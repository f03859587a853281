package ks.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import ks.gst.KsPipelines;
import ks.gst.KsSrc;

/**
 * The latency kssrc adds at 30 fps live: for each frame, the time from the completion of its read
 * (the UVC driver finished the frame) to the return of its push into the pipeline, over a paced
 * 640x480 YUY2 virtual camera streaming into {@code videoconvert ! fakesink sync=true}. Prints
 * the percentiles of all frames after the first two seconds.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.KsSrcLatency [FRAMES]</pre>
 */
public final class KsSrcLatency {

    /** The first two seconds (class loading, JIT compilation) are not counted. */
    private static final int WARMUP_FRAMES = 60;

    private KsSrcLatency() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 900;
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
            }
        }
        int warmup = Math.min(WARMUP_FRAMES, n[0] / 2);
        long[] s = Arrays.copyOfRange(samples, warmup, n[0]);
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "kssrc completion-to-push latency, %d frames at 30 fps after %d warm-up frames:"
                + " p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n", s.length, warmup, pct(s, 50), pct(s, 90), pct(s, 99),
                s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
