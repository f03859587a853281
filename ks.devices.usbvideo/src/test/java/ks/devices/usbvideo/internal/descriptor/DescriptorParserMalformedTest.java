package ks.devices.usbvideo.internal.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed variants of every real dump: truncation at every byte boundary, every byte set to
 * 0x00 and to 0xFF (bLength 0, 1 or oversized; counts and sizes that lie). The parser must return
 * a result each time, never throw or read out of bounds, and say what it skipped.
 */
class DescriptorParserMalformedTest {

    @ParameterizedTest
    @ValueSource(strings = {"anker-powerconf-c200-291a_3369.cfg_desc.hex", "canyon-cne-cwc2-sonix-0c45_6340.cfg_desc.hex",
        "elp-h264-32e4_9422.cfg_desc.hex", "elp-h265-32e4_9415.cfg_desc.hex", "espressif-tinyusb-dual-uvc15-303a_8000.cfg_desc.hex",
        "logitech-c270-046d_0825.cfg_desc.hex", "logitech-c980-rawcfg.Logitech_C980.hex", "logitech-streamcam-046d_0893.cfg_desc.hex",
        "rockchip-dual-cam-2207_0018.cfg_desc.hex", "trust-webcam-sonix-0c45_6340.cfg_desc.hex", "unknown-customer-cam-349c_3307.cfg_desc.hex"})
    void shouldSurviveEveryTruncationAndEveryByteSetToZeroOrFf(String file) {
        byte[] full = Dumps.load(file);
        for (int n = 0; n < full.length; n++) {
            UvcConfiguration c = DescriptorParser.parse(Arrays.copyOf(full, n));
            assertEquals(n, c.length());
            if (n >= 9) {
                assertTrue(c.truncated(), file + " cut at " + n + " is reported truncated");
            }
        }
        for (int i = 0; i < full.length; i++) {
            for (byte v : new byte[] {0, (byte) 0xFF}) {
                byte[] bad = full.clone();
                bad[i] = v;
                UvcConfiguration c = DescriptorParser.parse(bad);
                assertEquals(full.length, c.length(), file + " byte " + i + " = " + v);
            }
        }
    }

    /** The smallest configuration: a header, a VC interface with a header, a VS interface with a format and a frame. */
    static byte[] minimal(int intervalType) {
        byte[] b = {
            9, 2, 0, 0, 2, 1, 0, (byte) 0x80, 50,
            9, 4, 0, 0, 0, 0x0E, 1, 0, 0,
            13, 0x24, 1, 0x10, 1, 0, 0, 0x00, 0x6C, (byte) 0xDC, 0x02, 1, 1,
            9, 4, 1, 0, 0, 0x0E, 2, 0, 0,
            14, 0x24, 1, 1, 0, 0, (byte) 0x81, 0, 3, 0, 0, 0, 1, 0,
            27, 0x24, 4, 1, 1, 'Y', 'U', 'Y', '2', 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71, 16, 1, 0, 0, 0, 0,
            30, 0x24, 5, 1, 0, (byte) 0x80, 2, (byte) 0xE0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x15, 0x16, 5, 0, (byte) intervalType,
            0x15, 0x16, 5, 0,
        };
        b[2] = (byte) b.length;
        b[3] = (byte) (b.length >> 8);
        return b;
    }

    @Test
    void shouldParseTheMinimalConfiguration() {
        UvcConfiguration c = DescriptorParser.parse(minimal(1));
        assertFalse(c.truncated(), c.warnings().toString());
        Format f = c.functions().get(0).streams().get(0).formats().get(0);
        assertEquals("YUY2", f.name());
        assertEquals(1, f.frames().size());
        assertEquals(640 * 480 * 2, f.frames().get(0).maxVideoFrameBufferSize(), "recomputed from the size, not the descriptor's 0");
        assertEquals(333_333, f.frames().get(0).defaultInterval());
    }

    @Test
    void shouldSkipAFrameWhoseIntervalCountLies() {
        UvcConfiguration c = DescriptorParser.parse(minimal(9));
        assertEquals(0, c.functions().get(0).streams().get(0).formats().get(0).frames().size());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("frame with 9 intervals needs 62 bytes, has 30")), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("bNumFrameDescriptors 1 but 0 frames found")), c.warnings().toString());
    }

    @Test
    void shouldReplaceZeroIntervalsAndClampTheDefault() {
        byte[] b = minimal(1);
        int frame = b.length - 30;
        Arrays.fill(b, frame + 26, frame + 30, (byte) 0); // the only interval is 0
        UvcConfiguration c = DescriptorParser.parse(b);
        Frame f = c.functions().get(0).streams().get(0).formats().get(0).frames().get(0);
        assertEquals(java.util.List.of(1L), f.intervals(), "0 becomes 1");
        assertEquals(1, f.defaultInterval(), "the default is clamped into [1, 1]");
    }

    @Test
    void shouldStopAtBLengthZeroOrOneAndAtARecordRunningPastTheEnd() {
        for (int v : new int[] {0, 1, 200}) {
            byte[] b = minimal(1);
            b[9] = (byte) v; // the VC interface descriptor
            UvcConfiguration c = DescriptorParser.parse(b);
            assertTrue(c.truncated(), "bLength " + v);
            assertEquals(0, c.functions().size());
            assertTrue(c.warnings().get(0).startsWith("offset 9: "), c.warnings().toString());
        }
    }
}
