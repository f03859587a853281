package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The video layer of KS data formats (ks-video.md §3): KS_DATARANGE_VIDEO (296 bytes) and
 * KS_DATAFORMAT_VIDEOINFOHEADER (152 bytes) built and read in {@link ByteBuffer}s, and the video
 * intersect handler.
 *
 * <pre>
 * KS_DATARANGE_VIDEO                         KS_DATAFORMAT_VIDEOINFOHEADER
 *   0 KSDATARANGE (64)                         0 KSDATAFORMAT (64)
 *  64 bFixedSizeSamples  68 bTemporalCompr.   64 KS_VIDEOINFOHEADER (88)
 *  72 StreamDescriptionFlags 76 MemoryAlloc.
 *  80 KS_VIDEO_STREAM_CONFIG_CAPS (128)
 * 208 KS_VIDEOINFOHEADER (88)
 *
 * KS_VIDEOINFOHEADER: 0 rcSource 16 rcTarget 32 dwBitRate 36 dwBitErrorRate 40 AvgTimePerFrame
 *                    48 KS_BITMAPINFOHEADER: +0 biSize +4 biWidth +8 biHeight +12 biPlanes
 *                       +14 biBitCount +16 biCompression +20 biSizeImage
 * </pre>
 *
 * Times are 100 ns units; a frame interval of 333 333 is 30 frames per second. A range describes
 * one frame size (min = max output size, as a UVC frame descriptor does) with an interval range
 * and a default; a format is one point of it.
 */
public final class KsVideo {

    public static final int SIZEOF_KS_BITMAPINFOHEADER = 40;
    public static final int SIZEOF_KS_VIDEOINFOHEADER = 88;
    public static final int SIZEOF_KS_VIDEO_STREAM_CONFIG_CAPS = 128;
    public static final int SIZEOF_KS_DATARANGE_VIDEO = 296;
    public static final int SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER = 152;
    public static final int SIZEOF_KS_FRAME_INFO = 72;

    // KS_DATARANGE_VIDEO
    public static final int RANGE_FIXED_SIZE_SAMPLES = 64;
    public static final int RANGE_TEMPORAL_COMPRESSION = 68;
    public static final int RANGE_STREAM_DESCRIPTION_FLAGS = 72;
    public static final int RANGE_MEMORY_ALLOCATION_FLAGS = 76;
    public static final int RANGE_CONFIG_CAPS = 80;
    public static final int RANGE_VIDEOINFOHEADER = 208;
    // KS_VIDEO_STREAM_CONFIG_CAPS, relative
    public static final int CAPS_GUID = 0;
    public static final int CAPS_INPUT_SIZE = 20;
    public static final int CAPS_MIN_CROPPING_SIZE = 28;
    public static final int CAPS_MAX_CROPPING_SIZE = 36;
    public static final int CAPS_MIN_OUTPUT_SIZE = 60;
    public static final int CAPS_MAX_OUTPUT_SIZE = 68;
    public static final int CAPS_OUTPUT_GRANULARITY_X = 76;
    public static final int CAPS_OUTPUT_GRANULARITY_Y = 80;
    public static final int CAPS_MIN_FRAME_INTERVAL = 104;
    public static final int CAPS_MAX_FRAME_INTERVAL = 112;
    public static final int CAPS_MIN_BITS_PER_SECOND = 120;
    public static final int CAPS_MAX_BITS_PER_SECOND = 124;
    // KS_DATAFORMAT_VIDEOINFOHEADER
    public static final int FORMAT_VIDEOINFOHEADER = 64;
    // KS_VIDEOINFOHEADER, relative
    public static final int VIH_RC_SOURCE = 0;
    public static final int VIH_RC_TARGET = 16;
    public static final int VIH_BIT_RATE = 32;
    public static final int VIH_BIT_ERROR_RATE = 36;
    public static final int VIH_AVG_TIME_PER_FRAME = 40;
    public static final int VIH_BMI_HEADER = 48;
    // KS_BITMAPINFOHEADER, relative
    public static final int BI_SIZE = 0;
    public static final int BI_WIDTH = 4;
    public static final int BI_HEIGHT = 8;
    public static final int BI_PLANES = 12;
    public static final int BI_BIT_COUNT = 14;
    public static final int BI_COMPRESSION = 16;
    public static final int BI_SIZE_IMAGE = 20;

