package ks.api.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * KS_DATARANGE_VIDEO / KS_DATAFORMAT_VIDEOINFOHEADER layouts checked at the absolute offsets of
 * ks-video.md §3.8 (x64, compiled), and the video intersect handler's rules.
 */
class KsVideoTest {

    static final long FPS30 = 333_333;

    static ByteBuffer le(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void shouldLayOutADataRangeAtTheDocumentedOffsets() {
        ByteBuffer r = le(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, FPS30, 2_000_000, 0));
        assertEquals(296, r.limit());
        assertEquals(296, r.getInt(0), "FormatSize");
        assertEquals(640 * 480 * 2, r.getInt(8), "SampleSize");
        assertEquals(UUID.fromString("73646976-0000-0010-8000-00AA00389B71"), KsWire.getGuid(r, 16));
        assertEquals(UUID.fromString("32595559-0000-0010-8000-00AA00389B71"), KsWire.getGuid(r, 32));
        assertEquals(UUID.fromString("05589F80-C356-11CE-BF01-00AA0055595A"), KsWire.getGuid(r, 48));
        assertEquals(1, r.getInt(64), "bFixedSizeSamples");
        assertEquals(640, r.getInt(140), "MinOutputSize.cx");
        assertEquals(480, r.getInt(152), "MaxOutputSize.cy");
        assertEquals(FPS30, r.getLong(184), "MinFrameInterval");
        assertEquals(2_000_000, r.getLong(192), "MaxFrameInterval");
        assertEquals(640 * 480 * 2 * 8 * 5, r.getInt(200), "MinBitsPerSecond at 5 fps");
        assertEquals(FPS30, r.getLong(248), "AvgTimePerFrame");
        assertEquals(40, r.getInt(256), "biSize");
        assertEquals(640, r.getInt(260), "biWidth");
        assertEquals(480, r.getInt(264), "biHeight");
        assertEquals(16, r.getShort(270), "biBitCount");
        assertEquals(0x32595559, r.getInt(272), "biCompression = 'YUY2'");
        assertEquals(640 * 480 * 2, r.getInt(276), "biSizeImage");
    }

    @Test
    void shouldLayOutAFormatWithTheBitmapHeaderAt112() {
        ByteBuffer f = le(KsVideo.format(KsGuids.MEDIASUBTYPE_MJPG, 1280, 720, 24, FPS30, 500_000));
        assertEquals(152, f.limit());
        assertEquals(152, f.getInt(0));
        assertEquals(KsDataFormat.KSDATAFORMAT_TEMPORAL_COMPRESSION, f.getInt(4), "MJPG is compressed");
        assertEquals(FPS30, f.getLong(64 + 40), "AvgTimePerFrame");
        assertEquals(1280, f.getInt(112 + 4));
        assertEquals(0x47504A4D, f.getInt(112 + 16), "biCompression = 'MJPG'");
        assertEquals(500_000, f.getInt(112 + 20), "biSizeImage of a compressed format is the maximum given");
    }

    @Test
    void shouldPadRgbRowsToFourBytes() {
        ByteBuffer f = le(KsVideo.format(KsGuids.MEDIASUBTYPE_RGB24, 3, 2, 24, FPS30, 0));
        assertEquals(0, f.getInt(112 + 16), "BI_RGB");
        assertEquals(12 * 2, f.getInt(112 + 20), "3 pixels x 3 bytes = 9, padded to 12 per row");
    }

