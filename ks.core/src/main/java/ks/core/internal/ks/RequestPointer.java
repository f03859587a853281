package ks.core.internal.ks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import ks.api.io.Irp;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamPointer;

/**
 * The one reusable request pointer of a pin ({@link ks.api.ks.KsPin#acquireLeadingEdge}): on a
 * stream request's headers, or on a ready-ring slot. Claimed with a compare-and-set, so one device
 * thread holds it at a time; completing or failing it gives it back.
 */
final class RequestPointer implements KsStreamPointer {

    private static final VarHandle FREE;

    static {
        try {
            FREE = MethodHandles.lookup().findVarHandle(RequestPointer.class, "free", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StreamPin pin;
    private volatile boolean free = true;
    private Irp irp;
    /** The request last completed through it, to name in "completed twice". */
    private Irp lastIrp;
    /** The path whose ring slot it is on (null: on a request). */
    private StreamPath slotPath;
    private int slotEpoch;
    private KsStreamHeader[] headers;
    private final KsStreamHeader[] one = new KsStreamHeader[1];
    private int index;

    RequestPointer(StreamPin pin) {
        this.pin = pin;
    }

    /** Whether a device holds it. */
    boolean held() {
        return !free;
    }

    /** The request it is on, or null (free, or on a ring slot). */
    Irp irp() {
        return irp;
    }

    /** Takes the pointer for the device; false when it already holds it. */
    boolean claim() {
        return FREE.compareAndSet(this, true, false);
    }

    void unclaim() {
        FREE.setRelease(this, true);
    }

    void take(Irp taken, KsStreamHeader[] all, int first) {
        irp = taken;
        slotPath = null;
        headers = all;
        index = first;
    }

    void takeSlot(StreamPath path, KsStreamHeader header, int epoch) {
        slotEpoch = epoch;
        slotPath = path;
        index = 0;
        // only the references that change: each store to the heap costs the collector's barrier
        if (irp != null) {
            irp = null;
        }
        if (headers != one) {
            headers = one;
        }
        if (one[0] != header) {
            one[0] = header;
        }
    }

    @Override
    public KsStreamHeader header() {
        if (free) {
            throw pin.misuse("STREAM_POINTER_USED_AFTER_COMPLETION", "was used (header) after it was completed or failed");
        }
        return headers[index];
    }

    @Override
    public boolean advance() {
        if (free) {
            throw pin.misuse("STREAM_POINTER_USED_AFTER_COMPLETION", "was used (advance) after it was completed or failed");
        }
        if (index + 1 >= headers.length) {
            return false;
        }
        index++;
        return true;
    }

    @Override
    public void complete() {
        if (slotPath != null) {
            releaseSlot(true);
            return;
        }
        pin.completeFilled(release(), headers);
    }

    @Override
    public void fail(int status) {
        if (slotPath != null) {
            releaseSlot(false);
            return;
        }
        Irp done = release();
        done.ioStatus().set(status, 0);
        pin.io().completeRequest(done);
    }

    private Irp release() {
        Irp done = irp;
        if (done == null || free) {
            throw pin.misuse("STREAM_POINTER_COMPLETED_TWICE", "was completed or failed twice"
                    + (lastIrp != null ? "; its request, IRP@" + Integer.toHexString(System.identityHashCode(lastIrp))
                            + ", was completed the first time" : ""));
        }
        lastIrp = done;
        irp = null;
        unclaim();
        return done;
    }

    /** A ring slot is done: a capture frame is published (or dropped), a render frame consumed. */
    private void releaseSlot(boolean ok) {
        if (free) {
            throw pin.misuse("STREAM_POINTER_COMPLETED_TWICE", "was completed or failed twice (a ring frame)");
        }
        StreamPath path = slotPath;
        slotPath = null;
        path.slotDone(this, one[0], slotEpoch, ok);
    }
}
