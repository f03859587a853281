package ks.devices.usbvideo.internal.descriptor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./ks usb describe FILE [--json]}: prints what a UVC configuration descriptor holds. FILE is
 * raw bytes (a configuration descriptor, or Linux sysfs {@code descriptors}: the device descriptor
 * followed by the configuration), hex text ({@code #} lines are comments) or a Windows USB Device
 * Tree View report (the hex dumps of its device and first configuration descriptor). Text that
 * lists descriptor fields without their bytes ({@code lsusb -v}) and files that hold no descriptor
 * are refused with a message that says what to give instead.
 */
public final class Describe {

    private Describe() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        String file = null;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (a.startsWith("-") || file != null) {
                err.println("ks usb describe: unexpected '" + a + "' (usage: ./ks usb describe FILE [--json])");
                return 2;
            } else {
                file = a;
            }
        }
        if (file == null) {
            err.println("usage: ./ks usb describe FILE [--json]   (FILE: raw descriptor bytes, hex text or a USB Device Tree View report)");
            return 2;
        }
        byte[] bytes;
        try {
            bytes = read(Path.of(file));
        } catch (NoSuchFileException e) {
            err.println("ks usb describe: no such file: " + file);
            return 1;
        } catch (IOException e) {
            err.println("ks usb describe: cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("ks usb describe: " + file + ": " + e.getMessage());
            return 1;
        }
        int[] ids = null;
        if (DeviceDescriptor.startsWith(bytes)) {
            DeviceDescriptor d = DeviceDescriptor.parse(bytes);
            ids = new int[] { d.vendorId(), d.productId() };
            byte[] rest = new byte[bytes.length - DeviceDescriptor.LENGTH];
            System.arraycopy(bytes, DeviceDescriptor.LENGTH, rest, 0, rest.length);
            bytes = rest; // sysfs "descriptors": the device descriptor comes first
        }
        if (bytes.length == 0) {
            err.println("ks usb describe: " + file + " holds no descriptor bytes");
            return 1;
        }
        UvcConfiguration c = DescriptorParser.parse(bytes);
        if (c.functions().isEmpty() && !startsWithConfiguration(bytes)) {
            err.println("ks usb describe: " + file + ": not a USB configuration descriptor: it starts with " + firstBytes(bytes)
                    + ", where a configuration starts with 09 02 (or sysfs 'descriptors' with the device descriptor, 12 01)");
            return 1;
        }
        out.print(json ? json(c, ids) : text(c, ids));
        return c.functions().isEmpty() ? 1 : 0;
    }

    /**
     * The descriptor bytes a file holds: hex text when every non-comment character is a hex digit
     * or whitespace; the device and configuration descriptors of a USB Device Tree View report;
     * else the file's raw bytes.
     *
     * @throws IllegalArgumentException with a message saying what to give instead, for {@code lsusb -v}
     *         text (it lists fields, not bytes) and for a Tree View report without a configuration dump
     */
    public static byte[] read(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder hex = new StringBuilder();
        for (String line : s.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            for (char ch : line.toCharArray()) {
                if (Character.digit(ch, 16) >= 0 || Character.isWhitespace(ch)) {
                    hex.append(ch);
                } else {
                    return fromText(s, raw);
                }
            }
            hex.append('\n');
        }
        return parseHex(hex.toString());
    }

    private static final Pattern TREE_VIEW_SECTION = Pattern.compile("^ *-{3,} (Device|Configuration) Descriptor -{3,}\\s*$", Pattern.MULTILINE);
    private static final Pattern ANY_SECTION = Pattern.compile("^ *-{3,} .+ -{3,}\\s*$", Pattern.MULTILINE);
    private static final Pattern LSUSB_CONFIGURATION = Pattern.compile("^ *Configuration Descriptor:\\s*$", Pattern.MULTILINE);
    private static final String HEX_DUMP = "Data (HexDump)";

    /** A text report's descriptor bytes, or {@code raw} when the file is no report this knows. */
    private static byte[] fromText(String s, byte[] raw) {
        Matcher m = TREE_VIEW_SECTION.matcher(s);
        byte[] device = null;
        while (m.find()) {
            byte[] dump = hexDumpAfter(s, m.end());
            if (m.group(1).equals("Device")) {
                device = device == null ? dump : device;
                continue;
            }
            if (dump == null || dump.length == 0) {
                throw new IllegalArgumentException("this USB Device Tree View report has no hex dump of its configuration"
                        + " descriptor; save the report with the descriptors' hex dumps shown");
            }
            if (device == null || !DeviceDescriptor.startsWith(device)) {
                return dump;
            }
            byte[] both = Arrays.copyOf(device, DeviceDescriptor.LENGTH + dump.length);
            System.arraycopy(dump, 0, both, DeviceDescriptor.LENGTH, dump.length);
            return both; // as sysfs 'descriptors': the device descriptor names the device
        }
        if (LSUSB_CONFIGURATION.matcher(s).find() && s.contains("bDescriptorType")) {
            throw new IllegalArgumentException("this is 'lsusb -v' text, which lists descriptor fields, not their bytes; give the"
                    + " device's raw descriptors instead, e.g. /sys/bus/usb/devices/1-2/descriptors (BUS-PORT as 'lsusb -t' shows it)");
        }
        return raw;
    }

    /**
     * The bytes of the first {@code Data (HexDump)} field after {@code from} and its continuation
     * lines (16 bytes a line, an ASCII column after them), or null when the section has none.
     */
    private static byte[] hexDumpAfter(String s, int from) {
        int at = s.indexOf(HEX_DUMP, from);
        Matcher next = ANY_SECTION.matcher(s);
        if (at < 0 || next.find(from) && next.start() < at) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        String[] lines = s.substring(s.indexOf(':', at) + 1).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i > 0 && !Character.isWhitespace(lines[i].isEmpty() ? 'x' : lines[i].charAt(0))) {
                break; // the next field
            }
            String bytes = line.split("\\s{2,}", 2)[0]; // the ASCII column follows two or more spaces
            if (bytes.isEmpty() || !bytes.matches("\\p{XDigit}{2}( \\p{XDigit}{2})*")) {
                break;
            }
            parts.addAll(Arrays.asList(bytes.split(" ")));
        }
        return parseHex(String.join(" ", parts));
    }

    private static boolean startsWithConfiguration(byte[] b) {
        return b.length >= 4 && (b[0] & 0xFF) >= 4 && b[1] == DescriptorParser.CONFIGURATION;
    }

    /** The first bytes of {@code b} in hex, for a message. */
    private static String firstBytes(byte[] b) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) {
            t.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return t.toString();
    }

    /** Whitespace-separated hex bytes. */
    public static byte[] parseHex(String text) {
        List<String> parts = new ArrayList<>();
        for (String p : text.trim().split("\\s+")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        byte[] b = new byte[parts.size()];
        for (int i = 0; i < b.length; i++) {
            int v = Integer.parseInt(parts.get(i), 16);
            if (v > 0xFF) {
                throw new IllegalArgumentException("'" + parts.get(i) + "' is not a byte");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static String fps(long interval) {
        return interval <= 0 ? "?" : String.format(Locale.ROOT, "%.4g", 1e7 / interval).replaceAll("\\.?0+$", "");
    }

    static String text(UvcConfiguration c, int[] ids) {
        StringBuilder b = new StringBuilder();
        if (ids != null) {
            b.append(String.format("Device %04x:%04x%n", ids[0], ids[1]));
        }
        b.append(String.format("Configuration: %d of %d bytes%s, %d video function(s)%n", c.length(), c.totalLength(),
                c.truncated() ? " (truncated)" : "", c.functions().size()));
        for (VideoFunction f : c.functions()) {
            b.append(String.format("Video function: VC interface %d, UVC %s, clock %d Hz%n", f.controlInterface(), f.uvcVersion(),
                    f.clockFrequency()));
            for (Entity e : f.entities()) {
                b.append(String.format("  %s %d, bmControls 0x%X%s%n", entityName(e), e.id(), e.controls(), controlNames(e)));
            }
            if (f.statusEndpoint() != null) {
                b.append(String.format("  status endpoint 0x%02X, %d bytes%n", f.statusEndpoint().address(), f.statusEndpoint().maxPacketSize()));
            }
            for (StreamingInterface s : f.streams()) {
                b.append(String.format("  Streaming interface %d (%s, %s), endpoint 0x%02X%n", s.interfaceNumber(),
                        s.output() ? "output" : "input", s.isochronous() ? "isochronous" : "bulk", s.endpointAddress()));
                for (Format fmt : s.formats()) {
                    b.append(String.format("    Format %d: %s%s%n", fmt.index(), fmt.name(),
                            fmt.bitsPerPixel() > 0 ? ", " + fmt.bitsPerPixel() + " bits/pixel" : ""));
                    for (Frame fr : fmt.frames()) {
                        String rates;
                        if (fr.continuous()) {
                            rates = fps(fr.maxInterval()) + "–" + fps(fr.minInterval()) + " fps (continuous)";
                        } else {
                            List<String> r = new ArrayList<>();
                            for (long i : fr.intervals()) {
                                r.add(fps(i));
                            }
                            rates = String.join(", ", r) + " fps";
                        }
                        b.append(String.format("      %dx%d: %s%n", fr.width(), fr.height(), rates));
                    }
                }
                for (StreamingInterface.AltSetting a : s.altSettings()) {
                    for (Endpoint e : a.endpoints()) {
                        b.append(String.format("    alt %d: endpoint 0x%02X %s, %d bytes per interval%n", a.alternateSetting(), e.address(),
                                e.transferType() == Endpoint.TRANSFER_ISOCHRONOUS ? "iso" : e.transferType() == Endpoint.TRANSFER_BULK ? "bulk" : "interrupt",
                                e.bytesPerInterval()));
                    }
                }
            }
        }
        for (String w : c.warnings()) {
            b.append("warning: ").append(w).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** bmControls bit names of camera terminals and processing units (UVC 1.5 §3.7.2.3, §3.7.2.5). */
    private static final String[] CT_BITS = { "scanning mode", "AE mode", "AE priority", "exposure", "exposure relative", "focus",
            "focus relative", "iris", "iris relative", "zoom", "zoom relative", "pan/tilt", "pan/tilt relative", "roll", "roll relative",
            null, null, "focus auto", "privacy", "focus simple", "window", "region of interest" };
    private static final String[] PU_BITS = { "brightness", "contrast", "hue", "saturation", "sharpness", "gamma",
            "white balance temperature", "white balance component", "backlight compensation", "gain", "power line frequency",
            "hue auto", "white balance temperature auto", "white balance component auto", "digital multiplier",
            "digital multiplier limit", "analog video standard", "analog lock status", "contrast auto" };

    private static String controlNames(Entity e) {
        String[] names = e.isCameraTerminal() ? CT_BITS : e.subtype() == Entity.VC_PROCESSING_UNIT ? PU_BITS : null;
        if (names == null || e.controls() == 0) {
            return "";
        }
        List<String> on = new ArrayList<>();
        for (int bit = 0; bit < names.length; bit++) {
            if (names[bit] != null && e.hasControl(bit)) {
                on.add(names[bit]);
            }
        }
        return on.isEmpty() ? "" : ": " + String.join(", ", on);
    }

    private static String entityName(Entity e) {
        switch (e.subtype()) {
            case Entity.VC_INPUT_TERMINAL: return e.isCameraTerminal() ? "camera terminal" : "input terminal";
            case Entity.VC_OUTPUT_TERMINAL: return "output terminal";
            case Entity.VC_SELECTOR_UNIT: return "selector unit";
            case Entity.VC_PROCESSING_UNIT: return "processing unit";
            case Entity.VC_EXTENSION_UNIT: return "extension unit";
            case Entity.VC_ENCODING_UNIT: return "encoding unit";
            default: return "entity";
        }
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    static String json(UvcConfiguration c, int[] ids) {
        StringBuilder b = new StringBuilder("{");
        if (ids != null) {
            b.append(String.format("\"vendorId\":%d,\"productId\":%d,", ids[0], ids[1]));
        }
        b.append(String.format("\"totalLength\":%d,\"length\":%d,\"truncated\":%b,\"functions\":[", c.totalLength(), c.length(), c.truncated()));
        List<String> fs = new ArrayList<>();
        for (VideoFunction f : c.functions()) {
            StringBuilder fb = new StringBuilder();
            fb.append(String.format("{\"controlInterface\":%d,\"uvc\":%s,\"clockFrequency\":%d,\"entities\":[", f.controlInterface(),
                    str(f.uvcVersion()), f.clockFrequency()));
            List<String> es = new ArrayList<>();
            for (Entity e : f.entities()) {
                es.add(String.format("{\"type\":%s,\"id\":%d,\"controls\":%d}", str(entityName(e)), e.id(), e.controls()));
            }
            fb.append(String.join(",", es)).append("],\"streams\":[");
            List<String> ss = new ArrayList<>();
            for (StreamingInterface s : f.streams()) {
                StringBuilder sb = new StringBuilder(String.format("{\"interface\":%d,\"output\":%b,\"isochronous\":%b,\"endpoint\":%d,\"formats\":[",
                        s.interfaceNumber(), s.output(), s.isochronous(), s.endpointAddress()));
                List<String> fmts = new ArrayList<>();
                for (Format fmt : s.formats()) {
                    List<String> frames = new ArrayList<>();
                    for (Frame fr : fmt.frames()) {
                        frames.add(String.format("{\"width\":%d,\"height\":%d,\"intervals\":%s,\"minInterval\":%d,\"maxInterval\":%d,\"step\":%d}",
                                fr.width(), fr.height(), fr.intervals(), fr.minInterval(), fr.maxInterval(), fr.intervalStep()));
                    }
                    fmts.add(String.format("{\"index\":%d,\"name\":%s,\"bitsPerPixel\":%d,\"frames\":[%s]}", fmt.index(), str(fmt.name()),
                            fmt.bitsPerPixel(), String.join(",", frames)));
                }
                sb.append(String.join(",", fmts)).append("],\"altSettings\":[");
                List<String> alts = new ArrayList<>();
                for (StreamingInterface.AltSetting a : s.altSettings()) {
                    List<String> eps = new ArrayList<>();
                    for (Endpoint e : a.endpoints()) {
                        eps.add(String.format("{\"address\":%d,\"transferType\":%d,\"bytesPerInterval\":%d}", e.address(), e.transferType(),
                                e.bytesPerInterval()));
                    }
                    alts.add(String.format("{\"alternateSetting\":%d,\"endpoints\":[%s]}", a.alternateSetting(), String.join(",", eps)));
                }
                sb.append(String.join(",", alts)).append("]}");
                ss.add(sb.toString());
            }
            fb.append(String.join(",", ss)).append("]}");
            fs.add(fb.toString());
        }
        b.append(String.join(",", fs)).append("],\"warnings\":[");
        List<String> ws = new ArrayList<>();
        for (String w : c.warnings()) {
            ws.add(str(w));
        }
        return b.append(String.join(",", ws)).append("]}").append(System.lineSeparator()).toString();
    }
}
