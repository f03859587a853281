package ks.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ks.api.io.DeviceInterface;

import ks.api.io.DeviceObject;
import ks.api.io.DriverObject;
import ks.api.io.IoManager;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.gst.KsDevices;

/**
 * The device tree as text or JSON: loaded drivers, each device stack from its bottom device up
 * with the driver and StackSize of every device, the enabled device interfaces, and the video
 * capture devices with the index that {@code describe DEVICE}, {@code --device} and kssrc's
 * {@code device} take, and the video render devices with the index kssink's {@code device} takes.
 */
final class DeviceTree {

    private DeviceTree() {
    }

    /** Device stacks, each listed bottom first. */
    static List<List<DeviceObject>> stacks(IoManager io) {
        List<List<DeviceObject>> stacks = new ArrayList<>();
        for (DeviceObject d : io.deviceObjects()) {
            if (d.attachedTo() == null) {
                List<DeviceObject> s = new ArrayList<>();
                for (DeviceObject x = d; x != null; x = x.attachedDevice()) {
                    s.add(x);
                }
                stacks.add(s);
            }
        }
        return stacks;
    }

    /** The video capture devices, in the order their index counts (one interface each; cameras first, {@link KsDevices#list}). */
    static List<DeviceInterface> captureDevices(IoManager io) {
        return KsDevices.list(new KsClient(io, null), KsGuids.KSCATEGORY_CAPTURE);
    }

    /** The video capture device whose index {@code name} is, or null when it is no index or no device has it. */
    static DeviceInterface captureDevice(IoManager io, String name) {
        if (!name.matches("\\d{1,9}")) {
            return null;
        }
        List<DeviceInterface> cameras = captureDevices(io);
        int i = Integer.parseInt(name);
        return i < cameras.size() ? cameras.get(i) : null;
    }

    /** The video render devices, in the order kssink's {@code device} index counts them. */
    static List<DeviceInterface> renderDevices(IoManager io) {
        return KsDevices.list(new KsClient(io, null), KsGuids.KSCATEGORY_RENDER);
    }

    static String text(IoManager io) {
        StringBuilder b = new StringBuilder();
        List<DriverObject> drivers = io.driverObjects();
        b.append("Drivers (").append(drivers.size()).append(")\n");
        for (DriverObject d : drivers) {
            b.append("  ").append(d.driverName()).append('\n');
        }
        List<List<DeviceObject>> stacks = stacks(io);
        b.append("Device stacks (").append(stacks.size()).append(", bottom device first)\n");
        for (List<DeviceObject> s : stacks) {
            String indent = "  ";
            for (DeviceObject d : s) {
                b.append(indent).append(d.name() == null ? "(unnamed)" : d.name())
                        .append("  [").append(d.driverObject().driverName())
                        .append(", StackSize ").append(d.stackSize()).append("]\n");
                indent = indent + "  ";
            }
        }
        List<DeviceInterface> interfaces = io.deviceInterfaces(null);
        b.append("Device interfaces (").append(interfaces.size()).append(")\n");
        for (DeviceInterface di : interfaces) {
            b.append("  ").append(di.friendlyName()).append("  [").append(className(di.interfaceClass())).append("]\n    ")
                    .append(di.symbolicLink()).append('\n');
        }
        List<DeviceInterface> cameras = captureDevices(io);
        numbered(b, "Video capture devices (" + cameras.size() + ", by the index describe and --device take)", cameras);
        List<DeviceInterface> renderers = renderDevices(io);
        if (!renderers.isEmpty()) {
            numbered(b, "Video render devices (" + renderers.size() + ", by the index kssink's device takes)", renderers);
        }
        return b.toString();
    }

    /** A heading, then each device's index and friendly name on a line. */
    private static void numbered(StringBuilder b, String heading, List<DeviceInterface> devices) {
        b.append(heading).append('\n');
        for (int i = 0; i < devices.size(); i++) {
            b.append("  ").append(i).append("  ").append(devices.get(i).friendlyName()).append('\n');
        }
    }

    /** KSCATEGORY_* name of a known interface class, else the braced GUID. */
    static String className(UUID interfaceClass) {
        for (java.lang.reflect.Field f : KsGuids.class.getFields()) {
            try {
                if (f.getName().startsWith("KSCATEGORY_") && interfaceClass.equals(f.get(null))) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return "{" + interfaceClass.toString().toUpperCase(Locale.ROOT) + "}";
    }

    static String json(IoManager io) {
        StringBuilder b = new StringBuilder("{\"drivers\":[");
        List<DriverObject> drivers = io.driverObjects();
        for (int i = 0; i < drivers.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(drivers.get(i).driverName()));
        }
        b.append("],\"stacks\":[");
        List<List<DeviceObject>> stacks = stacks(io);
        for (int i = 0; i < stacks.size(); i++) {
            b.append(i == 0 ? "[" : ",[");
            List<DeviceObject> s = stacks.get(i);
            for (int j = 0; j < s.size(); j++) {
                DeviceObject d = s.get(j);
                b.append(j == 0 ? "" : ",").append("{\"name\":").append(d.name() == null ? "null" : quote(d.name()))
                        .append(",\"driver\":").append(quote(d.driverObject().driverName()))
                        .append(",\"stackSize\":").append(d.stackSize()).append('}');
            }
            b.append(']');
        }
        b.append("],\"interfaces\":[");
        List<DeviceInterface> interfaces = io.deviceInterfaces(null);
        for (int i = 0; i < interfaces.size(); i++) {
            DeviceInterface di = interfaces.get(i);
            b.append(i == 0 ? "{" : ",{").append("\"class\":").append(quote(className(di.interfaceClass())))
                    .append(",\"friendlyName\":").append(quote(di.friendlyName()))
                    .append(",\"symbolicLink\":").append(quote(di.symbolicLink()))
                    .append(",\"device\":").append(quote(di.physicalDevice().name())).append('}');
        }
        b.append("],\"captureDevices\":");
        numbered(b, captureDevices(io));
        b.append(",\"renderDevices\":");
        numbered(b, renderDevices(io));
        return b.append('}').toString();
    }

    /** A JSON array of the devices with their index, friendly name and symbolic link. */
    private static void numbered(StringBuilder b, List<DeviceInterface> devices) {
        b.append('[');
        for (int i = 0; i < devices.size(); i++) {
            b.append(i == 0 ? "{" : ",{").append("\"index\":").append(i)
                    .append(",\"friendlyName\":").append(quote(devices.get(i).friendlyName()))
                    .append(",\"symbolicLink\":").append(quote(devices.get(i).symbolicLink())).append('}');
        }
        b.append(']');
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
