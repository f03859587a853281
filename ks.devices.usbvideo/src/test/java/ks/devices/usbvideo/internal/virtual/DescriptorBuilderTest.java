package ks.devices.usbvideo.internal.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import ks.devices.usbvideo.internal.descriptor.DescriptorParser;
import ks.devices.usbvideo.internal.descriptor.Format;
import ks.devices.usbvideo.internal.descriptor.StreamingInterface;
import ks.devices.usbvideo.internal.descriptor.UvcConfiguration;
import ks.devices.usbvideo.internal.descriptor.VideoFunction;

/** The virtual camera's descriptors read back by the parser real cameras go through. */
class DescriptorBuilderTest {

    @ParameterizedTest(name = "UVC {0} {1}")
    @CsvSource({ "1.0, iso, 256", "1.1, iso, 272", "1.5, iso, 336", "1.0, bulk, 256", "1.1, bulk, 272", "1.5, bulk, 336" })
    void theConfigurationParsesBackToTheSpec(String uvc, String transfer, int bcd) {
        VirtualCameraSpec spec = VirtualCameraSpec.of("Cam", 0x1209, 0x0001, uvc, transfer, true, new String[] { "YUY2", "MJPG" },
                new String[] { "640x480", "1920x1080" }, new int[] { 30, 5 }, new String[0]);
        byte[] config = DescriptorBuilder.configuration(spec);
        UvcConfiguration c = DescriptorParser.parse(config);
        assertEquals(List.of(), c.warnings());
        assertFalse(c.truncated());
        assertEquals(config.length, c.totalLength());
        VideoFunction f = c.functions().get(0);
        assertEquals(bcd, f.bcdUVC());
        assertEquals(VirtualUvcCamera.CLOCK_HZ, f.clockFrequency());
        StreamingInterface s = f.streams().get(0);
        assertEquals(List.of("YUY2", "MJPEG"), s.formats().stream().map(Format::name).toList());
        for (Format fmt : s.formats()) {
            assertEquals(640, fmt.frames().get(0).width());
            assertEquals(1080, fmt.frames().get(1).height());
            assertEquals(List.of(333_333L, 2_000_000L), fmt.frames().get(0).intervals());
        }
        assertEquals(transfer.equals("iso"), s.isochronous());
        if (s.isochronous()) {
            assertEquals(6, s.altSettings().size());
            assertEquals(3072, s.dataEndpoint(s.altSettings().get(5)).bytesPerInterval());
            assertEquals(128, s.dataEndpoint(s.altSettings().get(1)).bytesPerInterval());
        } else {
            assertEquals(512, s.dataEndpoint(s.altSettings().get(0)).maxPacketSize());
        }
        assertTrue(f.entities().stream().anyMatch(e -> e.isCameraTerminal()));
    }

    @Test
    void nv12IsAnUncompressedFormatOfTwelveBitsAPixelWithItsGuid() {
        VirtualCameraSpec spec = VirtualCameraSpec.of("Cam", 0x1209, 0x0001, "1.1", "iso", true, new String[] { "nv12" },
                new String[] { "640x480" }, new int[] { 30 }, new String[0]);
        Format fmt = DescriptorParser.parse(DescriptorBuilder.configuration(spec)).functions().get(0).streams().get(0).formats().get(0);
        assertEquals(Format.VS_FORMAT_UNCOMPRESSED, fmt.subtype());
        assertEquals(java.util.UUID.fromString("3231564e-0000-0010-8000-00aa00389b71"), fmt.guid());
        assertEquals(12, fmt.bitsPerPixel());
        assertEquals(640 * 480 * 3 / 2, fmt.frames().get(0).maxVideoFrameBufferSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VirtualCameraSpec.Kind.parse("RGB3")).getMessage().contains("NV12"));
    }

    @Test
    void badSettingsAreRefusedWithAReadableReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VirtualCameraSpec.parseSize("4000x3000")).getMessage().contains("1920"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VirtualCameraSpec.parseUvcVersion("2.0")).getMessage().contains("1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VirtualCameraSpec.Faults.parse(new String[] { "melt=1" }))
                .getMessage().contains("known"));
    }
}
