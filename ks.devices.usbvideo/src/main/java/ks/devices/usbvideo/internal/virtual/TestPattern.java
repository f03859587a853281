package ks.devices.usbvideo.internal.virtual;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The virtual camera's picture: a {@link Picture} (eight colour bars by default, BT.601 limited
 * range) and, in the top-left corner, the frame number as 32 black/white blocks (bit 31 first) that
 * survive JPEG. A test reads the number back with {@link #frameNumberYuy2} or {@link #frameNumberRgb}.
 */
public final class TestPattern {

    /** What lies under the frame number. */
    public enum Picture {
        /** Eight vertical colour bars, {@link TestPattern#BARS_RGB}. */
        BARS,
        /** A horizontal grey ramp, black on the left to white on the right. */
        GRADIENT,
        /** Black and white squares, eight rows of them. */
        CHECKERS,
        BLACK,
        WHITE;

        /** {@code bars}, {@code gradient}, {@code checkers}, {@code black} or {@code white}, any case. */
        public static Picture parse(String name) {
            for (Picture p : values()) {
                if (p.name().equalsIgnoreCase(name.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("pattern '" + name + "': use bars, gradient, checkers, black or white");
        }

        int[] rgb(int x, int y, int width, int height) {
            switch (this) {
                case GRADIENT:
                    int v = width > 1 ? x * 255 / (width - 1) : 0;
                    return new int[] { v, v, v };
                case CHECKERS:
                    int side = Math.max(2, height / 8);
                    return ((x / side + y / side) & 1) == 0 ? BARS_RGB[7] : BARS_RGB[0];
                case BLACK:
                    return BARS_RGB[7];
                case WHITE:
                    return BARS_RGB[0];
                default:
                    return BARS_RGB[Math.min(7, x * 8 / width)];
            }
        }
    }

    /** The bars, left to right: white, yellow, cyan, green, magenta, red, blue, black (full-range R, G, B). */
    public static final int[][] BARS_RGB = { { 255, 255, 255 }, { 255, 255, 0 }, { 0, 255, 255 }, { 0, 255, 0 },
            { 255, 0, 255 }, { 255, 0, 0 }, { 0, 0, 255 }, { 0, 0, 0 } };

    public static final int BITS = 32;

    private final int width;
    private final int height;
    private final int block;
    private final Picture picture;
    private final byte[] yuy2Base;
    /** The picture as RGB for JPEG encoding, made on first use (an MJPEG stream). */
    private BufferedImage rgbBase;

    public TestPattern(int width, int height) {
        this(width, height, Picture.BARS);
    }

    public TestPattern(int width, int height, Picture picture) {
        this.width = width;
        this.height = height;
        this.block = blockSize(width, height);
        this.picture = picture;
        this.yuy2Base = new byte[width * height * 2];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += 2) {
                int[] rgb = picture.rgb(x, y, width, height);
                int luma = luma(rgb);
                int u = cb(rgb);
                int v = cr(rgb);
                int o = (y * width + x) * 2;
                yuy2Base[o] = (byte) luma;
                yuy2Base[o + 1] = (byte) u;
                yuy2Base[o + 2] = (byte) luma;
                yuy2Base[o + 3] = (byte) v;
            }
        }
    }

    /** Whether this is the pattern of that size and picture. */
    boolean is(int w, int h, Picture p) {
        return width == w && height == h && picture == p;
    }

    private synchronized BufferedImage rgbBase() {
        if (rgbBase == null) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x += 2) {
                    int[] rgb = picture.rgb(x, y, width, height);
                    int packed = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                    row[x] = packed;
                    if (x + 1 < width) {
                        row[x + 1] = packed;
                    }
                }
                img.setRGB(0, y, width, 1, row, 0, width);
            }
            rgbBase = img;
        }
        return rgbBase;
    }

    /** Edge of one bit block: even, 4..16 pixels, 32 of them fit across. */
    public static int blockSize(int width, int height) {
        int b = Math.min(16, Math.min(width / BITS, height / 2)) & ~1;
        return Math.max(2, b);
    }

    static int luma(int[] rgb) {
        return clamp((int) Math.round(16 + (65.481 * rgb[0] + 128.553 * rgb[1] + 24.966 * rgb[2]) / 255.0));
    }

    private static int cb(int[] rgb) {
        return clamp((int) Math.round(128 + (-37.797 * rgb[0] - 74.203 * rgb[1] + 112.0 * rgb[2]) / 255.0));
    }

    private static int cr(int[] rgb) {
        return clamp((int) Math.round(128 + (112.0 * rgb[0] - 93.786 * rgb[1] - 18.214 * rgb[2]) / 255.0));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Size of a YUY2 frame in bytes. */
    public int yuy2Size() {
        return yuy2Base.length;
    }

    /** Fills {@code frame} (at least {@link #yuy2Size()} bytes) with the bars; call once, then {@link #stampYuy2} per frame. */
    public void baseYuy2(byte[] frame) {
        System.arraycopy(yuy2Base, 0, frame, 0, yuy2Base.length);
    }

    /** Size of an NV12 frame in bytes: the luma plane and the Cb/Cr plane of half its height. */
    public int nv12Size() {
        return width * height + width * ((height + 1) / 2);
    }

    /**
     * Fills {@code frame} (at least {@link #nv12Size()} bytes) with the picture in NV12: the luma of
     * every pixel, then for every 2×2 block the Cb and Cr of its top row; call once, then
     * {@link #stampNv12} per frame.
     */
    public void baseNv12(byte[] frame) {
        int chroma = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += 2) {
                int o = (y * width + x) * 2;
                frame[y * width + x] = yuy2Base[o];
                if (x + 1 < width) {
                    frame[y * width + x + 1] = yuy2Base[o + 2];
                }
                if ((y & 1) == 0) {
                    int c = chroma + (y / 2) * width + x;
                    frame[c] = yuy2Base[o + 1];
                    if (x + 1 < width) {
                        frame[c + 1] = yuy2Base[o + 3];
                    }
                }
            }
        }
    }

    /** Writes the frame number blocks into a frame prepared by {@link #baseNv12}. */
    public void stampNv12(byte[] frame, long frameNumber) {
        int chroma = width * height;
        for (int bit = 0; bit < BITS; bit++) {
            byte luma = (byte) (((frameNumber >>> (BITS - 1 - bit)) & 1) != 0 ? 235 : 16);
            for (int y = 0; y < block; y++) {
                int o = y * width + bit * block;
                for (int x = 0; x < block; x++) {
                    frame[o + x] = luma;
                }
                if ((y & 1) == 0) {
                    int c = chroma + (y / 2) * width + bit * block;
                    for (int x = 0; x < block; x++) {
                        frame[c + x] = (byte) 128;
                    }
                }
            }
        }
    }

    /** Writes the frame number blocks into a frame prepared by {@link #baseYuy2}. */
    public void stampYuy2(byte[] frame, long frameNumber) {
        for (int bit = 0; bit < BITS; bit++) {
            byte luma = (byte) (((frameNumber >>> (BITS - 1 - bit)) & 1) != 0 ? 235 : 16);
            for (int y = 0; y < block; y++) {
                int o = (y * width + bit * block) * 2;
                for (int x = 0; x < block; x++) {
                    frame[o + 2 * x] = luma;
                    frame[o + 2 * x + 1] = (byte) 128;
                }
            }
        }
    }

    /**
     * Adds {@code offset} to the luma of the first {@code pixels} pixels of a YUY2 frame, clamped to
     * 0..255: a brightness control. Chroma is left as it is.
     */
    public static void addLumaYuy2(byte[] frame, int pixels, int offset) {
        addLuma(frame, pixels * 2, 2, offset);
    }

    /** As {@link #addLumaYuy2} for an NV12 frame of this pattern's size: its luma plane. */
    public void addLumaNv12(byte[] frame, int offset) {
        addLuma(frame, width * height, 1, offset);
    }

    /** Adds {@code offset}, clamped to 0..255, to every {@code step}-th byte below {@code end}. */
    private static void addLuma(byte[] frame, int end, int step, int offset) {
        for (int i = 0; i < end; i += step) {
            frame[i] = (byte) Math.max(0, Math.min(255, (frame[i] & 0xFF) + offset));
        }
    }

    /** A JPEG (baseline, with Huffman tables) of the bars with the frame number, encoded by ImageIO. */
    public byte[] jpeg(long frameNumber, float quality) {
        return jpeg(frameNumber, quality, 0);
    }

    /**
     * As {@link #jpeg(long, float)}, the picture's luma raised by {@code lumaOffset} (video range:
     * each RGB component by 255/219 of it) as {@link #addLumaYuy2} does; the frame number blocks
     * stay black and white.
     */
    public byte[] jpeg(long frameNumber, float quality, int lumaOffset) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        BufferedImage base = rgbBase();
        if (lumaOffset != 0) {
            base = new java.awt.image.RescaleOp(1f, lumaOffset * 255f / 219f, null).filter(base, null);
        }
        g.drawImage(base, 0, 0, null);
        for (int bit = 0; bit < BITS; bit++) {
            g.setColor(((frameNumber >>> (BITS - 1 - bit)) & 1) != 0 ? Color.WHITE : Color.BLACK);
            g.fillRect(bit * block, 0, block, block);
        }
        g.dispose();
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 4);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory JPEG encoding failed", e);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    /** Reads the frame number from a YUY2 frame of {@code width × height}. */
    public static long frameNumberYuy2(ByteBuffer frame, int width, int height) {
        int block = blockSize(width, height);
        long n = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int x = bit * block + block / 2;
            int y = block / 2;
            int luma = frame.get(frame.position() + (y * width + x) * 2) & 0xFF;
            n = (n << 1) | (luma > 128 ? 1 : 0);
        }
        return n;
    }

    /** Reads the frame number from an NV12 frame of {@code width × height} (its luma plane). */
    public static long frameNumberNv12(ByteBuffer frame, int width, int height) {
        int block = blockSize(width, height);
        long n = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int luma = frame.get(frame.position() + (block / 2) * width + bit * block + block / 2) & 0xFF;
            n = (n << 1) | (luma > 128 ? 1 : 0);
        }
        return n;
    }

    /** Reads the frame number from a decoded picture. */
    public static long frameNumberRgb(BufferedImage img) {
        int block = blockSize(img.getWidth(), img.getHeight());
        long n = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int rgb = img.getRGB(bit * block + block / 2, block / 2);
            int g = (rgb >> 8) & 0xFF;
            n = (n << 1) | (g > 128 ? 1 : 0);
        }
        return n;
    }
}