    public static final int KS_BI_RGB = 0;
    public static final int KS_BI_BITFIELDS = 3;

    /** One frame time in 100 ns units for a rate of {@code fps} frames per second. */
    public static long interval(double fps) {
        return Math.round(10_000_000d / fps);
    }

    private KsVideo() {
    }

    /**
     * A KS_DATARANGE_VIDEO for one frame size of a FOURCC or RGB subtype.
     *
     * @param bitCount average bits per pixel (YUY2 16, NV12 12, RGB24 24; MJPG/H264: the decoded depth)
     * @param maxFrameBytes biSizeImage for compressed subtypes; ignored (computed) for uncompressed ones
     * @param defaultInterval AvgTimePerFrame, which intersection prefers
     */
    public static ByteBuffer range(UUID subtype, int width, int height, int bitCount, long defaultInterval, long minInterval,
            long maxInterval, int maxFrameBytes) {
        boolean compressed = isCompressed(subtype);
        int sizeImage = compressed ? maxFrameBytes : imageSize(subtype, width, height, bitCount);
        ByteBuffer b = KsDataFormat.allocate(SIZEOF_KS_DATARANGE_VIDEO);
        KsDataFormat.putHeader(b, SIZEOF_KS_DATARANGE_VIDEO, compressed ? KsDataFormat.KSDATAFORMAT_TEMPORAL_COMPRESSION : 0,
                sizeImage, KsGuids.KSDATAFORMAT_TYPE_VIDEO, subtype, KsGuids.KSDATAFORMAT_SPECIFIER_VIDEOINFO);
        KsWire.putInt(b, RANGE_FIXED_SIZE_SAMPLES, compressed ? 0 : 1);
        KsWire.putInt(b, RANGE_TEMPORAL_COMPRESSION, compressed ? 1 : 0);
        int caps = RANGE_CONFIG_CAPS;
        KsWire.putGuid(b, caps + CAPS_GUID, KsGuids.KSDATAFORMAT_TYPE_VIDEO);
        putSize(b, caps + CAPS_INPUT_SIZE, width, height);
        putSize(b, caps + CAPS_MIN_CROPPING_SIZE, width, height);
        putSize(b, caps + CAPS_MAX_CROPPING_SIZE, width, height);
        putSize(b, caps + CAPS_MIN_OUTPUT_SIZE, width, height);
        putSize(b, caps + CAPS_MAX_OUTPUT_SIZE, width, height);
        KsWire.putLong(b, caps + CAPS_MIN_FRAME_INTERVAL, minInterval);
        KsWire.putLong(b, caps + CAPS_MAX_FRAME_INTERVAL, maxInterval);
        KsWire.putInt(b, caps + CAPS_MIN_BITS_PER_SECOND, bitRate(sizeImage, maxInterval));
        KsWire.putInt(b, caps + CAPS_MAX_BITS_PER_SECOND, bitRate(sizeImage, minInterval));
        putVideoInfo(b, RANGE_VIDEOINFOHEADER, subtype, width, height, bitCount, defaultInterval, sizeImage);
        return b;
    }

