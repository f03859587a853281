package ks.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Version;

import ks.devices.usbvideo.rig.CameraRig;

/** The shared {@link CameraRig} (verifier off) and GStreamer, with YUY2 cameras plugged in by name. */
final class GstRig extends CameraRig {

    private int next;

    GstRig() {
        super(false);
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "ks-benchmarks");
        }
    }

    /** Runs a description GStreamer alone parses (no ks element in it) until its EOS, two minutes at most. */
    static void runToEos(String description) throws InterruptedException {
        Pipeline p = (Pipeline) Gst.parseLaunch(description);
        CountDownLatch done = new CountDownLatch(1);
        Bus.EOS eos = source -> done.countDown();
        p.getBus().connect(eos);
        p.play();
        boolean ended = done.await(120, TimeUnit.SECONDS);
        p.stop();
        p.getBus().disconnect(eos);
        p.dispose();
        if (!ended) {
            throw new IllegalStateException("no EOS within 120 s: " + description);
        }
    }

    /** Plugs a YUY2 camera named {@code name} and waits for its interface. */
    void plug(String name, String transfer, String size, int fps, boolean paced) throws InterruptedException {
        plug(spec(name, 0x0100 + next++, "1.1", transfer, paced, "YUY2", size, fps));
        await(name);
    }
}
