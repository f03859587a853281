package ks.benchmarks;

import org.freedesktop.gstreamer.Gst;
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

    /** Plugs a YUY2 camera named {@code name} and waits for its interface. */
    void plug(String name, String transfer, String size, int fps, boolean paced) throws InterruptedException {
        plug(spec(name, 0x0100 + next++, "1.1", transfer, paced, "YUY2", size, fps));
        await(name);
    }
}
