package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ks.api.ks.KsGuids;
import ks.api.ks.KsVideo;
import ks.gst.KsCaps;

import org.junit.jupiter.api.Test;

/** Choosing a capture mode for --format/--size/--fps, NTSC rates included. */
class VideoModeTest {

    static final long NTSC_30 = 333_667; // 30000/1001 fps, as cameras and capture cards report it
    static final long NTSC_60 = 166_833;

    static VideoMode.Range range(long slowest, long fastest) {
        return VideoMode.Range.of(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, fastest, fastest, slowest, 0));
    }

    @Test
    void thirtyAndTwentyNineNinetySevenBothChooseAnNtscCamerasRate() throws Exception {
        List<VideoMode.Range> ntsc = List.of(range(NTSC_30, NTSC_30));
        for (double asked : new double[] {30, 29.97}) {
            VideoMode m = VideoMode.choose(ntsc, "Capture Card", "YUY2", new int[] {640, 480}, asked);
            assertEquals(NTSC_30, KsVideo.interval(m.fps()), "asked " + asked);
            assertTrue(m.caps().contains("framerate=30000/1001"), m.caps());
        }
        VideoMode sixty = VideoMode.choose(List.of(range(NTSC_30, NTSC_60)), "Capture Card", null, null, 60);
        assertEquals(NTSC_60, KsVideo.interval(sixty.fps()));
        assertEquals("60000/1001", KsCaps.fraction(KsVideo.interval(sixty.fps())));
    }

    @Test
    void aWholeRateTheCameraHasIsTakenAsItIs() throws Exception {
        VideoMode m = VideoMode.choose(List.of(range(KsVideo.interval(5), KsVideo.interval(30))), "Cam", null, null, 30);
        assertEquals(30, m.fps());
        assertTrue(m.caps().contains("framerate=30/1"), m.caps());
        VideoMode fifteen = VideoMode.choose(List.of(range(KsVideo.interval(5), KsVideo.interval(30))), "Cam", null, null, 15);
        assertEquals(15, fifteen.fps());
    }

    @Test
    void aRateNeitherWholeNorNtscIsRefusedWithWhatTheDeviceOffers() {
        CliException e = assertThrows(CliException.class,
                () -> VideoMode.choose(List.of(range(NTSC_30, NTSC_30)), "Capture Card", null, null, 25));
        assertTrue(e.getMessage().contains("'Capture Card' offers no video at 25 fps") && e.getMessage().contains("29.97 fps"), e.getMessage());
    }

    @Test
    void aSizeOnASizeRangesGridIsChosenAndOneOffItIsRefused() throws Exception {
        VideoMode.Range scaler = VideoMode.Range.of(KsVideo.sizeRange(KsGuids.MEDIASUBTYPE_YUY2, 160, 120, 1280, 720, 16, 8, 640, 480, 16,
                KsVideo.interval(30), KsVideo.interval(30), KsVideo.interval(30), 0));
        VideoMode m = VideoMode.choose(List.of(scaler), "Scaler", null, new int[] {800, 600}, 30);
        assertEquals(800, m.width());
        assertEquals(600, m.height());
        assertTrue(m.caps().contains("width=800,height=600"), m.caps());
        assertEquals(640, VideoMode.choose(List.of(scaler), "Scaler", null, null, 0).width(), "no size asked: the range's default");
        CliException off = assertThrows(CliException.class, () -> VideoMode.choose(List.of(scaler), "Scaler", null, new int[] {808, 600}, 30));
        assertTrue(off.getMessage().contains("YUY2 160x120 to 1280x720 in steps of 16x8 (default 640x480), 30 fps"), off.getMessage());
    }
}
