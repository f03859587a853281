package ks.devices.usbvideo.internal.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a virtual UVC camera offers: identity, UVC version, transfer type, formats with their
 * frame sizes and rates, pacing, and the faults it injects.
 *
 * @param bcdUVC 0x0100, 0x0110 or 0x0150
 * @param paced true: frames at the nominal rate; false: as fast as the host takes them
 * @param picture what the frames show under the frame number
 */
public record VirtualCameraSpec(String name, int vendorId, int productId, int bcdUVC, boolean bulk, boolean paced,
        List<FormatSpec> formats, Faults faults, TestPattern.Picture picture) {

    /** What a format's frames are. */
    public enum Kind {
        /** Uncompressed 4:2:2, two bytes a pixel. */
        YUY2,
        /** Uncompressed 4:2:0, a luma plane then interleaved Cb/Cr at half resolution: 12 bits a pixel. */
        NV12,
        MJPEG;

        /** {@code YUY2}, {@code NV12}, {@code MJPG} or {@code MJPEG}, any case. */
        public static Kind parse(String name) {
            String u = name.trim().toUpperCase(Locale.ROOT);
            switch (u) {
                case "YUY2": return YUY2;
                case "NV12": return NV12;
                case "MJPG":
                case "MJPEG": return MJPEG;
                default: throw new IllegalArgumentException("format '" + name + "': use YUY2, NV12 or MJPG");
            }
        }
    }

    /** One format, each size with every rate. */
    public record FormatSpec(Kind kind, List<int[]> sizes, List<Integer> fps) {
        public FormatSpec {
            sizes = List.copyOf(sizes);
            fps = List.copyOf(fps);
        }

        public boolean mjpeg() {
            return kind == Kind.MJPEG;
        }

        /** bBitsPerPixel of an uncompressed format (16 for YUY2, 12 for NV12); MJPEG frames are sized as YUY2. */
        public int bitsPerPixel() {
            return kind == Kind.NV12 ? 12 : 16;
        }

        /** dwMaxVideoFrameSize of a {@code width × height} frame. */
        public long frameBytes(int width, int height) {
            return (long) width * height * bitsPerPixel() / 8;
        }
    }

    /**
     * Faults, each every {@code n}-th frame (0: never): a dropped payload, FID toggled early, the ERR
     * bit, a truncated payload; a STALL on SET_CUR(PROBE); a disconnect after {@code disconnectAfter}
     * frames; after {@code freezeAfter} frames no more video while the camera stays plugged in (a hung
     * camera).
     */
    public record Faults(int dropPayload, int earlyFid, int errorBit, int truncate, boolean stallProbe, int disconnectAfter,
            int freezeAfter) {
        public static final Faults NONE = new Faults(0, 0, 0, 0, false, 0, 0);

        /** Parses {@code drop-payload=N, early-fid=N, err=N, truncate=N, stall-probe, disconnect-after=N, freeze-after=N}. */
        public static Faults parse(String[] items) {
            int drop = 0, fid = 0, err = 0, trunc = 0, disc = 0, freeze = 0;
            boolean stall = false;
            for (String item : items == null ? new String[0] : items) {
                String[] kv = item.trim().split("=", 2);
                String k = kv[0].trim().toLowerCase(Locale.ROOT);
                if (k.isEmpty()) {
                    continue;
                }
                int v = kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 1;
                switch (k) {
                    case "drop-payload": drop = v; break;
                    case "early-fid": fid = v; break;
                    case "err": err = v; break;
                    case "truncate": trunc = v; break;
                    case "stall-probe": stall = v != 0; break;
                    case "disconnect-after": disc = v; break;
                    case "freeze-after": freeze = v; break;
                    default: throw new IllegalArgumentException("unknown fault '" + k
                            + "' (known: drop-payload=N, early-fid=N, err=N, truncate=N, stall-probe, disconnect-after=N, freeze-after=N)");
                }
            }
            return new Faults(drop, fid, err, trunc, stall, disc, freeze);
        }
    }

    public VirtualCameraSpec {
        formats = List.copyOf(formats);
        if (bcdUVC != 0x0100 && bcdUVC != 0x0110 && bcdUVC != 0x0150) {
            throw new IllegalArgumentException(String.format("bcdUVC %04X: use 1.0, 1.1 or 1.5", bcdUVC));
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("a camera needs at least one format");
        }
        if (picture == null) {
            throw new IllegalArgumentException("a camera needs a picture");
        }
    }

    /** The same camera showing {@code p}. */
    public VirtualCameraSpec withPicture(TestPattern.Picture p) {
        return new VirtualCameraSpec(name, vendorId, productId, bcdUVC, bulk, paced, formats, faults, p);
    }

    /** "1.0" → 0x0100, "1.1" → 0x0110, "1.5" → 0x0150. */
    public static int parseUvcVersion(String v) {
        switch (v.trim()) {
            case "1.0": case "1.00": return 0x0100;
            case "1.1": case "1.10": return 0x0110;
            case "1.5": case "1.50": return 0x0150;
            default: throw new IllegalArgumentException("UVC version '" + v + "': use 1.0, 1.1 or 1.5");
        }
    }

    /** "640x480" → {640, 480}; sizes up to 1920x1080, even widths. */
    public static int[] parseSize(String s) {
        String[] p = s.trim().toLowerCase(Locale.ROOT).split("x");
        if (p.length != 2) {
            throw new IllegalArgumentException("size '" + s + "': use WIDTHxHEIGHT");
        }
        int w = Integer.parseInt(p[0].trim());
        int h = Integer.parseInt(p[1].trim());
        if (w < 64 || h < 2 || w > 1920 || h > 1080 || (w & 1) != 0) {
            throw new IllegalArgumentException("size '" + s + "': width 64..1920 (even), height 2..1080");
        }
        return new int[] { w, h };
    }

    /** Builds a spec from configuration values (the Config Admin form); the picture is the bars. */
    public static VirtualCameraSpec of(String name, int vid, int pid, String uvc, String transfer, boolean paced, String[] formats,
            String[] sizes, int[] fps, String[] faults) {
        List<int[]> sz = new ArrayList<>();
        for (String s : sizes) {
            sz.add(parseSize(s));
        }
        List<Integer> rates = new ArrayList<>();
        for (int f : fps) {
            if (f < 1 || f > 120) {
                throw new IllegalArgumentException("frame rate " + f + ": use 1..120");
            }
            rates.add(f);
        }
        List<FormatSpec> fs = new ArrayList<>();
        for (String f : formats) {
            fs.add(new FormatSpec(Kind.parse(f), sz, rates));
        }
        String t = transfer.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("iso") && !t.equals("bulk")) {
            throw new IllegalArgumentException("transfer '" + transfer + "': use iso or bulk");
        }
        return new VirtualCameraSpec(name, vid, pid, parseUvcVersion(uvc), t.equals("bulk"), paced, fs, Faults.parse(faults),
                TestPattern.Picture.BARS);
    }
}