    @Test
    void shouldIntersectToThePinsSizeAndTheClientsRateWhenBothAllowIt() {
        ByteBuffer pin = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, FPS30, 2_000_000, 0);
        ByteBuffer client = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 666_666, 500_000, 1_000_000, 0);
        ByteBuffer f = le(KsVideo.intersect(client, pin));
        assertEquals(152, f.getInt(0));
        assertEquals(666_666, f.getLong(104));
        assertEquals(640 * 480 * 2 * 8L * 10_000_000 / 666_666, Integer.toUnsignedLong(f.getInt(64 + 32)), "dwBitRate follows the rate");
        assertTrue(KsVideo.formatWithinRange(f, pin));
    }

    @Test
    void shouldClampThePinsDefaultIntoTheCommonIntervalRange() {
        ByteBuffer pin = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, FPS30, 2_000_000, 0);
        ByteBuffer client = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 0, 1_000_000, 2_000_000, 0);
        assertEquals(1_000_000, KsVideo.avgTimePerFrame(KsVideo.intersect(client, pin)));
    }

    @Test
    void shouldNotIntersectDisjointSizesRatesOrSubtypes() {
        ByteBuffer pin = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, FPS30, FPS30, 0);
        assertNull(KsVideo.intersect(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, FPS30, FPS30, FPS30, 0), pin));
        assertNull(KsVideo.intersect(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 1_000_000, 1_000_000, 1_000_000, 0), pin));
        assertNull(KsVideo.intersect(KsVideo.format(KsGuids.MEDIASUBTYPE_NV12, 640, 480, 12, FPS30, 0), pin));
        assertNull(KsVideo.intersect(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 360, 16, FPS30, 0), pin));
    }

    @Test
    void shouldTreatGuidNullAsAWildcard() {
        assertTrue(KsDataFormat.guidMatches(KsGuids.GUID_NULL, KsGuids.MEDIASUBTYPE_YUY2));
        assertTrue(KsDataFormat.guidMatches(KsGuids.MEDIASUBTYPE_YUY2, KsGuids.GUID_NULL));
        assertFalse(KsDataFormat.guidMatches(KsGuids.MEDIASUBTYPE_NV12, KsGuids.MEDIASUBTYPE_YUY2));
    }

    @Test
    void shouldCheckAFormatAgainstItsRange() {
        ByteBuffer range = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, FPS30, 2_000_000, 0);
        assertTrue(KsVideo.formatWithinRange(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 1_000_000, 0), range));
        assertTrue(KsVideo.formatWithinRange(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 0, 0), range), "0: the default rate");
        assertFalse(KsVideo.formatWithinRange(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 12, FPS30, 0), range), "bit count");
        assertFalse(KsVideo.formatWithinRange(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 3_000_000, 0), range), "too slow");
        assertEquals("YUY2 640x480 @ 30.00 fps", KsVideo.describe(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, 0)));
    }

    @Test
    void shouldValidateTheDataFormatHead() {
        ByteBuffer f = KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, 0);
        assertEquals(0, KsDataFormat.validate(f, 152));
        assertEquals(0xC0000206, KsDataFormat.validate(f, 100), "FormatSize beyond the bytes given");
        assertEquals(0xC0000206, KsDataFormat.validate(f, 40), "not even the head");
    }

    @Test
    void shouldBuildAPinConnectWithTheFormatAfterIt() {
        ByteBuffer f = KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, 0);
        ByteBuffer c = le(KsPinConnect.build(2, f));
        assertEquals(72 + 152, c.limit(), "ks-video.md §3.3: 224 bytes for VIDEOINFO");
        assertEquals(UUID.fromString("1A8766A0-62CE-11CF-A5D6-28DB04C10000"), KsWire.getGuid(c, 0));
        assertEquals(UUID.fromString("4747B320-62CE-11CF-A5D6-28DB04C10000"), KsWire.getGuid(c, 24));
        assertEquals(2, c.getInt(48));
        assertEquals(0L, c.getLong(56));
        assertEquals(0x40000000, c.getInt(64), "KSPRIORITY_NORMAL");
        assertEquals(152, c.getInt(72));
    }

    /** A scaler's range: 160x120 to 1280x720 in steps of 16 x 8, default 640x480. */
    static ByteBuffer scaler() {
        return KsVideo.sizeRange(KsGuids.MEDIASUBTYPE_YUY2, 160, 120, 1280, 720, 16, 8, 640, 480, 16, 333_333, 333_333, 666_666, 0);
    }

    @Test
    void aSizeRangeOffersTheSizesOnItsGrid() {
        ByteBuffer r = scaler();
        assertTrue(KsVideo.isSizeRange(r));
        assertTrue(KsVideo.offersSize(r, 640, 480));
        assertTrue(KsVideo.offersSize(r, 800, 600), "160 + 40 x 16, 120 + 60 x 8");
        assertTrue(KsVideo.offersSize(r, 1280, 720));
        assertFalse(KsVideo.offersSize(r, 648, 480), "off the 16-pixel grid");
        assertFalse(KsVideo.offersSize(r, 1296, 720), "beyond the largest");
        assertFalse(KsVideo.offersSize(r, 144, 120), "below the smallest");
        assertFalse(KsVideo.isSizeRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, 333_333, 333_333, 333_333, 0)));
        assertTrue(KsVideo.formatWithinRange(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, 333_333, 0), r));
        assertFalse(KsVideo.formatWithinRange(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 322, 240, 16, 333_333, 0), r));
        assertEquals("YUY2 160x120..1280x720 step 16x8 (default 640x480) @ 30.00 fps", KsVideo.describe(r));
    }

    @Test
    void intersectionWithASizeRangePicksASizeBothSidesAllow() {
        ByteBuffer r = scaler();
        ByteBuffer fromFormat = KsVideo.intersect(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, 333_333, 0), r);
        assertEquals(320, KsVideo.width(fromFormat));
        assertEquals(240, KsVideo.height(fromFormat));
        assertEquals(320 * 240 * 2, KsVideo.sizeImage(fromFormat), "the image size of the chosen size");
        assertEquals(320 * 240 * 2, KsDataFormat.sampleSize(fromFormat));
        assertTrue(KsVideo.formatWithinRange(fromFormat, r), "the result lies in the pin's range");

        ByteBuffer fixedClient = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 800, 600, 16, 333_333, 333_332, 333_334, 0);
        ByteBuffer chosen = KsVideo.intersect(fixedClient, r);
        assertEquals(800, KsVideo.width(chosen));
        assertEquals(600, KsVideo.height(chosen));

        ByteBuffer window = KsVideo.sizeRange(KsGuids.MEDIASUBTYPE_YUY2, 700, 500, 1000, 700, 1, 1, 1000, 700, 16, 333_333, 333_333, 333_333, 0);
        ByteBuffer largest = KsVideo.intersect(window, r);
        assertEquals(992, KsVideo.width(largest), "the pin's default is outside the window: the largest width on the pin's grid within it");
        assertEquals(696, KsVideo.height(largest));

        assertNull(KsVideo.intersect(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 1920, 1080, 16, 333_333, 333_333, 333_333, 0), r));
        assertNull(KsVideo.intersect(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 648, 480, 16, 333_333, 0), r), "off the grid");
    }
}
