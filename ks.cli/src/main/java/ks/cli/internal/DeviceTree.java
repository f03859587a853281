package ks.cli.internal;

import java.util.ArrayList;
import java.util.List;

import ks.api.io.DeviceObject;
import ks.api.io.DriverObject;
import ks.api.io.IoManager;

/**
 * The device tree as text or JSON: loaded drivers, then each device stack from its bottom device
 * up, with the driver and StackSize of every device.
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
        return b.toString();
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
        return b.append("]}").toString();
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
