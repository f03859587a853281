package ks.gst;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.freedesktop.gstreamer.Structure;

import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsVideo;

/**
 * KS video data ranges and formats as GStreamer caps strings, and back: YUY2, UYVY, NV12, I420 as
 * {@code video/x-raw}, MJPG as {@code image/jpeg}, H264 as {@code video/x-h264} (byte-stream, AU
 * aligned), bottom-up RGB24/RGB32 as BGR/BGRx. Frame rates are the fractions of the frame
 * intervals (100 ns units), with NTSC rates as n×1000/1001.
 */
public final class KsCaps {

    /** One caps structure of a KS range or format, parsed back for intersection. */
    public record Mode(UUID subtype, int width, int height, int bitCount, long minInterval, long maxInterval, long defaultInterval) {
    }

    private KsCaps() {
    }

    /** The caps media type and format of a subtype, or null for one GStreamer has no name for. */
    public static String mediaType(UUID subtype) {
        if (subtype.equals(KsGuids.MEDIASUBTYPE_YUY2)) {
            return "video/x-raw,format=YUY2";
        }
        if (subtype.equals(KsGuids.MEDIASUBTYPE_NV12)) {
            return "video/x-raw,format=NV12";
        }
        if (subtype.equals(KsGuids.fourccSubtype("UYVY"))) {
            return "video/x-raw,format=UYVY";
        }
        if (subtype.equals(KsGuids.fourccSubtype("I420"))) {
            return "video/x-raw,format=I420";
        }
        if (subtype.equals(KsGuids.MEDIASUBTYPE_MJPG)) {
            return "image/jpeg";
        }
        if (subtype.equals(KsGuids.MEDIASUBTYPE_H264)) {
            return "video/x-h264,stream-format=byte-stream,alignment=au";
        }
        if (subtype.equals(KsGuids.MEDIASUBTYPE_RGB24)) {
            return "video/x-raw,format=BGR";
        }
        if (subtype.equals(KsGuids.MEDIASUBTYPE_RGB32)) {
            return "video/x-raw,format=BGRx";
        }
        return null;
    }

    /** The subtype of a caps structure's media type and format, or null. */
    static UUID subtype(String mediaType, String format) {
        switch (mediaType) {
            case "image/jpeg":
                return KsGuids.MEDIASUBTYPE_MJPG;
            case "video/x-h264":
                return KsGuids.MEDIASUBTYPE_H264;
            case "video/x-raw":
                if (format == null) {
                    return null;
                }
                switch (format) {
                    case "YUY2": return KsGuids.MEDIASUBTYPE_YUY2;
                    case "NV12": return KsGuids.MEDIASUBTYPE_NV12;
                    case "UYVY": return KsGuids.fourccSubtype("UYVY");
                    case "I420": return KsGuids.fourccSubtype("I420");
                    case "BGR": return KsGuids.MEDIASUBTYPE_RGB24;
                    case "BGRx": return KsGuids.MEDIASUBTYPE_RGB32;
                    default: return null;
                }
            default:
                return null;
        }
    }

    /** 10⁷/interval as a GStreamer fraction: n/1 for whole rates, n·1000/1001 for NTSC ones. */
    public static String fraction(long interval100ns) {
        if (interval100ns <= 0) {
            return "0/1";
        }
        double fps = 1e7 / interval100ns;
        // an interval is a whole number of 100 ns, so a rate read back from one is off by at most
        // 0.5 / interval (6e-6 of it at 120 fps); the NTSC rates lie 1/1001 (1e-3) below the whole
        // ones, so a tolerance of 1e-4 tells the two apart at every rate
        long whole = Math.round(fps);
        if (Math.abs(fps - whole) < 1e-4 * fps) {
            return whole + "/1";
        }
        long ntsc = Math.round(fps * 1.001);
        if (Math.abs(fps * 1.001 - ntsc) < 1e-4 * fps) {
            return ntsc * 1000 + "/1001";
        }
        return "10000000/" + interval100ns;
    }

    /** Frame interval (100 ns) of a fraction n/d frames per second. */
    public static long interval(int numerator, int denominator) {
        return numerator <= 0 ? 0 : Math.round(1e7 * denominator / numerator);
    }

