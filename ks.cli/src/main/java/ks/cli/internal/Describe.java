package ks.cli.internal;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsWire;
import ks.gst.KsControls;

/**
 * {@code ks describe DEVICE [--json]}: a video device's interfaces, its device stack, the pins of
 * its filter with their data ranges, and its camera controls (VideoProcAmp and CameraControl
 * properties with value, mode, range and default).
 */
final class Describe {

    static final String USAGE = "ks describe DEVICE [--json]   (DEVICE: friendly name, symbolic link or capture-device index, see ./ks devices)";

    private Describe() {
    }

    static int run(KsClient client, String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse("describe", USAGE, args, Set.of(), Set.of("--json"), 1);
            if (o.positional().isEmpty()) {
                throw o.usage("name the device");
            }
            Map<String, Object> d = describe(client, o.positional().get(0));
            out.println(o.has("--json") ? Json.write(d) : text(d));
            return 0;
        } catch (CliException e) {
            return e.report(out, err);
        }
    }

    /** The video devices, one interface each (the KSCATEGORY_VIDEO one). */
    static List<DeviceInterface> videoDevices(KsClient client) {
        return client.find(KsGuids.KSCATEGORY_VIDEO);
    }

    /**
     * The video device {@code name} names: a friendly name, a symbolic link, or an index among the
     * capture devices as {@code ./ks devices} numbers them.
     *
     * @param command the command, for the message when there is no such device (exit code 3)
     */
    static DeviceInterface videoDevice(KsClient client, String command, String name) throws CliException {
        DeviceInterface device = findVideoDevice(client, name);
        if (device == null) {
            throw new CliException(CliException.NO_DEVICE, "ks " + command + ": no video device '" + name + "' among "
                    + videoDevices(client).stream().map(DeviceInterface::friendlyName).toList() + " (see: ./ks devices)");
        }
        return device;
    }

    /** As {@link #videoDevice}, or null when {@code name} names no video device. */
    static DeviceInterface findVideoDevice(KsClient client, String name) {
        DeviceInterface named = ks.gst.KsDevices.named(client, videoDevices(client), name);
        if (named != null) {
            return named;
        }
        // an index counts the video capture devices, as ./ks devices numbers them for --device and kssrc
        return DeviceTree.captureDevice(client.io(), name);
    }

    static Map<String, Object> describe(KsClient client, String name) throws CliException {
        DeviceInterface device = videoDevice(client, "describe", name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", device.friendlyName());
        m.put("symbolicLink", device.symbolicLink());
        List<Object> interfaces = new ArrayList<>();
        for (DeviceInterface di : client.io().deviceInterfaces(null)) {
            if (di.physicalDevice() == device.physicalDevice()) {
                interfaces.add(DeviceTree.className(di.interfaceClass()));
            }
        }
        m.put("categories", interfaces);
        List<Object> stack = new ArrayList<>();
        for (DeviceObject x = device.physicalDevice().bottomOfStack(); x != null; x = x.attachedDevice()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("device", x.name());
            s.put("driver", x.driverObject().driverName());
            s.put("stackSize", x.stackSize());
            stack.add(0, s);
        }
        m.put("stack", stack);
        try {
            FileObject filter = client.openFilter(device.symbolicLink());
            try {
                m.put("pins", pins(client, filter));
                m.put("controls", controls(client, filter));
            } finally {
                client.io().closeFile(filter);
            }
        } catch (KsStatusException e) {
            throw new CliException(CliException.FAILED, "ks describe: " + device.friendlyName() + ": " + e.getMessage());
        }
        return m;
    }

    private static List<Object> pins(KsClient client, FileObject filter) throws KsStatusException {
        List<Object> pins = new ArrayList<>();
        int n = client.pinFactories(filter);
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", i);
            int flow = KsWire.getInt(client.get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, i, 4), 0);
            p.put("dataFlow", flow == KsProperty.KSPIN_DATAFLOW_OUT ? "out (capture)" : "in (render)");
            List<Object> ranges = new ArrayList<>();
            for (ByteBuffer r : client.dataRanges(filter, i)) {
                ranges.add(ks.api.ks.KsVideo.isVideoRange(r) ? VideoMode.Range.of(r).toString() : ks.api.ks.KsVideo.describe(r));
            }
            p.put("dataRanges", ranges);
            pins.add(p);
        }
        return pins;
    }

    /** The controls as describe and control show them: name, value, mode, whether auto is there, range and default. */
    static List<Object> controls(KsClient client, FileObject filter) {
        List<Object> controls = new ArrayList<>();
        for (KsControls.Control c : KsControls.read(client, filter)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("value", c.value());
            m.put("mode", c.auto() ? "auto" : "manual");
            m.put("auto", c.autoAvailable());
            if (c.range()) {
                m.put("min", c.min());
                m.put("max", c.max());
                m.put("step", c.step());
            }
            if (c.hasDefault()) {
                m.put("default", c.defaultValue());
            }
            controls.add(m);
        }
        return controls;
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> d) {
        StringBuilder b = new StringBuilder();
        b.append(d.get("name")).append('\n');
        b.append("  interface ").append(d.get("symbolicLink")).append('\n');
        b.append("  categories ").append(String.join(", ", (List<String>) (List<?>) d.get("categories"))).append('\n');
        b.append("  device stack (top first)\n");
        for (Object o : (List<Object>) d.get("stack")) {
            Map<String, Object> s = (Map<String, Object>) o;
            b.append("    ").append(s.get("device") == null ? "(unnamed)" : s.get("device")).append("  [").append(s.get("driver"))
                    .append(", StackSize ").append(s.get("stackSize")).append("]\n");
        }
        for (Object o : (List<Object>) d.get("pins")) {
            Map<String, Object> p = (Map<String, Object>) o;
            b.append("  pin ").append(p.get("id")).append(": data flow ").append(p.get("dataFlow")).append('\n');
            for (Object r : (List<Object>) p.get("dataRanges")) {
                b.append("    ").append(r).append('\n');
            }
        }
        controlsText(b, (List<Object>) d.get("controls"));
        return b.toString().stripTrailing();
    }

    /** The controls section: a heading, then one indented line per control. */
    @SuppressWarnings("unchecked")
    static void controlsText(StringBuilder b, List<Object> controls) {
        b.append("  controls").append(controls.isEmpty() ? ": none" : "").append('\n');
        for (Object o : controls) {
            Map<String, Object> c = (Map<String, Object>) o;
            b.append("    ").append(c.get("name")).append(" = ").append(c.get("value")).append(" (").append(c.get("mode"))
                    .append(Boolean.TRUE.equals(c.get("auto")) ? ", auto available" : "").append(')');
            if (c.containsKey("min")) {
                b.append(", ").append(c.get("min")).append("..").append(c.get("max")).append(" step ").append(c.get("step"));
            }
            if (c.containsKey("default")) {
                b.append(", default ").append(c.get("default"));
            }
            b.append('\n');
        }
    }
}
