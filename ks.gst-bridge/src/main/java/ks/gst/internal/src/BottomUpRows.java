package ks.gst.internal.src;

import java.nio.ByteBuffer;
import java.util.UUID;

import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsVideo;

/**
 * Bottom-up RGB frames turned top-down in place: an RGB24 or RGB32 KS_VIDEOINFOHEADER with a
 * positive biHeight is a bottom-up DIB (its first row in memory is the picture's bottom row), as
 * Windows RGB drivers deliver it, while GStreamer's BGR and BGRx are top-down. Rows are DWORD
 * aligned in both. One stream, one thread.
 */
public final class BottomUpRows {

    private final int stride;
    private final int rows;
    private final byte[] top;
    private final byte[] bottom;

    BottomUpRows(int stride, int rows) {
        this.stride = stride;
        this.rows = rows;
        this.top = new byte[stride];
        this.bottom = new byte[stride];
    }

    /** The flip a frame of {@code format} needs, or null for a top-down or non-RGB format. */
    public static BottomUpRows of(ByteBuffer format) {
        UUID subtype = KsDataFormat.subFormat(format);
        boolean rgb = subtype.equals(KsGuids.MEDIASUBTYPE_RGB24) || subtype.equals(KsGuids.MEDIASUBTYPE_RGB32);
        int height = KsVideo.height(format);
        if (!rgb || height <= 0) {
            return null;
        }
        return new BottomUpRows((KsVideo.width(format) * KsVideo.bitCount(format) + 31) / 32 * 4, height);
    }

    /** Swaps the frame's rows top for bottom, over the whole rows of its first {@code used} bytes. */
    public void flip(ByteBuffer frame, int used) {
        int n = Math.min(rows, used / stride);
        for (int t = 0, b = n - 1; t < b; t++, b--) {
            frame.get(t * stride, top);
            frame.get(b * stride, bottom);
            frame.put(t * stride, bottom);
            frame.put(b * stride, top);
        }
    }
}
