package ks.cli.internal;

import java.time.Duration;
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
import ks.api.ks.KsDevice;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFramework;
import ks.api.ks.KsPin;
import ks.api.ks.KsProperty;

/**
 * The runtime views behind {@code ks:stack}, {@code ks:irps}, {@code ks:leaks} and {@code ks:stats}:
 * a device's stack, the IRPs in flight with their current stack location, IRPs lost or held too
 * long, and the I/O and stream counters.
 */
final class RuntimeViews {

    private RuntimeViews() {
    }

    /**
     * The stack of a device object named {@code name}, or of the video device with that friendly
     * name or link, or of the video capture device with that index (as {@code ./ks devices}
     * numbers them for describe and --device).
     */
    static String stack(KsClient client, String name) throws CliException {
        IoManager io = client.io();
        DeviceObject device = io.findDevice(name);
        DeviceInterface video = device == null ? Describe.findVideoDevice(client, name) : null;
        if (video != null) {
            device = video.physicalDevice();
        }
        if (device == null) {
            throw new CliException(CliException.NO_DEVICE, "ks stack: no device object or video device '" + name + "' (./ks devices, or ks:devices in the shell, lists them)");
        }
        List<DeviceObject> s = new ArrayList<>();
        for (DeviceObject d = device.bottomOfStack(); d != null; d = d.attachedDevice()) {
            s.add(0, d);
        }
        StringBuilder b = new StringBuilder("stack of " + (device.name() != null ? device.name() : name) + " (top first)\n");
        Object function = io.functionDriver(device);
        if (function == null) {
            function = s.size() >= 2 ? s.get(s.size() - 2).driverObject() : null; // root-enumerated: right above the PDO
        }
        for (int i = 0; i < s.size(); i++) {
            DeviceObject d = s.get(i);
            String role = i == s.size() - 1 ? "bus device (PDO)" : d.driverObject() == function ? "function driver" : "filter";
            b.append(String.format(Locale.ROOT, "  %-28s %-24s StackSize %d  %s%n", d.name() == null ? "(unnamed)" : d.name(),
                    d.driverObject().driverName(), d.stackSize(), role));
        }
        return b.toString().stripTrailing();
    }

    /** Lost IRPs since start and IRPs held longer than {@code heldSeconds}, with the leak-detection level. */
    static String leaks(IoManager io, long heldSeconds) {
        StringBuilder b = new StringBuilder("leak detection: ").append(io.leakDetection());
        if (io.leakDetection().equals("off")) {
            return b.append(" (turn it on with ks.core.leaks.cfg: level=simple or level=paranoid)").toString();
        }
        List<String> lost = io.lostIrps();
        List<String> held = io.irpsHeldLongerThan(Duration.ofSeconds(heldSeconds));
        b.append(String.format(Locale.ROOT, "; %d IRPs lost (garbage-collected, never completed or freed), %d held over %d s%n",
                lost.size(), held.size(), heldSeconds));
        for (String s : lost) {
            b.append("  ").append(s.replace("\n", "\n  ")).append('\n');
        }
        for (String s : held) {
            b.append("  ").append(s.replace("\n", "\n  ")).append('\n');
        }
        return b.toString().stripTrailing();
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

    /** One open pin and its counters at the start of the sample. */
    private record PinSample(String device, KsPin pin, long frames, long bytes) {
    }

    /** The pins open now on every KS device, with the name of the device they belong to. */
    private static List<PinSample> pins(IoManager io, KsFramework ks, List<DeviceInterface> named) {
        List<PinSample> out = new ArrayList<>();
        if (ks == null) {
            return out;
        }
        for (DeviceObject d : io.deviceObjects()) {
            KsDevice device = ks.device(d);
            if (device == null) {
                continue;
            }
            String name = d.name() != null ? d.name() : d.toString();
            for (DeviceInterface di : named) {
                if (di.physicalDevice() == device.physicalDevice()) {
                    name = di.friendlyName();
                    break;
                }
            }
            for (KsFilter f : device.filters()) {
                for (KsPin p : f.pins()) {
                    out.add(new PinSample(name, p, p.framesCompleted(), p.bytesCompleted()));
                }
            }
        }
        return out;
    }

    /**
     * IRPs per second over {@code sampleMillis}, outstanding IRPs, each open pin's frames, drops and
     * bytes (with rates over the sample), and each fast-I/O provider's counters.
     */
    static String stats(IoManager io, KsFramework ks, List<DeviceInterface> named, List<FastIoStatistics> fastIo, long sampleMillis)
            throws InterruptedException {
        List<PinSample> pins = pins(io, ks, named);
        long before = io.irpsAllocated();
        long t0 = System.nanoTime();
        Thread.sleep(sampleMillis);
        long after = io.irpsAllocated();
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "IRPs: %.0f/s (over %.1f s), %d allocated since start, %d outstanding%n",
                (after - before) / seconds, seconds, after, io.outstandingIrps()));
        if (pins.isEmpty()) {
            b.append("streams: no pin open\n");
        }
        for (PinSample s : pins) {
            KsPin p = s.pin();
            long frames = p.framesCompleted();
            long bytes = p.bytesCompleted();
            boolean capture = p.descriptor().dataFlow() == KsProperty.KSPIN_DATAFLOW_OUT;
            b.append(String.format(Locale.ROOT, "stream %s pin %d (%s, %s): %d frames (%.1f/s), %d dropped, %d bytes (%.2f MB/s)%n",
                    s.device(), p.id(), capture ? "capture" : "render", p.state().name().substring("KSSTATE_".length()), frames,
                    (frames - s.frames()) / seconds, p.framesDropped(), bytes, (bytes - s.bytes()) / seconds / 1e6));
        }
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
