package ks.devices.usbvideo.internal.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ks usb describe}: hex and binary input, text and JSON output, usage errors. */
class DescribeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Describe.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path anker(boolean binary, boolean withDeviceDescriptor) throws Exception {
        byte[] config = Dumps.load("anker-powerconf-c200-291a_3369.cfg_desc.hex");
        Path p = dir.resolve(binary ? "descriptors" : "c200.hex");
        if (!binary) {
            Files.writeString(p, "# Anker PowerConf C200\n" + new String(
                    getClass().getResourceAsStream("/uvc/anker-powerconf-c200-291a_3369.cfg_desc.hex").readAllBytes(), StandardCharsets.US_ASCII));
            return p;
        }
        // sysfs form: an 18-byte device descriptor (idVendor 291a, idProduct 3369) before the configuration
        byte[] dev = { 18, 1, 0, 2, (byte) 0xEF, 2, 1, 64, 0x1a, 0x29, 0x69, 0x33, 0, 1, 1, 2, 0, 1 };
        byte[] all = new byte[(withDeviceDescriptor ? 18 : 0) + config.length];
        if (withDeviceDescriptor) {
            System.arraycopy(dev, 0, all, 0, 18);
        }
        System.arraycopy(config, 0, all, withDeviceDescriptor ? 18 : 0, config.length);
        Files.write(p, all);
        return p;
    }

    @Test
    void hexInputPrintsFormatsFramesAndAlternateSettings() throws Exception {
        assertEquals(0, run(anker(false, false).toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("UVC 1.10, clock 48000000 Hz"), text);
        assertTrue(text.contains("Format 1: MJPEG"), text);
        assertTrue(text.contains("YUY2"), text);
        assertTrue(text.contains("H264"), text);
        assertTrue(text.contains("2048 bytes per interval"), text);
        // processing unit bmControls 0x147F: bits 0-6, 10, 12
        assertTrue(text.contains("processing unit 2, bmControls 0x147F: brightness, contrast, hue, saturation, sharpness, gamma, "
                + "white balance temperature, power line frequency, white balance temperature auto"), text);
    }

    @Test
    void sysfsBinaryInputNamesTheDeviceAndJsonCarriesTheSameFacts() throws Exception {
        assertEquals(0, run(anker(true, true).toString(), "--json"));
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"vendorId\":10522,\"productId\":13161,"), json);
        assertTrue(json.contains("\"uvc\":\"1.10\""), json);
        assertTrue(json.contains("\"name\":\"H264\""), json);
        assertTrue(json.contains("\"bytesPerInterval\":2048"), json);
    }

    @Test
    void usageErrorsAndMissingFilesSaySo() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
        assertEquals(1, run(dir.resolve("nope").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"));
        assertEquals(2, run("a", "b"));
    }
}
