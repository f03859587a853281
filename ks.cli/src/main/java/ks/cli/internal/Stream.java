package ks.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import ks.api.io.DeviceInterface;
import ks.api.ks.KsClient;
import ks.gst.GStreamer;

/**
 * {@code ks stream --to udp://HOST:PORT}: sends a capture device's frames as RTP (JPEG payload,
 * RFC 2435) through GStreamer's rtpjpegpay and udpsink, until the frame count or duration is
 * reached or the command is interrupted, and prints the gst-launch line that receives it.
 */
final class Stream {

    static final String USAGE = "ks stream --to udp://HOST:PORT [--device D] [--format FOURCC] [--size WxH] [--fps F] "
            + "[--control NAME=VALUE,...] [--frames N | --duration SECONDS]";

    private Stream() {
    }

    static int run(KsClient client, GStreamer gst, String[] args, PrintStream out, PrintStream err) {
        return GstJob.exitCode("stream", out, err, () -> stream(client, gst, args, out));
    }

    private static int stream(KsClient client, GStreamer gst, String[] args, PrintStream out) throws CliException, InterruptedException {
        Options o = Options.parse("stream", USAGE, args,
                Set.of("--to", "--device", "--format", "--size", "--fps", "--control", "--frames", "--duration"), Set.of(), 0);
        if (!o.has("--to")) {
            throw o.usage("--to udp://HOST:PORT is required");
        }
        URI to = destination(o, o.string("--to", null));
        Capture.checkValues(o);
        GstJob.requireGStreamer(gst, "stream", "videoconvert", "jpegenc", "rtpjpegpay", "udpsink");
        GstJob.Source source = GstJob.rawOrJpeg(client, "stream", o, "cannot be sent as RTP JPEG");
        DeviceInterface device = source.device();
        VideoMode mode = source.mode();
        int frames = o.has("--frames") || o.has("--duration") ? GstJob.frames(o, mode, 0) : -1;
        String description = source.kssrc() + " num-buffers=" + frames + " ! " + mode.caps() + " ! "
                + (mode.jpeg() ? "" : "videoconvert ! jpegenc ! ") + "rtpjpegpay ! udpsink host=" + to.getHost() + " port=" + to.getPort();
        out.println("streaming " + mode + " from " + device.friendlyName() + " to " + to + " as RTP/JPEG"
                + (frames > 0 ? " (" + frames + " frames)" : " (Ctrl-C to stop)"));
        out.println("receive with: gst-launch-1.0 udpsrc port=" + to.getPort()
                + " caps=\"application/x-rtp,media=video,encoding-name=JPEG,clock-rate=90000,payload=26\""
                + " ! rtpjpegdepay ! jpegdec ! videoconvert ! autovideosink");
        long timeout = frames > 0 ? GstJob.timeoutSeconds(frames, mode.fps()) : Long.MAX_VALUE / 2_000_000_000L;
        GstJob.Result r = GstJob.run(client, description, Math.max(0, frames), timeout, mode.fps(), out);
        if (r.error() != null) {
            throw new CliException(CliException.FAILED, "ks stream: " + r.error());
        }
        out.println(String.format(java.util.Locale.ROOT, "sent %d frames in %.1f s, %d dropped", r.frames(), r.seconds(), r.dropped()));
        return 0;
    }

    private static URI destination(Options o, String value) throws CliException {
        try {
            URI u = new URI(value);
            if ("udp".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0 && u.getPort() <= 65535) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw o.usage("--to takes udp://HOST:PORT, e.g. udp://127.0.0.1:5000, not '" + value + "'");
    }
}
