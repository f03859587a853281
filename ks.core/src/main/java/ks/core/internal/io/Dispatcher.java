package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_PENDING;

import java.lang.invoke.VarHandle;

import ks.api.io.DeviceObject;
import ks.api.io.DriverDispatch;
import ks.api.io.IoStackLocation;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.NtStatus;
import ks.core.internal.diagnostics.LeakDetector;
import ks.core.internal.diagnostics.Verifier;

/**
 * IoCallDriver (§4.3) and the pending rule it checks under the verifier (§4.5). The I/O manager
 * calls the dispatch routine itself between {@link #enter} and, under the verifier,
 * {@link #dispatchChecked}, so a stack of drivers costs two frames a level, which keeps the
 * request path within the JIT's inlining depth.
 *
 * <h2>Threading</h2>
 * Runs on the sender's thread and takes no lock.
 */
final class Dispatcher {

    private final Verifier verifier;
    private final LeakDetector leaks;

    Dispatcher(Verifier verifier, LeakDetector leaks) {
        this.verifier = verifier;
        this.leaks = leaks;
    }

    /**
     * IoCallDriver's first half: moves the IRP to the next location and records the device there.
     *
     * @return the dispatch routine to call, through {@link #dispatchChecked} when {@link #checking()}
     */
    DriverDispatch enter(DeviceObject deviceObject, Irp irp, IrpRecord r) {
        int loc = irp.currentLocation() - 1;
        if (loc < 1) {
            throw verifier.fail("NO_MORE_IRP_STACK_LOCATIONS", irp.describe() + " sent to " + deviceObject
                    + " of " + deviceObject.driverObject() + " has no stack location left");
        }
        r.moveTo(loc);
        IoStackLocation sl = irp.stackLocation(loc);
        sl.deviceObject(deviceObject);
        r.walkEpoch++;
        if (r.state != IrpRecord.ACTIVE) {
            r.state = IrpRecord.ACTIVE;
        }
        if (leaks.paranoid()) {
            leaks.sent(irp, deviceObject);
        }
        return deviceObject.driverObject().majorFunction[sl.majorFunction()];
    }

    /** Whether dispatch goes through the verifier's checks. */
    boolean checking() {
        return verifier.enabled();
    }

    /** IoCallDriver's second half under the verifier: the dispatch with the pending rule checked. */
    int dispatchChecked(DeviceObject deviceObject, Irp irp, IrpRecord r, DriverDispatch dispatch) {
        int loc = irp.currentLocation();
        IoStackLocation sl = irp.stackLocation(loc);
        verifier.sent(irp, deviceObject);
        int generation = r.generation;
        int bit = 1 << loc;
        int major = sl.majorFunction();
        r.pendingMarks &= ~bit;
        Verifier.DispatchFrames frames = verifier.frames();
        int frame = frames.enter(irp);
        int status;
        boolean lowerPended;
        try {
            status = dispatch.dispatch(deviceObject, irp);
        } finally {
            lowerPended = frames.leave(frame);
        }
        if (status == STATUS_PENDING) {
            frames.pended(irp);
        }
        // a pended IRP may be completed and handed out again by now: read the marks first, then
        // make sure the generation they belong to is still this request's (reinitialize bumps it first)
        boolean marked = (r.pendingMarks & bit) != 0;
        VarHandle.loadLoadFence();
        if (r.generation == generation) {
            checkPendingRule(deviceObject, major, status, marked, lowerPended, irp);
        }
        return status;
    }

    /**
     * The pending rule (§4.5): STATUS_PENDING only after markIrpPending at this level, or when a
     * lower level's dispatch, called from this one, returned it (a driver that passes the IRP down
     * returns what the lower driver returned); and never anything else after marking.
     */
    private void checkPendingRule(DeviceObject device, int major, int status, boolean marked, boolean lowerPended, Irp irp) {
        if (status == STATUS_PENDING) {
            if (!marked && !lowerPended) {
                verifier.fail("PENDING_NOT_MARKED", IrpMajorFunction.name(major) + " dispatch of " + device.driverObject()
                        + " for " + device + " returned STATUS_PENDING without markIrpPending (" + irp.describe() + ")");
            }
        } else if (marked) {
            verifier.fail("PENDING_MARKED_NOT_RETURNED", IrpMajorFunction.name(major) + " dispatch of "
                    + device.driverObject() + " for " + device + " marked the IRP pending but returned "
                    + NtStatus.toString(status) + " (" + irp.describe() + ")");
        }
    }
}
