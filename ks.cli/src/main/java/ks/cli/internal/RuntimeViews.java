package ks.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ks.api.fastio.FastIoStatistics;
import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.IoManager;
import ks.api.io.IoStackLocation;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;

/**
 * The runtime views behind {@code ks:stack}, {@code ks:irps} and {@code ks:stats}: a device's
 * stack, the IRPs in flight with their current stack location, and the I/O counters.
 */
final class RuntimeViews {

    private RuntimeViews() {
    }

    /** The stack of a device object named {@code name}, or of the video device with that friendly name, link or index. */
    static String stack(KsClient client, String name) throws CliException {
        IoManager io = client.io();
        DeviceObject device = io.findDevice(name);
        if (device == null) {
            List<DeviceInterface> video = client.find(KsGuids.KSCATEGORY_VIDEO);
            for (int i = 0; i < video.size() && device == null; i++) {
                DeviceInterface d = video.get(i);
                if (d.friendlyName().equals(name) || d.symbolicLink().equalsIgnoreCase(name) || name.equals(String.valueOf(i))) {
                    device = d.physicalDevice();
                }
            }
        }
        if (device == null) {
            throw new CliException(CliException.NO_DEVICE, "ks stack: no device object or video device '" + name + "' (see: ks:devices)");
        }
        List<DeviceObject> s = new ArrayList<>();
        for (DeviceObject d = device.bottomOfStack(); d != null; d = d.attachedDevice()) {
            s.add(0, d);
        }
        StringBuilder b = new StringBuilder("stack of " + (device.name() != null ? device.name() : name) + " (top first)\n");
        for (int i = 0; i < s.size(); i++) {
            DeviceObject d = s.get(i);
            String role = i == s.size() - 1 ? "bus device (PDO)" : d.driverObject() == functionDriver(s) ? "function driver" : "filter";
            b.append(String.format(Locale.ROOT, "  %-28s %-24s StackSize %d  %s%n", d.name() == null ? "(unnamed)" : d.name(),
                    d.driverObject().driverName(), d.stackSize(), role));
        }
        return b.toString().stripTrailing();
    }

    /** The driver of the device that registered the stack's interfaces, else the one right above the PDO. */
    private static Object functionDriver(List<DeviceObject> topFirst) {
        return topFirst.size() >= 2 ? topFirst.get(topFirst.size() - 2).driverObject() : null;
    }

    static String irps(IoManager io) {
        StringBuilder b = new StringBuilder();
        List<Irp> inFlight = io.inFlightIrps();
        b.append(io.outstandingIrps()).append(" IRPs allocated and not freed");
        if (!io.verifierEnabled()) {
            return b.append("; the IRPs in flight are tracked with the verifier on (ks.core.cfg: verifier=true)").toString();
        }
        b.append(", ").append(inFlight.size()).append(" in flight\n");
        for (Irp irp : inFlight) {
            int loc = irp.currentLocation();
            b.append("  ").append(irp.describe());
            if (loc >= 1 && loc <= irp.stackCount()) {
                IoStackLocation sl = irp.stackLocation(loc - 1);
                b.append(": current location ").append(IrpMajorFunction.name(sl.majorFunction()));
                if (sl.majorFunction() == IrpMajorFunction.IRP_MJ_DEVICE_CONTROL
                        || sl.majorFunction() == IrpMajorFunction.IRP_MJ_INTERNAL_DEVICE_CONTROL) {
                    b.append(String.format(Locale.ROOT, " 0x%08X", sl.parameters().deviceIoControl().ioControlCode()));
                }
                if (sl.deviceObject() != null) {
                    b.append(" at ").append(sl.deviceObject().driverObject().driverName());
                }
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    /** IRPs per second over {@code sampleMillis}, outstanding IRPs, and each fast-I/O provider's counters. */
    static String stats(IoManager io, List<FastIoStatistics> fastIo, long sampleMillis) throws InterruptedException {
        long before = io.irpsAllocated();
        long t0 = System.nanoTime();
        Thread.sleep(sampleMillis);
        long after = io.irpsAllocated();
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "IRPs: %.0f/s (over %.1f s), %d allocated since start, %d outstanding%n",
                (after - before) / seconds, seconds, after, io.outstandingIrps()));
        if (fastIo.isEmpty()) {
            b.append("fast I/O: no provider\n");
        }
        for (FastIoStatistics s : fastIo) {
            long hits = s.hits();
            long declines = s.declines();
            b.append(String.format(Locale.ROOT, "fast I/O %-10s %d hits, %d declines (%.1f %% served), %d bytes%n", s.provider(), hits,
                    declines, hits + declines == 0 ? 0.0 : 100.0 * hits / (hits + declines), s.bytes()));
        }
        return b.toString().stripTrailing();
    }
}