    /**
     * A KS_DATARANGE_VIDEO over a range of frame sizes, as a scaler offers them: any width
     * {@code minWidth + k * granularityX} up to {@code maxWidth} (KS_VIDEO_STREAM_CONFIG_CAPS
     * MinOutputSize, MaxOutputSize, OutputGranularityX) and likewise any height; the range's
     * VIDEOINFOHEADER carries the default size, which intersection prefers.
     *
     * @param maxFrameBytes biSizeImage of the largest frame for compressed subtypes; ignored for
     *     uncompressed ones (each size's own)
     */
    public static ByteBuffer sizeRange(UUID subtype, int minWidth, int minHeight, int maxWidth, int maxHeight, int granularityX,
            int granularityY, int defaultWidth, int defaultHeight, int bitCount, long defaultInterval, long minInterval, long maxInterval,
            int maxFrameBytes) {
        if (minWidth <= 0 || minHeight <= 0 || maxWidth < minWidth || maxHeight < minHeight || granularityX < 0 || granularityY < 0
                || !sizeOnGrid(defaultWidth, minWidth, maxWidth, granularityX) || !sizeOnGrid(defaultHeight, minHeight, maxHeight, granularityY)) {
            throw new IllegalArgumentException("size range " + minWidth + "x" + minHeight + ".." + maxWidth + "x" + maxHeight + " step "
                    + granularityX + "x" + granularityY + " does not hold its default " + defaultWidth + "x" + defaultHeight);
        }
        ByteBuffer b = range(subtype, defaultWidth, defaultHeight, bitCount, defaultInterval, minInterval, maxInterval, maxFrameBytes);
        int caps = RANGE_CONFIG_CAPS;
        putSize(b, caps + CAPS_MIN_OUTPUT_SIZE, minWidth, minHeight);
        putSize(b, caps + CAPS_MAX_OUTPUT_SIZE, maxWidth, maxHeight);
        putSize(b, caps + CAPS_MIN_CROPPING_SIZE, minWidth, minHeight);
        putSize(b, caps + CAPS_MAX_CROPPING_SIZE, maxWidth, maxHeight);
        KsWire.putInt(b, caps + CAPS_OUTPUT_GRANULARITY_X, granularityX);
        KsWire.putInt(b, caps + CAPS_OUTPUT_GRANULARITY_Y, granularityY);
        if (!isCompressed(subtype)) {
            // the header's image size is the default frame's; the range's KSDATARANGE.SampleSize the largest
            KsWire.putInt(b, RANGE_VIDEOINFOHEADER + VIH_BMI_HEADER + BI_SIZE_IMAGE, imageSize(subtype, defaultWidth, defaultHeight, bitCount));
            KsWire.putInt(b, KsDataFormat.SAMPLE_SIZE, imageSize(subtype, maxWidth, maxHeight, bitCount));
        }
        return b;
    }

    /** Whether a KS_DATARANGE_VIDEO offers more than one frame size (MinOutputSize differs from MaxOutputSize). */
    public static boolean isSizeRange(ByteBuffer range) {
        int caps = RANGE_CONFIG_CAPS;
        return KsWire.getInt(range, caps + CAPS_MIN_OUTPUT_SIZE) != KsWire.getInt(range, caps + CAPS_MAX_OUTPUT_SIZE)
                || KsWire.getInt(range, caps + CAPS_MIN_OUTPUT_SIZE + 4) != KsWire.getInt(range, caps + CAPS_MAX_OUTPUT_SIZE + 4);
    }

    /** MinOutputSize, MaxOutputSize and OutputGranularity of a range: {minW, minH, maxW, maxH, stepX, stepY} (steps at least 1). */
    public static int[] outputSizes(ByteBuffer range) {
        int caps = RANGE_CONFIG_CAPS;
        return new int[] {KsWire.getInt(range, caps + CAPS_MIN_OUTPUT_SIZE), KsWire.getInt(range, caps + CAPS_MIN_OUTPUT_SIZE + 4),
            KsWire.getInt(range, caps + CAPS_MAX_OUTPUT_SIZE), KsWire.getInt(range, caps + CAPS_MAX_OUTPUT_SIZE + 4),
            Math.max(1, KsWire.getInt(range, caps + CAPS_OUTPUT_GRANULARITY_X)), Math.max(1, KsWire.getInt(range, caps + CAPS_OUTPUT_GRANULARITY_Y))};
    }

    /**
     * Whether a range offers the frame size {@code width} x {@code height}: its one size, or for a
     * size range a size between MinOutputSize and MaxOutputSize on the granularity grid.
     */
    public static boolean offersSize(ByteBuffer range, int width, int height) {
        int h = Math.abs(height);
        if (!isSizeRange(range)) {
            return width == width(range) && h == Math.abs(height(range));
        }
        int[] o = outputSizes(range);
        return sizeOnGrid(width, o[0], o[2], o[4]) && sizeOnGrid(h, o[1], o[3], o[5]);
    }

    private static boolean sizeOnGrid(int value, int min, int max, int step) {
        int g = Math.max(1, step);
        return value >= min && value <= max && (value - min) % g == 0;
    }

