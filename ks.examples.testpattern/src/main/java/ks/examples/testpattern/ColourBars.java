package ks.examples.testpattern;

import java.nio.ByteBuffer;

/**
 * Colour bars (white, yellow, cyan, green, magenta, red, blue, black) that scroll left by four
 * pixels per frame, so consecutive frames differ: YUY2 in BT.601 limited range over the whole
 * picture, or bottom-up RGB24 as Windows RGB drivers produce it, the bars over the top three
 * quarters of the picture above a black band, so the picture's orientation can be seen.
 *
 * <pre>
 * YUY2: per two pixels Y0 U Y1 V, top row first
 * RGB24: per pixel B G R, rows padded to 4 bytes, bottom row first (positive biHeight)
 * </pre>
 */
final class ColourBars {

    /** {Y, U, V} of the eight bars. */
    static final int[][] BARS = {
        {235, 128, 128}, {210, 16, 146}, {170, 166, 16}, {145, 54, 34},
        {106, 202, 222}, {81, 90, 240}, {41, 240, 110}, {16, 128, 128},
    };

    /** {R, G, B} of the eight bars. */
    static final int[][] RGB_BARS = {
        {255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
        {255, 0, 255}, {255, 0, 0}, {0, 0, 255}, {0, 0, 0},
    };

    private ColourBars() {
    }

    /** Bytes of one RGB24 row: three per pixel, padded to a multiple of 4. */
    static int rgbStride(int width) {
        return (width * 3 + 3) & ~3;
    }

    /**
     * Writes frame {@code frameNumber} as bottom-up RGB24 into {@code data} from index 0; returns
     * the bytes written, or 0 when the buffer is too small for a frame.
     */
    static int renderRgb24(ByteBuffer data, int width, int height, long frameNumber) {
        int stride = rgbStride(width);
        int bytes = stride * height;
        if (data == null || data.capacity() < bytes || data.isReadOnly()) {
            return 0;
        }
        byte[] bars = new byte[stride];
        int shift = (int) (frameNumber * 4 % width);
        for (int x = 0; x < width; x++) {
            int[] bar = RGB_BARS[((x + shift) % width) * RGB_BARS.length / width];
            bars[3 * x] = (byte) bar[2];
            bars[3 * x + 1] = (byte) bar[1];
            bars[3 * x + 2] = (byte) bar[0];
        }
        byte[] black = new byte[stride];
        int band = height * 3 / 4; // picture rows 0..band-1 (from the top) carry the bars
        for (int row = 0; row < height; row++) {
            int pictureRow = height - 1 - row; // memory row 0 is the picture's bottom row
            data.put(row * stride, pictureRow < band ? bars : black);
        }
        return bytes;
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
