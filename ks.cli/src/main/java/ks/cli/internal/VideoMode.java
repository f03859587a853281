package ks.cli.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsVideo;
import ks.gst.KsCaps;
import ks.gst.KsDevices;

/**
 * A capture mode (format, size, frame rate) chosen from a device's data ranges for what the user
 * asked, and the GStreamer caps that make kssrc negotiate exactly it.
 */
record VideoMode(String format, UUID subtype, int width, int height, double fps, String media) {

    /** One video data range of the device's capture pin. */
    record Range(String format, UUID subtype, int width, int height, double minFps, double maxFps, ByteBuffer source) {

        Range(String format, UUID subtype, int width, int height, double minFps, double maxFps) {
            this(format, subtype, width, height, minFps, maxFps, null);
        }

        /**
         * A KS_DATARANGE_VIDEO: FOURCC, RGB24/RGB32 (or GUID), its (default) size, and the rates of
         * its slowest and fastest interval; a size range keeps its grid.
         */
        static Range of(ByteBuffer range) {
            UUID subtype = ks.api.ks.KsDataFormat.subFormat(range);
            long slowest = KsVideo.maxFrameInterval(range);
            long fastest = KsVideo.minFrameInterval(range);
            return new Range(KsGuids.subtypeName(subtype), subtype, KsVideo.width(range), Math.abs(KsVideo.height(range)),
                    slowest > 0 ? 1e7 / slowest : 0, fastest > 0 ? 1e7 / fastest : 0, KsVideo.isSizeRange(range) ? range : null);
        }

        /** Whether the range offers {@code w} x {@code h}: its size, or a size on its grid. */
        boolean offersSize(int w, int h) {
            return source == null ? width == w && height == h : KsVideo.offersSize(source, w, h);
        }

        boolean offers(double fps) {
            return fps >= minFps * 0.9995 && fps <= maxFps * 1.0005;
        }

        /**
         * The rate of this range that {@code fps} asks for: {@code fps} itself, or for a whole
         * number the NTSC rate beside it (30 asks for 30000/1001 = 29.97 from a camera that only
         * has that, as 29.97 does), else 0 when the range has neither.
         */
        double rateFor(double fps) {
            if (offers(fps)) {
                return fps;
            }
            double ntsc = fps * 1000 / 1001;
            return Math.abs(fps - Math.rint(fps)) < 1e-9 && offers(ntsc) ? ntsc : 0;
        }

        @Override
        public String toString() {
            String rate = Math.abs(maxFps - minFps) < 0.01 ? fps(maxFps) + " fps" : fps(minFps) + " to " + fps(maxFps) + " fps";
            if (source != null) {
                int[] o = KsVideo.outputSizes(source);
                return String.format(Locale.ROOT, "%s %dx%d to %dx%d in steps of %dx%d (default %dx%d), %s", format, o[0], o[1], o[2], o[3],
                        o[4], o[5], width, height, rate);
            }
            return String.format(Locale.ROOT, "%s %dx%d, %s", format, width, height, rate);
        }
    }

    /** The capture pin's video ranges whose format GStreamer can carry. */
    static List<Range> ranges(KsClient client, DeviceInterface device) throws KsStatusException {
        FileObject filter = client.openFilter(device.symbolicLink());
        try {
            int pin = KsDevices.pin(client, filter, KsProperty.KSPIN_DATAFLOW_OUT);
            List<Range> out = new ArrayList<>();
            for (ByteBuffer r : client.dataRanges(filter, pin)) {
                if (KsVideo.isVideoRange(r) && KsCaps.mediaType(ks.api.ks.KsDataFormat.subFormat(r)) != null) {
                    out.add(Range.of(r));
                }
            }
            return out;
        } finally {
            client.io().closeFile(filter);
        }
    }

    /**
     * The first range matching {@code format} (case-insensitive FOURCC, or null for any),
     * {@code size} (or null) and {@code fps} (0: the range's fastest rate).
     *
     * @throws CliException UNSUPPORTED listing what the device offers
     */
    static VideoMode choose(List<Range> ranges, String deviceName, String format, int[] size, double fps) throws CliException {
        for (Range r : ranges) {
            if (format != null && !r.format.equalsIgnoreCase(format)) {
                continue;
            }
            if (size != null && !r.offersSize(size[0], size[1])) {
                continue;
            }
            double rate = fps > 0 ? r.rateFor(fps) : r.maxFps;
            if (rate == 0) {
                continue;
            }
            return new VideoMode(r.format, r.subtype, size != null ? size[0] : r.width, size != null ? size[1] : r.height, rate,
                    KsCaps.mediaType(r.subtype));
        }
        StringBuilder m = new StringBuilder("'" + deviceName + "' offers no ");
        m.append(format != null ? format.toUpperCase(Locale.ROOT) : "video");
        if (size != null) {
            m.append(' ').append(size[0]).append('x').append(size[1]);
        }
        if (fps > 0) {
            m.append(" at ").append(fps(fps)).append(" fps");
        }
        m.append("; it offers:");
        for (Range r : ranges) {
            m.append("\n  ").append(r);
        }
        throw new CliException(CliException.UNSUPPORTED, m.toString());
    }

    boolean raw() {
        return media.startsWith("video/x-raw");
    }

    boolean jpeg() {
        return media.startsWith("image/jpeg");
    }

    /** Caps that pin kssrc to this mode. */
    String caps() {
        return media + ",width=" + width + ",height=" + height + ",framerate=" + KsCaps.fraction(KsVideo.interval(fps));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %dx%d at %s fps", format, width, height, fps(fps));
    }

    static String fps(double fps) {
        return Math.abs(fps - Math.rint(fps)) < 0.005 ? String.valueOf((long) Math.rint(fps)) : String.format(Locale.ROOT, "%.2f", fps);
    }
}
