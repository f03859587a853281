package ks.devices.usbvideo.internal.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import ks.devices.usbvideo.internal.virtual.TestPattern.Picture;

/** The pictures a virtual camera can show, read back as BT.601 limited-range luma (black 16, white 235). */
class TestPatternTest {

    private static final int W = 320;
    private static final int H = 240;

    private static byte[] frame(Picture p, long number) {
        TestPattern t = new TestPattern(W, H, p);
        byte[] f = new byte[t.yuy2Size()];
        t.baseYuy2(f);
        t.stampYuy2(f, number);
        return f;
    }

    private static int luma(byte[] f, int x, int y) {
        return f[(y * W + x) * 2] & 0xFF;
    }

    private static int chroma(byte[] f, int x, int y) {
        return f[(y * W + (x & ~1)) * 2 + 1] & 0xFF;
    }

    @Test
    void solidPicturesAreBlackOrWhiteWithNeutralChroma() {
        byte[] black = frame(Picture.BLACK, 0);
        byte[] white = frame(Picture.WHITE, 0);
        for (int[] xy : new int[][] { { 0, H - 1 }, { W / 2, H / 2 }, { W - 1, H - 1 } }) {
            assertEquals(16, luma(black, xy[0], xy[1]));
            assertEquals(235, luma(white, xy[0], xy[1]));
            assertEquals(128, chroma(black, xy[0], xy[1]));
            assertEquals(128, chroma(white, xy[0], xy[1]));
        }
    }

    @Test
    void theGradientRisesFromBlackOnTheLeftToWhiteOnTheRight() {
        byte[] f = frame(Picture.GRADIENT, 0);
        int y = H - 10;
        assertEquals(16, luma(f, 0, y));
        assertTrue(luma(f, W - 1, y) >= 234, "right edge " + luma(f, W - 1, y));
        int previous = -1;
        for (int x = 0; x < W; x += 2) {
            int l = luma(f, x, y);
            assertTrue(l >= previous, "not decreasing at x=" + x);
            previous = l;
            assertEquals(128, chroma(f, x, y), "grey at x=" + x);
        }
        int middle = luma(f, W / 2, y);
        assertTrue(middle > 110 && middle < 140, "middle " + middle);
    }

    @Test
    void checkersHaveEightRowsOfAlternatingSquares() {
        byte[] f = frame(Picture.CHECKERS, 0);
        int side = H / 8;
        int y = H - side / 2;            // the bottom row, clear of the frame number
        int first = luma(f, side / 2, y);
        for (int col = 0; col < W / side; col++) {
            int expected = (col & 1) == 0 ? first : (first == 16 ? 235 : 16);
            assertEquals(expected, luma(f, col * side + side / 2, y), "square " + col);
        }
        assertEquals(first == 16 ? 235 : 16, luma(f, side / 2, y - side), "the square above differs");
    }

    @Test
    void theFrameNumberReadsBackOnEveryPicture() {
        for (Picture p : Picture.values()) {
            byte[] f = frame(p, 0x5A5A_1234L);
            assertEquals(0x5A5A_1234L, TestPattern.frameNumberYuy2(ByteBuffer.wrap(f), W, H), p.name());
        }
    }

    @Test
    void pictureNamesParseInAnyCaseAndAnUnknownOneIsNamed() {
        assertEquals(Picture.GRADIENT, Picture.parse(" Gradient "));
        assertEquals(Picture.BARS, Picture.parse("bars"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Picture.parse("snow"));
        assertTrue(e.getMessage().contains("'snow'") && e.getMessage().contains("checkers"), e.getMessage());
    }

    @Test
    void nv12HasALumaPlaneThenHalfHeightChromaAndTheFrameNumberReadsBack() {
        TestPattern t = new TestPattern(W, H, Picture.WHITE);
        assertEquals(W * H * 3 / 2, t.nv12Size());
        byte[] f = new byte[t.nv12Size()];
        t.baseNv12(f);
        t.stampNv12(f, 0xA5C3_0F1EL);
        assertEquals(0xA5C3_0F1EL, TestPattern.frameNumberNv12(ByteBuffer.wrap(f), W, H));
        assertEquals(235, f[(H - 1) * W + W - 1] & 0xFF, "white luma at the bottom right");
        assertEquals(235, f[(H / 2) * W + W / 2] & 0xFF, "white luma in the middle");
        for (int i = W * H; i < f.length; i += 97) {
            assertEquals(128, f[i] & 0xFF, "neutral chroma at " + i);
        }
        TestPattern black = new TestPattern(W, H, Picture.BLACK);
        byte[] b = new byte[black.nv12Size()];
        black.baseNv12(b);
        assertEquals(16, b[(H - 1) * W] & 0xFF, "black luma");
    }
}