    /** The largest value on {@code min + k * step} within [{@code low}, {@code high}], or -1. */
    private static int largestOnGrid(int min, int step, int low, int high) {
        int g = Math.max(1, step);
        if (high < min) {
            return -1;
        }
        int v = min + (high - min) / g * g;
        return v >= Math.max(low, min) ? v : -1;
    }

    /** A KS_DATAFORMAT_VIDEOINFOHEADER: one concrete format. */
    public static ByteBuffer format(UUID subtype, int width, int height, int bitCount, long avgTimePerFrame, int maxFrameBytes) {
        boolean compressed = isCompressed(subtype);
        int sizeImage = compressed ? maxFrameBytes : imageSize(subtype, width, height, bitCount);
        ByteBuffer b = KsDataFormat.allocate(SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER);
        KsDataFormat.putHeader(b, SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER, compressed ? KsDataFormat.KSDATAFORMAT_TEMPORAL_COMPRESSION : 0,
                sizeImage, KsGuids.KSDATAFORMAT_TYPE_VIDEO, subtype, KsGuids.KSDATAFORMAT_SPECIFIER_VIDEOINFO);
        putVideoInfo(b, FORMAT_VIDEOINFOHEADER, subtype, width, height, bitCount, avgTimePerFrame, sizeImage);
        return b;
    }

    /** Whether {@code b} is a KS_DATARANGE_VIDEO (VIDEOINFO specifier, at least 296 bytes). */
    public static boolean isVideoRange(ByteBuffer b) {
        return b.limit() >= SIZEOF_KS_DATARANGE_VIDEO && KsDataFormat.formatSize(b) >= SIZEOF_KS_DATARANGE_VIDEO
                && KsDataFormat.specifier(b).equals(KsGuids.KSDATAFORMAT_SPECIFIER_VIDEOINFO);
    }

    /** Whether {@code b} is a KS_DATAFORMAT_VIDEOINFOHEADER (VIDEOINFO specifier, 152 up to 295 bytes). */
    public static boolean isVideoFormat(ByteBuffer b) {
        int size = KsDataFormat.formatSize(b);
        return b.limit() >= SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER && size >= SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER
                && size < SIZEOF_KS_DATARANGE_VIDEO && KsDataFormat.specifier(b).equals(KsGuids.KSDATAFORMAT_SPECIFIER_VIDEOINFO);
    }

    /** Offset of the KS_VIDEOINFOHEADER in a video range or format. */
    public static int videoInfoOffset(ByteBuffer b) {
        return isVideoRange(b) ? RANGE_VIDEOINFOHEADER : FORMAT_VIDEOINFOHEADER;
    }

    public static int width(ByteBuffer b) {
        return KsWire.getInt(b, videoInfoOffset(b) + VIH_BMI_HEADER + BI_WIDTH);
    }

    public static int height(ByteBuffer b) {
        return KsWire.getInt(b, videoInfoOffset(b) + VIH_BMI_HEADER + BI_HEIGHT);
    }

    public static int bitCount(ByteBuffer b) {
        return KsWire.getShort(b, videoInfoOffset(b) + VIH_BMI_HEADER + BI_BIT_COUNT);
    }

    public static int compression(ByteBuffer b) {
        return KsWire.getInt(b, videoInfoOffset(b) + VIH_BMI_HEADER + BI_COMPRESSION);
    }

    public static int sizeImage(ByteBuffer b) {
        return KsWire.getInt(b, videoInfoOffset(b) + VIH_BMI_HEADER + BI_SIZE_IMAGE);
    }

    public static long avgTimePerFrame(ByteBuffer b) {
        return KsWire.getLong(b, videoInfoOffset(b) + VIH_AVG_TIME_PER_FRAME);
    }

    /** MinFrameInterval of a range. */
    public static long minFrameInterval(ByteBuffer range) {
        return KsWire.getLong(range, RANGE_CONFIG_CAPS + CAPS_MIN_FRAME_INTERVAL);
    }

    /** MaxFrameInterval of a range. */
    public static long maxFrameInterval(ByteBuffer range) {
        return KsWire.getLong(range, RANGE_CONFIG_CAPS + CAPS_MAX_FRAME_INTERVAL);
    }

