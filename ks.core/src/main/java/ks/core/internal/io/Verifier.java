package ks.core.internal.io;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ks.api.io.DeviceObject;
import ks.api.io.Irp;
import ks.api.io.KsVerifierException;

/**
 * Driver Verifier for the I/O model: records and throws rule violations, and (when enabled)
 * tracks which devices each in-flight IRP was sent to, so deleting a device with IRPs outstanding
 * is caught.
 *
 * <p>Cheap rules (double completion, completing with STATUS_PENDING, a cancel routine left set, no
 * more stack locations) are always checked; the pending rule and the outstanding-IRP tracking only
 * when enabled.
 */
final class Verifier {

    private final boolean enabled;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<Irp, List<DeviceObject>> sentTo = new IdentityHashMap<>();

    Verifier(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    List<String> violations() {
        return violations;
    }

    /** Records the violation and throws it. */
    KsVerifierException fail(String rule, String message) {
        KsVerifierException e = new KsVerifierException(rule, message);
        violations.add(e.getMessage());
        throw e;
    }

    void sent(Irp irp, DeviceObject device) {
        device.outstandingIrpCounter().incrementAndGet();
        synchronized (sentTo) {
            sentTo.computeIfAbsent(irp, k -> new ArrayList<>(4)).add(device);
        }
    }

    /** The IRP finished (final completion, free or reuse): it no longer counts against its devices. */
    void finished(Irp irp) {
        List<DeviceObject> devices;
        synchronized (sentTo) {
            devices = sentTo.remove(irp);
        }
        if (devices != null) {
            for (int i = 0; i < devices.size(); i++) {
                devices.get(i).outstandingIrpCounter().decrementAndGet();
            }
        }
    }

    /** Descriptions of the IRPs that were sent to the device and have not finished. */
    List<String> outstandingOn(DeviceObject device) {
        List<String> out = new ArrayList<>();
        synchronized (sentTo) {
            for (Map.Entry<Irp, List<DeviceObject>> e : sentTo.entrySet()) {
                if (e.getValue().contains(device)) {
                    out.add(e.getKey().describe());
                }
            }
        }
        return out;
    }

    /** In-flight IRPs, for diagnostics. */
    List<Irp> inFlight() {
        synchronized (sentTo) {
            return new ArrayList<>(sentTo.keySet());
        }
    }
}