    /** One caps structure for a KS_DATARANGE_VIDEO or KS_DATAFORMAT_VIDEOINFOHEADER, or null. */
    public static String structure(ByteBuffer rangeOrFormat) {
        String media = mediaType(KsDataFormat.subFormat(rangeOrFormat));
        if (media == null) {
            return null;
        }
        int w = KsVideo.width(rangeOrFormat);
        int h = Math.abs(KsVideo.height(rangeOrFormat));
        StringBuilder s = new StringBuilder(media);
        if (KsVideo.isVideoRange(rangeOrFormat) && KsVideo.isSizeRange(rangeOrFormat)) {
            int[] o = KsVideo.outputSizes(rangeOrFormat); // GStreamer's int range with a step: [min, max, step]
            s.append(",width=(int)[").append(o[0]).append(',').append(o[2]).append(o[4] > 1 ? "," + o[4] : "").append(']')
                    .append(",height=(int)[").append(o[1]).append(',').append(o[3]).append(o[5] > 1 ? "," + o[5] : "").append(']');
        } else {
            s.append(",width=(int)").append(w).append(",height=(int)").append(h);
        }
        if (KsVideo.isVideoRange(rangeOrFormat)) {
            long min = KsVideo.minFrameInterval(rangeOrFormat);
            long max = KsVideo.maxFrameInterval(rangeOrFormat);
            if (min == max || max == 0) {
                s.append(",framerate=(fraction)").append(fraction(min));
            } else {
                s.append(",framerate=(fraction)[").append(fraction(max)).append(',').append(fraction(min)).append(']');
            }
        } else {
            s.append(",framerate=(fraction)").append(fraction(KsVideo.avgTimePerFrame(rangeOrFormat)));
        }
        return s.toString();
    }

    /** Caps for a pin's data ranges: one structure per range GStreamer can name, in the pin's order. */
    public static String caps(List<ByteBuffer> ranges) {
        List<String> parts = new ArrayList<>();
        for (ByteBuffer r : ranges) {
            String s = structure(r);
            if (s != null && !parts.contains(s)) {
                parts.add(s);
            }
        }
        return parts.isEmpty() ? "EMPTY" : String.join("; ", parts);
    }

    /**
     * The KS client range that asks a pin for this fixed mode. A rate of n/d fps is an interval of
     * 10^7·d/n × 100 ns, which is rarely whole: cameras truncate it (UVC's dwFrameInterval for 15 fps
     * is 666666), {@link #interval} rounds it (666667). So the range takes the interval one unit
     * either side; intersection then picks the asked interval where the pin offers it and the pin's
     * own otherwise. An interval of 0 asks for any rate (the pin's default).
     */
    public static ByteBuffer clientRange(UUID subtype, int width, int height, int bitCount, long interval) {
        if (interval <= 0) {
            return KsVideo.range(subtype, width, height, bitCount, 0, 0, 0, 0);
        }
        return KsVideo.range(subtype, width, height, bitCount, interval, Math.max(1, interval - 1), interval + 1, 0);
    }

    /**
     * The client range for one caps structure (kssrc's negotiated caps, kssink's input caps): its
     * subtype and size, and its frame rate when it is one fraction (absent or a range: any); null
     * when KS has no name for the format or the size is missing or not positive.
     */
    static ByteBuffer clientRange(Structure s) {
        UUID subtype = subtype(s.getName(), s.hasField("format") ? s.getString("format") : null);
        if (subtype == null || !s.hasField("width") || !s.hasField("height")) {
            return null;
        }
        long interval;
        try {
            var f = s.getFraction("framerate");
            interval = interval(f.getNumerator(), f.getDenominator());
        } catch (RuntimeException e) {
            interval = 0; // absent or a range
        }
        int w = s.getInteger("width");
        int h = s.getInteger("height");
        return w > 0 && h > 0 ? clientRange(subtype, w, h, 0, interval) : null;
    }

    /** "YUY2 640x480 @ 30/1" for messages. */
    static String describe(UUID subtype, int width, int height, long interval) {
        return String.format(Locale.ROOT, "%s %dx%d @ %s", KsVideo.describe(KsVideo.format(subtype, width, height, 16, interval, 0))
                .split(" ")[0], width, height, fraction(interval));
    }
}
