package ks.gst.internal.src;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import ks.api.ks.KsGuids;
import ks.api.ks.KsVideo;

/** Which formats are bottom-up, and rows put the other way round, worked out by hand. */
class BottomUpRowsTest {

    @Test
    void onlyRgbWithAPositiveHeightIsBottomUp() {
        assertNotNull(BottomUpRows.of(KsVideo.format(KsGuids.MEDIASUBTYPE_RGB24, 2, 3, 24, 333333, 0)));
        assertNotNull(BottomUpRows.of(KsVideo.format(KsGuids.MEDIASUBTYPE_RGB32, 2, 3, 32, 333333, 0)));
        assertNull(BottomUpRows.of(KsVideo.format(KsGuids.MEDIASUBTYPE_RGB24, 2, -3, 24, 333333, 0)), "negative biHeight: top-down");
        assertNull(BottomUpRows.of(KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 2, 3, 16, 333333, 0)), "YUV is top-down whatever its sign");
    }

    @Test
    void rowsOfOnePixelPaddedToFourBytesSwapTopForBottom() {
        // RGB24, 1 pixel wide: 3 bytes a row, padded to 4; three rows
        BottomUpRows flip = BottomUpRows.of(KsVideo.format(KsGuids.MEDIASUBTYPE_RGB24, 1, 3, 24, 333333, 0));
        ByteBuffer frame = ByteBuffer.wrap(new byte[] {1, 1, 1, 0, 2, 2, 2, 0, 3, 3, 3, 0});
        flip.flip(frame, 12);
        assertArrayEquals(new byte[] {3, 3, 3, 0, 2, 2, 2, 0, 1, 1, 1, 0}, frame.array());
    }

    @Test
    void aShortFrameFlipsOnlyItsWholeRows() {
        BottomUpRows flip = BottomUpRows.of(KsVideo.format(KsGuids.MEDIASUBTYPE_RGB24, 1, 3, 24, 333333, 0));
        ByteBuffer frame = ByteBuffer.wrap(new byte[] {1, 1, 1, 0, 2, 2, 2, 0, 3, 3, 3, 0});
        flip.flip(frame, 10); // two whole rows arrived
        assertArrayEquals(new byte[] {2, 2, 2, 0, 1, 1, 1, 0, 3, 3, 3, 0}, frame.array());
    }
}