    /**
     * The video intersect handler (PFNKSINTERSECTHANDLER): the best concrete format inside both the
     * client's range and the pin's range, or null when they do not intersect.
     *
     * <p>The client may send a KS_DATARANGE_VIDEO (its output-size and frame-interval bounds are
     * honoured, zero bounds meaning "any"), a KS_DATAFORMAT_VIDEOINFOHEADER (taken as one point:
     * its size and AvgTimePerFrame), or a bare KSDATARANGE with wildcards (anything). The result has
     * the pin's frame size and the client's AvgTimePerFrame when it lies inside both interval
     * ranges, else the pin's default interval, clamped into the common interval range.
     */
    public static ByteBuffer intersect(ByteBuffer clientRange, ByteBuffer pinRange) {
        if (!isVideoRange(pinRange) || !KsDataFormat.candidates(clientRange, pinRange)) {
            return null;
        }
        int width = width(pinRange);
        int height = height(pinRange);
        long min = minFrameInterval(pinRange);
        long max = maxFrameInterval(pinRange);
        long wanted = avgTimePerFrame(pinRange);
        boolean sized = isSizeRange(pinRange);
        if (isVideoRange(clientRange)) {
            int caps = RANGE_CONFIG_CAPS;
            if (sized) {
                int[] size = commonSize(clientRange, pinRange);
                if (size == null) {
                    return null;
                }
                width = size[0];
                height = height < 0 ? -size[1] : size[1];
            } else if (!sizeWithin(clientRange, caps + CAPS_MIN_OUTPUT_SIZE, caps + CAPS_MAX_OUTPUT_SIZE, width, height)) {
                return null;
            }
            long cmin = minFrameInterval(clientRange);
            long cmax = maxFrameInterval(clientRange);
            if (cmin != 0 || cmax != 0) {
                min = Math.max(min, cmin);
                max = Math.min(max, cmax == 0 ? Long.MAX_VALUE : cmax);
            }
            long clientDefault = avgTimePerFrame(clientRange);
            if (clientDefault > 0) {
                wanted = clientDefault;
            }
        } else if (isVideoFormat(clientRange)) {
            if (!offersSize(pinRange, width(clientRange), height(clientRange))) {
                return null;
            }
            width = width(clientRange);
            height = height < 0 ? -Math.abs(height(clientRange)) : Math.abs(height(clientRange));
            long at = avgTimePerFrame(clientRange);
            if (at > 0) {
                min = Math.max(min, at);
                max = Math.min(max, at);
                wanted = at;
            }
        } else if (KsDataFormat.formatSize(clientRange) > KsDataFormat.SIZEOF
                && !KsDataFormat.specifier(clientRange).equals(KsGuids.GUID_NULL)) {
            return null; // a video specifier with a tail this handler does not understand
        }
        if (min > max) {
            return null;
        }
        long chosen = Math.max(min, Math.min(max, wanted));
        ByteBuffer f = KsDataFormat.allocate(SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER)
                .put(0, pinRange, 0, KsDataFormat.SIZEOF)
                .put(FORMAT_VIDEOINFOHEADER, pinRange, RANGE_VIDEOINFOHEADER, SIZEOF_KS_VIDEOINFOHEADER);
        KsWire.putInt(f, KsDataFormat.FORMAT_SIZE, SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER);
        KsWire.putInt(f, KsDataFormat.FLAGS, KsDataFormat.flags(pinRange) & KsDataFormat.KSDATAFORMAT_TEMPORAL_COMPRESSION);
        KsWire.putLong(f, FORMAT_VIDEOINFOHEADER + VIH_AVG_TIME_PER_FRAME, chosen);
        if (sized) {
            UUID subtype = KsDataFormat.subFormat(pinRange);
            KsWire.putInt(f, FORMAT_VIDEOINFOHEADER + VIH_BMI_HEADER + BI_WIDTH, width);
            KsWire.putInt(f, FORMAT_VIDEOINFOHEADER + VIH_BMI_HEADER + BI_HEIGHT, height);
            if (!isCompressed(subtype)) {
                int image = imageSize(subtype, width, height, bitCount(pinRange));
                KsWire.putInt(f, FORMAT_VIDEOINFOHEADER + VIH_BMI_HEADER + BI_SIZE_IMAGE, image);
                KsWire.putInt(f, KsDataFormat.SAMPLE_SIZE, image);
            }
        }
        KsWire.putInt(f, FORMAT_VIDEOINFOHEADER + VIH_BIT_RATE, bitRate(sizeImage(f), chosen));
        return f;
    }

