package ks.examples.testpattern;

import java.nio.ByteBuffer;

/**
 * YUY2 colour bars (BT.601 limited range: white, yellow, cyan, green, magenta, red, blue, black)
 * that scroll left by four pixels per frame, so consecutive frames differ.
 *
 * <pre>
 * YUY2: per two pixels Y0 U Y1 V
 * </pre>
 */
final class ColourBars {

    /** {Y, U, V} of the eight bars. */
    static final int[][] BARS = {
        {235, 128, 128}, {210, 16, 146}, {170, 166, 16}, {145, 54, 34},
        {106, 202, 222}, {81, 90, 240}, {41, 240, 110}, {16, 128, 128},
    };

    private ColourBars() {
    }

    /** Bytes of one YUY2 frame. */
    static int frameBytes(int width, int height) {
        return width * height * 2;
    }

    /**
     * Writes frame {@code frameNumber} into {@code data} from index 0; returns the bytes written,
     * or 0 when the buffer is too small for a frame.
     */
    static int render(ByteBuffer data, int width, int height, long frameNumber) {
        int bytes = frameBytes(width, height);
        if (data == null || data.capacity() < bytes || data.isReadOnly()) {
            return 0;
        }
        byte[] row = new byte[width * 2];
        int shift = (int) (frameNumber * 4 % width);
        for (int x = 0; x < width; x += 2) {
            int[] bar = BARS[((x + shift) % width) * BARS.length / width];
            row[2 * x] = (byte) bar[0];
            row[2 * x + 1] = (byte) bar[1];
            row[2 * x + 2] = (byte) bar[0];
            row[2 * x + 3] = (byte) bar[2];
        }
        for (int y = 0; y < height; y++) {
            data.put(y * row.length, row);
        }
        return bytes;
    }
}
