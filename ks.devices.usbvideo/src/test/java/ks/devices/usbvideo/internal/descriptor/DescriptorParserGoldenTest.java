package ks.devices.usbvideo.internal.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden tests on the real dumps: the expected values are the walk results of uvc.md §7 (an
 * independent walker) and values read from the USB Device Tree View texts next to the dumps.
 */
class DescriptorParserGoldenTest {

    /** One line per VideoStreaming interface: "if<N> <format>(<frames>)... iso|bulk <alts> alts <first>..<last>". */
    static String summary(VideoFunction f) {
        List<String> parts = new ArrayList<>();
        for (StreamingInterface s : f.streams()) {
            StringBuilder b = new StringBuilder("if" + s.interfaceNumber());
            for (Format fmt : s.formats()) {
                b.append(' ').append(fmt.name()).append('(').append(fmt.frames().size()).append(')');
            }
            List<Integer> bytes = new ArrayList<>();
            for (StreamingInterface.AltSetting alt : s.altSettings()) {
                Endpoint e = s.dataEndpoint(alt);
                if (e != null) {
                    bytes.add(e.bytesPerInterval());
                }
            }
            b.append(s.isochronous() ? " iso " : " bulk ").append(bytes.size()).append(" alts ");
            b.append(bytes.isEmpty() ? "-" : bytes.get(0) + ".." + bytes.get(bytes.size() - 1));
            parts.add(b.toString());
        }
        return String.join("; ", parts);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        anker-powerconf-c200-291a_3369.cfg_desc.hex      | 0x0110 | 48000000 | 841  | if1 MJPEG(6) YUY2(3) H264(6) iso 1 alts 2048..2048
        canyon-cne-cwc2-sonix-0c45_6340.cfg_desc.hex     | 0x0100 | 15000000 | 1295 | if1 YUY2(9) MJPEG(9) iso 6 alts 128..3072
        elp-h264-32e4_9422.cfg_desc.hex                  | 0x0100 | 15000000 | 1426 | if1 MJPEG(8) YUY2(6) iso 6 alts 128..3072; if2 H264(8) iso 6 alts 128..3072
        elp-h265-32e4_9415.cfg_desc.hex                  | 0x0110 | 48000000 | 1456 | if1 MJPEG(8) H264(8) H265(8) YUY2(6) iso 4 alts 512..3072
        logitech-c270-046d_0825.cfg_desc.hex             | 0x0100 | 48000000 | 2466 | if1 YUY2(19) MJPEG(19) iso 11 alts 192..3060
        logitech-c980-rawcfg.Logitech_C980.hex           | 0x0100 | 30000000 | 858  | if1 YUY2(1) MJPEG(5) iso 5 alts 192..800
        logitech-streamcam-046d_0893.cfg_desc.hex        | 0x0100 | 30000000 | 1801 | if1 YUY2(10) MJPEG(10) iso 11 alts 192..3072
        trust-webcam-sonix-0c45_6340.cfg_desc.hex        | 0x0100 | 15000000 | 701  | if1 YUY2(6) iso 6 alts 128..3072
        """)
    void shouldWalkEverySingleFunctionDumpAsTheReferenceWalkerDid(String file, String bcd, long clock, int length, String streams) {
        UvcConfiguration c = DescriptorParser.parse(Dumps.load(file));
        assertEquals(length, c.length());
        assertFalse(c.truncated(), () -> String.join("\n", c.warnings()));
        assertEquals(1, c.functions().size());
        VideoFunction f = c.functions().get(0);
        assertEquals(Integer.decode(bcd), f.bcdUVC());
        assertEquals(clock, f.clockFrequency());
        assertEquals(streams, summary(f));
    }

    @Test
    void shouldFindBothFunctionsOfTheDualTinyUsbDeviceWithBulkEndpoints() {
        UvcConfiguration c = DescriptorParser.parse(Dumps.load("espressif-tinyusb-dual-uvc15-303a_8000.cfg_desc.hex"));
        assertEquals(293, c.length());
        assertEquals(2, c.functions().size());
        for (VideoFunction f : c.functions()) {
            assertEquals(0x0150, f.bcdUVC());
            assertEquals("1.50", f.uvcVersion());
            assertEquals(27_000_000, f.clockFrequency());
            assertEquals(1, f.protocol(), "UVC 1.5 VC protocol 0x01");
            assertNull(f.statusEndpoint(), "no interrupt endpoint");
        }
        assertEquals("if1 MJPEG(1) bulk 1 alts 512..512", summary(c.functions().get(0)));
        assertEquals("if3 MJPEG(1) bulk 1 alts 512..512", summary(c.functions().get(1)));
        assertEquals(Endpoint.TRANSFER_BULK, c.functions().get(0).streams().get(0).altSettings().get(0).endpoints().get(0).transferType());
    }

    @Test
    void shouldFindTwoFunctionsInTheRockchipDualCamera() {
        UvcConfiguration c = DescriptorParser.parse(Dumps.load("rockchip-dual-cam-2207_0018.cfg_desc.hex"));
        assertEquals(890, c.length());
        assertFalse(c.truncated());
        assertEquals(2, c.functions().size(), "two VC interfaces (0 and 2), each with a 48 MHz UVC 1.00 header");
        assertEquals("if1 MJPEG(1) iso 1 alts 2048..2048", summary(c.functions().get(0)));
        assertEquals("if3 H265(5) iso 1 alts 2048..2048", summary(c.functions().get(1)));
        assertEquals(48_000_000, c.functions().get(1).clockFrequency());
    }

    @Test
    void shouldStopCleanlyAtTheTruncatedCustomerCamera() {
        UvcConfiguration c = DescriptorParser.parse(Dumps.load("unknown-customer-cam-349c_3307.cfg_desc.hex"));
        assertEquals(483, c.length());
        assertEquals(484, c.totalLength(), "wTotalLength claims one byte more than was captured");
        assertTrue(c.truncated());
        assertEquals("if1 MJPEG(4) bulk 1 alts 64..64", summary(c.functions().get(0)));
        assertEquals(24_000_000, c.functions().get(0).clockFrequency());
        assertEquals(10, c.functions().get(0).statusEndpoint().maxPacketSize());
    }

    @Test
    void shouldReadTheC270FramesIntervalsAndEntitiesAsTheTreeViewShowsThem() {
        VideoFunction f = DescriptorParser.parse(Dumps.load("logitech-c270-046d_0825.cfg_desc.hex")).functions().get(0);
        Format yuy2 = f.streams().get(0).formats().get(0);
        assertEquals(UUID.fromString("32595559-0000-0010-8000-00AA00389B71"), yuy2.guid());
        assertEquals(16, yuy2.bitsPerPixel());
        Frame first = yuy2.frames().get(0);
        assertEquals(List.of(640, 480), List.of(first.width(), first.height()));
        assertEquals(333_333, first.defaultInterval(), "0x00051615");
        Frame hd = yuy2.frames().stream().filter(x -> x.width() == 1280 && x.height() == 720).findFirst().orElseThrow();
        assertEquals(List.of(1_333_333L, 2_000_000L), hd.intervals(), "0x00145855 and 0x001E8480: 7.5 and 5 fps");
        assertEquals(2_000_000, hd.defaultInterval());
        assertEquals(1280 * 720 * 2, hd.maxVideoFrameBufferSize(), "0x001C2000 = 1843200");
        Endpoint alt11 = f.streams().get(0).dataEndpoint(f.streams().get(0).altSettings().get(11));
        assertEquals(0x13FC, alt11.maxPacketSize());
        assertEquals(3060, alt11.bytesPerInterval(), "3 x 1020");
        assertEquals(16, f.statusEndpoint().maxPacketSize(), "0x0010");
        Entity pu = f.entities().stream().filter(e -> e.subtype() == Entity.VC_PROCESSING_UNIT).findFirst().orElseThrow();
        assertEquals(2, pu.controlSize(), "a UVC 1.0 processing unit of 11 bytes is kept");
        assertTrue(f.entities().stream().anyMatch(Entity::isCameraTerminal));
        assertTrue(f.entities().stream().anyMatch(e -> e.subtype() == Entity.VC_EXTENSION_UNIT && e.guid() != null));
    }
}