    /**
     * The frame size a client range and a pin's size range agree on: the pin's default when the
     * client's window holds it, else the client's own size when the pin offers it, else the
     * largest size on the pin's grid inside both; null when there is none.
     */
    private static int[] commonSize(ByteBuffer clientRange, ByteBuffer pinRange) {
        int[] p = outputSizes(pinRange);
        int caps = RANGE_CONFIG_CAPS;
        int cMinX = KsWire.getInt(clientRange, caps + CAPS_MIN_OUTPUT_SIZE);
        int cMinY = KsWire.getInt(clientRange, caps + CAPS_MIN_OUTPUT_SIZE + 4);
        int cMaxX = KsWire.getInt(clientRange, caps + CAPS_MAX_OUTPUT_SIZE);
        int cMaxY = KsWire.getInt(clientRange, caps + CAPS_MAX_OUTPUT_SIZE + 4);
        if (cMinX == 0 && cMinY == 0 && cMaxX == 0 && cMaxY == 0) {
            return new int[] {width(pinRange), Math.abs(height(pinRange))}; // the client takes any size
        }
        int dw = width(pinRange);
        int dh = Math.abs(height(pinRange));
        if (dw >= cMinX && dw <= cMaxX && dh >= cMinY && dh <= cMaxY) {
            return new int[] {dw, dh};
        }
        int cw = width(clientRange);
        int ch = Math.abs(height(clientRange));
        if (cw >= cMinX && cw <= cMaxX && ch >= cMinY && ch <= cMaxY && offersSize(pinRange, cw, ch)) {
            return new int[] {cw, ch};
        }
        int w = largestOnGrid(p[0], p[4], cMinX, Math.min(p[2], cMaxX));
        int h = largestOnGrid(p[1], p[5], cMinY, Math.min(p[3], cMaxY));
        return w < 0 || h < 0 ? null : new int[] {w, h};
    }

    /**
     * Whether a KS_DATAFORMAT_VIDEOINFOHEADER lies inside a KS_DATARANGE_VIDEO: same GUIDs, same
     * frame size, compression and bit count, AvgTimePerFrame inside the interval range (0 accepted
     * as "the default"), biSizeImage not above the range's.
     */
    public static boolean formatWithinRange(ByteBuffer format, ByteBuffer range) {
        if (!isVideoFormat(format) || !isVideoRange(range) || !KsDataFormat.candidates(format, range)) {
            return false;
        }
        long at = avgTimePerFrame(format);
        long largest = isSizeRange(range) && !isCompressed(KsDataFormat.subFormat(range))
                ? imageSize(KsDataFormat.subFormat(range), width(format), height(format), bitCount(range))
                : Integer.toUnsignedLong(sizeImage(range));
        return offersSize(range, width(format), height(format))
                && compression(format) == compression(range) && bitCount(format) == bitCount(range)
                && (at == 0 || (at >= minFrameInterval(range) && at <= maxFrameInterval(range)))
                && Integer.toUnsignedLong(sizeImage(format)) <= largest;
    }

    /** A one-line description, e.g. {@code YUY2 640x480 @ 30.00 fps}. */
    public static String describe(ByteBuffer b) {
        if (!isVideoRange(b) && !isVideoFormat(b)) {
            return "format " + KsDataFormat.subFormat(b) + " (" + KsDataFormat.formatSize(b) + " bytes)";
        }
        String name = KsGuids.subtypeName(KsDataFormat.subFormat(b));
        long at = avgTimePerFrame(b);
        String rate = at > 0 ? String.format(java.util.Locale.ROOT, " @ %.2f fps", 10_000_000d / at) : "";
        if (isVideoRange(b) && isSizeRange(b)) {
            int[] o = outputSizes(b);
            return name + " " + o[0] + "x" + o[1] + ".." + o[2] + "x" + o[3] + " step " + o[4] + "x" + o[5] + " (default "
                    + width(b) + "x" + Math.abs(height(b)) + ")" + rate;
        }
        return name + " " + width(b) + "x" + Math.abs(height(b)) + rate;
    }

