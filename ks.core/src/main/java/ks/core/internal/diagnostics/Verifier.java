package ks.core.internal.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ks.api.io.DeviceObject;
import ks.api.io.Irp;
import ks.api.io.KsVerifierException;
import ks.core.internal.io.IrpRecord;

/**
 * Driver Verifier for the I/O model: records and throws rule violations, and (when enabled)
 * tracks which devices each in-flight IRP was sent to, so deleting a device with IRPs outstanding
 * is caught.
 *
 * <p>Cheap rules (double completion, completing with STATUS_PENDING, a cancel routine left set, no
 * more stack locations) are always checked; the pending rule and the outstanding-IRP tracking only
 * when enabled.
 */
public final class Verifier {

    private final boolean enabled;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<Irp, List<DeviceObject>> sentTo = new IdentityHashMap<>();
    private final ThreadLocal<DispatchFrames> frames = ThreadLocal.withInitial(DispatchFrames::new);

    public Verifier(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public List<String> violations() {
        return violations;
    }

    /** Records the violation and throws it. */
    public KsVerifierException fail(String rule, String message) {
        KsVerifierException e = new KsVerifierException(rule, message);
        violations.add(e.getMessage());
        throw e;
    }

    /** The dispatch routines running on this thread, for the pending rule. */
    public DispatchFrames frames() {
        return frames.get();
    }

    public void sent(Irp irp, DeviceObject device) {
        device.outstandingIrpCounter().incrementAndGet();
        synchronized (sentTo) {
            sentTo.computeIfAbsent(irp, k -> new ArrayList<>(4)).add(device);
        }
    }

    /** The IRP finished (final completion, free or reuse): it no longer counts against its devices. */
    public void finished(Irp irp) {
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
    public List<String> heldBy(DeviceObject device, long timeoutNanos) {
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
                finishing &= IrpRecord.of(irp).completing() || irp.currentLocation() > irp.stackCount();
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
    public List<Irp> inFlight() {
        synchronized (sentTo) {
            return new ArrayList<>(sentTo.keySet());
        }
    }

    /**
     * The dispatch routines running on one thread, innermost last, each with whether a lower
     * driver's dispatch of the same IRP, called from it, returned STATUS_PENDING. A driver may
     * return STATUS_PENDING without marking the IRP only when it returns what such a call
     * returned. This is kept here rather than in the IRP because once a dispatch routine returns
     * STATUS_PENDING the IRP may already be completed and handed out again on another thread.
     */
    public static final class DispatchFrames {
        private Irp[] irps = new Irp[8];
        private boolean[] lowerPended = new boolean[8];
        private int depth;

        /** A dispatch of {@code irp} starts; returns its frame for {@link #leave}. */
        public int enter(Irp irp) {
            if (depth == irps.length) {
                irps = Arrays.copyOf(irps, depth * 2);
                lowerPended = Arrays.copyOf(lowerPended, depth * 2);
            }
            irps[depth] = irp;
            lowerPended[depth] = false;
            return depth++;
        }

        /**
         * The dispatch of {@code frame}, the innermost (callers leave in a finally, so inner frames
         * have left), returned; whether a lower dispatch of its IRP called from it pended.
         */
        public boolean leave(int frame) {
            irps[frame] = null;
            depth = frame;
            return lowerPended[frame];
        }

        /** A dispatch of {@code irp} returned STATUS_PENDING: tells the dispatch it was called from, if that one has the same IRP. */
        public void pended(Irp irp) {
            if (depth > 0 && irps[depth - 1] == irp) {
                lowerPended[depth - 1] = true;
            }
        }
    }
}
