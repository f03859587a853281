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

    /**
     * The IRPs a driver of {@code device} may still hold, after waiting up to {@code timeoutNanos}
     * for those already completed past every driver (only the originator's completion routine or
     * final completion left, on another thread) to finish. Empty when nothing is held.
     */
    List<String> heldBy(DeviceObject device, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            List<Irp> on = new ArrayList<>();
            synchronized (sentTo) {
                for (Map.Entry<Irp, List<DeviceObject>> e : sentTo.entrySet()) {
                    if (e.getValue().contains(device)) {
                        on.add(e.getKey());
                    }
                }
            }
            boolean finishing = !on.isEmpty();
            for (Irp irp : on) {
                finishing &= irp.state() == Irp.STATE_COMPLETING || irp.currentLocation() > irp.stackCount();
            }
            if (!finishing || System.nanoTime() >= deadline) {
                List<String> out = new ArrayList<>(on.size());
                for (Irp irp : on) {
                    out.add(irp.describe());
                }
                return out;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of(on.get(0).describe());
            }
        }
    }

    /** In-flight IRPs, for diagnostics. */
    List<Irp> inFlight() {
        synchronized (sentTo) {
            return new ArrayList<>(sentTo.keySet());
        }
    }
}