    /** Whether the subtype is a compressed FOURCC (anything but the uncompressed YUV/RGB family). */
    public static boolean isCompressed(UUID subtype) {
        String fourcc = KsGuids.fourccOf(subtype);
        if (fourcc == null) {
            return false; // RGB family
        }
        switch (fourcc) {
            case "YUY2": case "YUYV": case "UYVY": case "YVYU": case "NV12": case "NV21": case "I420": case "IYUV": case "YV12":
            case "Y800": case "AYUV": case "P010": case "M420":
                return false;
            default:
                return true;
        }
    }

    /** Bytes of one uncompressed frame: RGB rows padded to 4 bytes, YUV tightly packed. */
    public static int imageSize(UUID subtype, int width, int height, int bitCount) {
        long h = Math.abs((long) height);
        if (KsGuids.fourccOf(subtype) == null) {
            return (int) Math.min(Integer.MAX_VALUE, ((width * (long) bitCount + 31) & ~31L) / 8 * h);
        }
        return (int) Math.min(Integer.MAX_VALUE, width * h * bitCount / 8);
    }

    private static void putVideoInfo(ByteBuffer b, int vih, UUID subtype, int width, int height, int bitCount, long interval,
            int sizeImage) {
        KsWire.putInt(b, vih + VIH_BIT_RATE, bitRate(sizeImage, interval));
        KsWire.putLong(b, vih + VIH_AVG_TIME_PER_FRAME, interval);
        int bmi = vih + VIH_BMI_HEADER;
        KsWire.putInt(b, bmi + BI_SIZE, SIZEOF_KS_BITMAPINFOHEADER);
        KsWire.putInt(b, bmi + BI_WIDTH, width);
        KsWire.putInt(b, bmi + BI_HEIGHT, height);
        KsWire.putShort(b, bmi + BI_PLANES, 1);
        KsWire.putShort(b, bmi + BI_BIT_COUNT, bitCount);
        String fourcc = KsGuids.fourccOf(subtype);
        KsWire.putInt(b, bmi + BI_COMPRESSION, fourcc == null ? KS_BI_RGB : KsGuids.fourcc(fourcc));
        KsWire.putInt(b, bmi + BI_SIZE_IMAGE, sizeImage);
    }

    private static void putSize(ByteBuffer b, int offset, int cx, int cy) {
        KsWire.putInt(b, offset, cx);
        KsWire.putInt(b, offset + 4, cy);
    }

    private static boolean sizeWithin(ByteBuffer range, int minOffset, int maxOffset, int width, int height) {
        int minX = KsWire.getInt(range, minOffset);
        int minY = KsWire.getInt(range, minOffset + 4);
        int maxX = KsWire.getInt(range, maxOffset);
        int maxY = KsWire.getInt(range, maxOffset + 4);
        if (minX == 0 && minY == 0 && maxX == 0 && maxY == 0) {
            return true;
        }
        int h = Math.abs(height);
        return width >= minX && width <= maxX && h >= minY && h <= maxY;
    }

    private static int bitRate(int sizeImage, long interval) {
        if (interval <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(sizeImage) * 8L * 10_000_000L / interval);
    }

    /**
     * Fills the KS_FRAME_INFO extension of a header, when the client's header has one:
     * ExtendedHeaderSize, dwFrameFlags (KS_VIDEO_FLAG_*), PictureNumber and DropCount.
     *
     * @return whether the header had room for it
     */
    public static boolean putFrameInfo(KsStreamHeader header, int frameFlags, long pictureNumber, long dropCount) {
        ByteBuffer info = header.extension();
        if (info == null || info.capacity() < SIZEOF_KS_FRAME_INFO) {
            return false;
        }
        KsWire.putInt(info, 0, SIZEOF_KS_FRAME_INFO);
        KsWire.putInt(info, 4, frameFlags);
        KsWire.putLong(info, 8, pictureNumber);
        KsWire.putLong(info, 16, dropCount);
        return true;
    }
}
