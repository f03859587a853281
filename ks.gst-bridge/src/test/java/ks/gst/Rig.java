package ks.gst;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.rig.CameraRig;

/** The shared {@link CameraRig} with the verifier on, and GStreamer initialised. */
final class Rig extends CameraRig {

    static synchronized void gst() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "ks-gst-test");
        }
    }

    Rig() {
        super(true);
        gst();
    }

    static VirtualCameraSpec spec(String format, String size, int fps, boolean paced, String... faults) {
        return CameraRig.spec("Gst Camera", 0x0001, "1.1", "iso", paced, format, size, fps, faults);
    }
}
