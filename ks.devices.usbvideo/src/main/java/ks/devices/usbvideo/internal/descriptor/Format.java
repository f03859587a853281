package ks.devices.usbvideo.internal.descriptor;

import java.util.List;
import java.util.UUID;

/**
 * A VideoStreaming format descriptor with its frames (uvc.md §1.6).
 *
 * @param subtype VS_FORMAT_UNCOMPRESSED 0x04, VS_FORMAT_MJPEG 0x06, VS_FORMAT_FRAME_BASED 0x10, or another format subtype kept as is
 * @param index bFormatIndex (1-based)
 * @param guid guidFormat as a GUID (wire bytes read little-endian in the first three groups); MJPEG gets the MJPG subtype, unknown kinds null
 * @param bitsPerPixel bBitsPerPixel (0 for MJPEG)
 * @param variableSize bVariableSize of a frame-based format
 * @param colorMatching {bColorPrimaries, bTransferCharacteristics, bMatrixCoefficients}, or the defaults {1, 1, 4}
 */
public record Format(int subtype, int index, int declaredFrames, UUID guid, int bitsPerPixel, int defaultFrameIndex, boolean variableSize,
        List<Frame> frames, List<int[]> stillImageSizes, int[] colorMatching) {

    public static final int VS_FORMAT_UNCOMPRESSED = 0x04;
    public static final int VS_FORMAT_MJPEG = 0x06;
    public static final int VS_FORMAT_FRAME_BASED = 0x10;

    public Format {
        frames = List.copyOf(frames);
        stillImageSizes = List.copyOf(stillImageSizes);
    }

    /** The FOURCC of a standard GUID ({@code XXXXXXXX-0000-0010-8000-00AA00389B71}), else null. */
    public String fourcc() {
        if (guid == null || guid.getLeastSignificantBits() != 0x800000AA00389B71L || (guid.getMostSignificantBits() & 0xFFFF_FFFFL) != 0x10) {
            return null;
        }
        int d = (int) (guid.getMostSignificantBits() >>> 32);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            b.append((char) (d >>> (8 * i) & 0xFF));
        }
        return b.toString();
    }

    /** A short name: MJPEG, the FOURCC, or the GUID of an unknown format. */
    public String name() {
        if (subtype == VS_FORMAT_MJPEG) {
            return "MJPEG";
        }
        String f = fourcc();
        return f != null ? f.trim() : guid != null ? "{" + guid.toString().toUpperCase(java.util.Locale.ROOT) + "}" : "subtype 0x" + Integer.toHexString(subtype);
    }
}
