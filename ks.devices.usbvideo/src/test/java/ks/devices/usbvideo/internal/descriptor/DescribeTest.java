package ks.devices.usbvideo.internal.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ks usb describe}: hex, binary and USB Device Tree View input, text and JSON output, usage
 * errors, and files that hold no descriptor bytes.
 */
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

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, getClass().getResourceAsStream("/uvc/" + name).readAllBytes());
        return p;
    }

    @Test
    void treeViewReportGivesTheBytesOfItsDeviceAndConfigurationDumps() throws Exception {
        // the same device's descriptors as the C arrays of its source file, extracted separately
        byte[] dev = Dumps.load("espressif-tinyusb-dual-uvc15-303a_8000.dev_desc.hex");
        byte[] cfg = Dumps.load("espressif-tinyusb-dual-uvc15-303a_8000.cfg_desc.hex");
        byte[] expected = new byte[dev.length + cfg.length];
        System.arraycopy(dev, 0, expected, 0, dev.length);
        System.arraycopy(cfg, 0, expected, dev.length, cfg.length);
        Path report = resource("espressif-tinyusb-dual-uvc15-303a_8000.usbtreeview.txt");
        assertArrayEquals(expected, Describe.read(report));

        // as Windows saves it: CRLF line ends
        Path crlf = dir.resolve("crlf.txt");
        Files.writeString(crlf, Files.readString(report, StandardCharsets.ISO_8859_1).replace("\n", "\r\n"), StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, Describe.read(crlf));

        assertEquals(0, run(report.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Device 303a:8000"), text);
        assertTrue(text.contains("Configuration: 293 of 293 bytes, 2 video function(s)"), text);
        assertTrue(text.contains("UVC 1.50"), text);
    }

    @Test
    void treeViewReportWithoutTheConfigurationDumpSaysSo() throws Exception {
        Path p = dir.resolve("fields-only.txt");
        Files.writeString(p, "    ------------------ Configuration Descriptor -------------------\n"
                + "bLength                  : 0x09 (9 bytes)\n"
                + "bDescriptorType          : 0x02 (Configuration Descriptor)\n"
                + "\n"
                + "        ---------------- Interface Descriptor -----------------\n"
                + "Data (HexDump)           : 09 04 00 00 01 0E 01 00 05                        .........\n");
        assertEquals(1, run(p.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("has no hex dump of its configuration descriptor"), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lsusbTextIsRefusedWithWhereTheBytesAre() throws Exception {
        assertEquals(1, run(resource("apple-isight-imac-05ac_8501.txt").toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("this is 'lsusb -v' text, which lists descriptor fields, not their bytes"), e);
        assertTrue(e.contains("/sys/bus/usb/devices/"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileWithoutDescriptorsIsRefusedWithItsFirstBytes() throws Exception {
        Path notes = dir.resolve("notes.md");
        Files.writeString(notes, "My camera: a C920\n");
        assertEquals(1, run(notes.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a USB configuration descriptor: it starts with 4D 79 20 63"), err.toString());
        Path empty = Files.createFile(dir.resolve("empty"));
        assertEquals(1, run(empty.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("empty holds no descriptor bytes"), err.toString());
        Path comments = dir.resolve("comments.hex");
        Files.writeString(comments, "# the C920's configuration, to be pasted below\n");
        assertEquals(1, run(comments.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("comments.hex holds no descriptor bytes"), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
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
