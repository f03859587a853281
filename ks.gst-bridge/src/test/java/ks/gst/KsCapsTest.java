package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;

import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Structure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsVideo;

/**
 * Caps for the formats the virtual camera does not offer (NV12, H.264), parsed back by GStreamer
 * itself and checked against what its elements accept; and the caps-to-subtype mapping kssrc and
 * kssink use for intersection.
 */
class KsCapsTest {

    @BeforeAll
    static void gst() {
        Rig.gst();
    }

    private static Structure only(String caps) {
        Caps c = Caps.fromString(caps);
        assertEquals(1, c.size(), caps);
        return c.getStructure(0);
    }

    @Test
    void anNv12RangeIsRawVideoVideoconvertAccepts() {
        ByteBuffer range = KsVideo.range(KsGuids.MEDIASUBTYPE_NV12, 1280, 720, 12, 333_333, 333_333, 666_666, 0);
        Structure s = only(KsCaps.caps(List.of(range)));
        assertEquals("video/x-raw", s.getName());
        assertEquals("NV12", s.getString("format"));
        assertEquals(1280, s.getInteger("width"));
        assertEquals(720, s.getInteger("height"));
        Caps convertible = ElementFactory.make("videoconvert", null).getStaticPad("sink").queryCaps(null);
        assertTrue(!Caps.fromString(KsCaps.caps(List.of(range))).intersect(convertible).isEmpty(), "videoconvert takes NV12");
        ByteBuffer format = KsVideo.format(KsGuids.MEDIASUBTYPE_NV12, 1280, 720, 12, 333_333, 0);
        assertEquals(1280 * 720 * 3 / 2, KsVideo.sizeImage(format), "12 bits per pixel: a luma plane and half-size chroma");
        assertEquals(KsGuids.MEDIASUBTYPE_NV12, KsCaps.subtype("video/x-raw", "NV12"));
    }

    @Test
    void anH264RangeIsAByteStreamOfAccessUnitsWithItsRates() {
        ByteBuffer range = KsVideo.range(KsGuids.MEDIASUBTYPE_H264, 1920, 1080, 0, 333_333, 333_333, 2_000_000, 2_000_000);
        Structure s = only(KsCaps.caps(List.of(range)));
        assertEquals("video/x-h264", s.getName());
        assertEquals("byte-stream", s.getString("stream-format"));
        assertEquals("au", s.getString("alignment"));
        assertEquals(1920, s.getInteger("width"));
        assertTrue(KsCaps.caps(List.of(range)).contains("framerate=(fraction)[5/1,30/1]"), KsCaps.caps(List.of(range)));
        assertTrue(KsVideo.isCompressed(KsDataFormat.subFormat(range)));
        assertTrue(Caps.fromString(KsCaps.caps(List.of(range))).isSubset(Caps.fromString("video/x-h264,stream-format=byte-stream")));
        assertEquals(KsGuids.MEDIASUBTYPE_H264, KsCaps.subtype("video/x-h264", null));
    }

    @Test
    void ratesAreWholeOrNtscFractionsAndUnknownFormatsHaveNoCaps() {
        assertEquals("30/1", KsCaps.fraction(333_333));
        assertEquals("30000/1001", KsCaps.fraction(333_667));
        // every NTSC rate, not only those whose offset happened to exceed the old tolerance
        for (int nominal : new int[] {24, 30, 48, 60, 120}) {
            long interval = KsCaps.interval(nominal * 1000, 1001);
            assertEquals(nominal * 1000 + "/1001", KsCaps.fraction(interval), nominal + " NTSC (" + interval + ")");
            assertEquals(nominal + "/1", KsCaps.fraction(KsCaps.interval(nominal, 1)), nominal + " whole");
        }
        assertEquals(333_667, KsCaps.interval(30000, 1001));
        assertNull(KsCaps.mediaType(KsGuids.fourccSubtype("ZZZZ")));
        assertNull(KsCaps.subtype("video/x-raw", "GRAY8"));
        assertEquals("EMPTY", KsCaps.caps(List.of(KsVideo.range(KsGuids.fourccSubtype("ZZZZ"), 64, 64, 8, 0, 0, 0, 0))));
    }

    /**
     * Every whole rate from 1 to 120 fps, from a pin that offers only that rate with its interval
     * truncated (10^7 / fps, as UVC cameras and the virtual camera state dwFrameInterval) or rounded:
     * the caps kssrc offers name the rate, and the client range kssrc makes from that caps
     * intersects the pin at the pin's own interval. The interval is a whole number of 100 ns, so
     * the two sides may differ by one unit.
     */
    @Test
    void everyRateFromOneTo120RoundTripsBetweenRangeCapsAndFormat() {
        for (int fps = 1; fps <= 120; fps++) {
            for (long interval : new long[] {10_000_000L / fps, Math.round(1e7 / fps)}) {
                ByteBuffer pin = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, interval, interval, interval, 0);
                Structure s = only(KsCaps.structure(pin));
                assertEquals(fps, s.getFraction("framerate").getNumerator(), "numerator at " + fps + " fps");
                assertEquals(1, s.getFraction("framerate").getDenominator(), "denominator at " + fps + " fps");
                long asked = KsCaps.interval(s.getFraction("framerate").getNumerator(), s.getFraction("framerate").getDenominator());
                ByteBuffer format = KsVideo.intersect(KsCaps.clientRange(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 0, asked), pin);
                assertTrue(format != null, "the pin's only mode at " + fps + " fps (interval " + interval + ", asked " + asked + ")");
                assertEquals(interval, KsVideo.avgTimePerFrame(format), "the pin's own interval at " + fps + " fps");
                assertTrue(KsVideo.formatWithinRange(format, pin), "a format the pin accepts at " + fps + " fps");
                assertEquals(fps + "/1", KsCaps.fraction(KsVideo.avgTimePerFrame(format)), "and back to the caps at " + fps + " fps");
            }
        }
    }

    /**
     * A pin's size range becomes GStreamer int ranges with the granularity as their step, so
     * GStreamer's own caps intersection keeps a size only where the pin offers it, and the fixed
     * caps kssrc negotiates intersect the pin at that size.
     */
    @Test
    void aSizeRangeIsAnIntRangeWithItsStep() {
        ByteBuffer pin = KsVideo.sizeRange(KsGuids.MEDIASUBTYPE_YUY2, 160, 120, 1280, 720, 16, 8, 640, 480, 16, 333_333, 333_333, 333_333, 0);
        Caps offered = Caps.fromString(KsCaps.caps(List.of(pin)));
        assertEquals(1, offered.size());
        assertTrue(!offered.intersect(Caps.fromString("video/x-raw,format=YUY2,width=800,height=600,framerate=30/1")).isEmpty(),
                "800x600 lies on the grid");
        assertTrue(offered.intersect(Caps.fromString("video/x-raw,format=YUY2,width=808,height=600,framerate=30/1")).isEmpty(),
                "808 is off the 16-pixel step");
        assertTrue(offered.intersect(Caps.fromString("video/x-raw,format=YUY2,width=1920,height=1080,framerate=30/1")).isEmpty());
        ByteBuffer format = KsVideo.intersect(KsCaps.clientRange(KsGuids.MEDIASUBTYPE_YUY2, 800, 600, 16, 333_333), pin);
        assertEquals(800, KsVideo.width(format));
        assertEquals(600, KsVideo.height(format));
        assertTrue(KsVideo.formatWithinRange(format, pin));
    }
}
