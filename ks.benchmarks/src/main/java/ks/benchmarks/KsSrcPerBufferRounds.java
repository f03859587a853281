package ks.benchmarks;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import ks.gst.KsPipelines;

/**
 * What one buffer costs through kssrc, against GStreamer's own videotestsrc, side by side in
 * rounds: each round runs {@code kssrc ! fakesink} (an unpaced 64x48 YUY2 virtual camera, so the
 * time is the per-buffer path of the UVC driver, KS, the JNA vfunc and the buffer hand-over, not
 * the frame copy) and {@code videotestsrc ! video/x-raw,format=YUY2,width=64,height=48 ! fakesink}
 * (pattern=black, the cheapest it draws), in alternating order. Prints the median microseconds per
 * buffer of each and, per round, kssrc's time over videotestsrc's: the median ratio with its 95 %
 * bootstrap interval and the 10th and 90th percentiles, and the per-buffer difference.
 *
 * <pre>java -cp ks.benchmarks/target/benchmarks.jar ks.benchmarks.KsSrcPerBufferRounds [ROUNDS [WARMUP [BUFFERS]]]</pre>
 */
public final class KsSrcPerBufferRounds {

    private KsSrcPerBufferRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int buffers = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        double[] ks = new double[rounds];
        double[] test = new double[rounds];
        try (GstRig rig = new GstRig()) {
            rig.plug("Unpaced Camera", "iso", "64x48", 30, false);
            for (int r = 0; r < warmup + rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    boolean kssrc = (r + k) % 2 == 0;
                    long t0 = System.nanoTime();
                    if (kssrc) {
                        try (KsPipelines.Launched l = KsPipelines.launch(rig.client, "kssrc device=\"Unpaced Camera\" num-buffers=" + buffers
                                + " ! fakesink sync=false")) {
                            l.play();
                            if (!"EOS".equals(l.await(120, TimeUnit.SECONDS))) {
                                throw new IllegalStateException("kssrc did not reach EOS");
                            }
                        }
                    } else {
                        videotestsrc(buffers);
                    }
                    double us = (System.nanoTime() - t0) / 1e3 / buffers;
                    if (r >= warmup) {
                        (kssrc ? ks : test)[r - warmup] = us;
                    }
                }
            }
        }
        double[] ratio = new double[rounds];
        double[] diff = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = ks[r] / test[r];
            diff[r] = ks[r] - test[r];
        }
        double[] ci = Percentiles.medianInterval(ratio);
        System.out.printf(Locale.ROOT, "%d rounds of %d buffers (64x48 YUY2) after %d warm-up rounds, µs per buffer (median):%n"
                + "  kssrc        %6.2f%n  videotestsrc %6.2f%n  kssrc - videotestsrc: median %.2f µs (p10 %.2f, p90 %.2f)%n"
                + "  ratio kssrc / videotestsrc: median %.2f (95 %% interval of the median %.2f-%.2f), p10 %.2f, p90 %.2f%n",
                rounds, buffers, warmup, Percentiles.median(ks), Percentiles.median(test), Percentiles.median(diff), Percentiles.of(diff, 10),
                Percentiles.of(diff, 90), Percentiles.median(ratio), ci[0], ci[1], Percentiles.of(ratio, 10), Percentiles.of(ratio, 90));
    }

    private static void videotestsrc(int buffers) throws InterruptedException {
        GstRig.runToEos("videotestsrc pattern=black num-buffers=" + buffers + " ! video/x-raw,format=YUY2,width=64,height=48 ! fakesink sync=false");
    }
}
