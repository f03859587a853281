package ks.gst;

/**
 * Present as a service while GStreamer is initialised in the framework. Code that builds pipelines
 * (kssrc, kssink, {@link KsPipelines}) inside a container references this service rather than
 * initialising GStreamer itself; outside a container, {@link #initialise()} does it once per process.
 */
public interface GStreamer {

    /** The GStreamer library version, e.g. "1.22.0". */
    String version();

    /**
     * Initialises GStreamer for this process if nothing has (GStreamer 1.16 or later required).
     *
     * @return the library version
     * @throws IllegalStateException naming the Debian package to install when the library or its
     *     base plugins cannot be loaded
     */
    static String initialise() {
        return Runtime.initialise();
    }

    /** The Debian packages behind the elements ks pipelines use, for "install ..." messages. */
    static String packageOf(String element) {
        return Runtime.packageOf(element);
    }

    /** Holder of the process-wide initialisation (interfaces cannot have private static state). */
    final class Runtime {
        private Runtime() {
        }

        static synchronized String initialise() {
            try {
                if (!org.freedesktop.gstreamer.Gst.isInitialized()) {
                    org.freedesktop.gstreamer.Gst.init(org.freedesktop.gstreamer.Version.of(1, 16), "ks");
                }
                return org.freedesktop.gstreamer.Gst.getVersionString().replaceFirst("^GStreamer ", "");
            } catch (LinkageError | org.freedesktop.gstreamer.GstException e) {
                throw new IllegalStateException("GStreamer 1.16 or later is not installed (" + e.getMessage()
                        + "); install it with: apt-get install gstreamer1.0-plugins-base gstreamer1.0-plugins-good", e);
            }
        }

        static String packageOf(String element) {
            switch (element) {
                case "videoconvert": case "videoscale": case "appsrc": case "appsink": case "rawvideoparse": case "oggmux":
                case "theoraenc": case "videorate": case "decodebin":
                    return "gstreamer1.0-plugins-base";
                case "jpegenc": case "jpegdec": case "jpegparse": case "pngenc": case "matroskamux": case "avimux": case "mp4mux":
                case "qtmux": case "vp8enc": case "rtpjpegpay": case "rtpvrawpay": case "udpsink": case "udpsrc":
                    return "gstreamer1.0-plugins-good";
                case "x264enc":
                    return "gstreamer1.0-plugins-ugly";
                default:
                    return "gstreamer1.0-plugins-good gstreamer1.0-plugins-bad";
            }
        }
    }
}
