package ks.core.internal.io;

import static ks.api.io.NtStatus.NT_ERROR;
import static ks.api.io.NtStatus.NT_SUCCESS;
import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.StackLocationFlags.SL_INVOKE_ON_CANCEL;
import static ks.api.io.StackLocationFlags.SL_INVOKE_ON_ERROR;
import static ks.api.io.StackLocationFlags.SL_INVOKE_ON_SUCCESS;
import static ks.api.io.StackLocationFlags.SL_PENDING_RETURNED;

import java.nio.ByteBuffer;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.FileObjectFlags;
import ks.api.io.IoApcRoutine;
import ks.api.io.IoCompletionPort;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoStackLocation;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.Mdl;
import ks.api.io.NtStatus;
import ks.core.internal.diagnostics.Verifier;

/**
 * IoCompleteRequest: the completion routines bottom-up (§4.6), associated-IRP accounting, and
 * final completion, what the originator sees (§4.7).
 *
 * <h2>Threading</h2>
 * Runs on whichever thread completes the IRP; final completion runs inline at the end of the walk.
 * Nothing here takes a lock but the IRP's thread list, for the unlinking.
 */
final class CompletionWalk {

    private final IoManagerImpl io;
    private final Verifier verifier;
    private final IrpPool pool;
    private final Cancellation cancellation;
    private final UserApcs apcs;

    CompletionWalk(IoManagerImpl io, Verifier verifier, IrpPool pool, Cancellation cancellation, UserApcs apcs) {
        this.io = io;
        this.verifier = verifier;
        this.pool = pool;
        this.cancellation = cancellation;
        this.apcs = apcs;
    }

    void completeRequest(Irp irp) {
        IrpRecord r = IrpRecord.of(irp);
        int state = r.state;
        int n = irp.stackCount();
        if (state == IrpRecord.COMPLETED || state == IrpRecord.FREE || state == IrpRecord.COMPLETING
                || irp.currentLocation() > n + 1) {
            DeviceObject first = r.completedBy;
            throw verifier.fail("MULTIPLE_IRP_COMPLETE_REQUESTS", IrpMajorFunction.name(irp.stackLocation(n).majorFunction())
                    + " IRP completed twice" + (first != null ? "; " + first + " (" + first.driverObject() + ") completed it first" : "")
                    + (state == IrpRecord.FREE ? ", and it was already back in the pool" : ""));
        }
        if (irp.ioStatus().status() == STATUS_PENDING) {
            throw verifier.fail("IRP_COMPLETED_WITH_STATUS_PENDING", irp.describe() + " completed with STATUS_PENDING");
        }
        if (irp.cancelRoutine() != null) {
            throw verifier.fail("CANCEL_ROUTINE_SET_AT_COMPLETION", irp.describe() + " completed with its cancel routine still set");
        }
        int cur = irp.currentLocation();
        r.completedBy = cur <= n ? irp.stackLocation(cur).deviceObject() : null; // the one to name if it comes again
        r.state = IrpRecord.COMPLETING;
        r.walkEpoch++;
        for (;;) {
            int loc = irp.currentLocation();
            if (loc > n) {
                break;
            }
            // advance first, so code running now sees the routine setter's location as current
            r.moveTo(loc + 1);
            IoStackLocation sl = irp.stackLocation(loc);
            int control = sl.control();
            boolean pending = (control & SL_PENDING_RETURNED) != 0;
            r.setPendingReturned(pending);
            int status = irp.ioStatus().status();
            IoCompletionRoutine routine = sl.completionRoutine();
            boolean invoke = routine != null
                    && ((NT_SUCCESS(status) && (control & SL_INVOKE_ON_SUCCESS) != 0)
                    || (!NT_SUCCESS(status) && (control & SL_INVOKE_ON_ERROR) != 0)
                    || (irp.cancel() && (control & SL_INVOKE_ON_CANCEL) != 0));
            if (invoke) {
                Object context = sl.context();
                sl.clearForCompletion();
                DeviceObject owner = loc + 1 <= n ? irp.stackLocation(loc + 1).deviceObject() : null;
                r.state = IrpRecord.ACTIVE;
                int epoch = r.walkEpoch;
                int result = routine.onCompletion(owner, irp, context);
                if (result == STATUS_MORE_PROCESSING_REQUIRED) {
                    return; // the routine's owner has the IRP now; do not touch it
                }
                if (r.walkEpoch != epoch) {
                    throw verifier.fail("MULTIPLE_IRP_COMPLETE_REQUESTS", "completion routine of " + owner
                            + " re-sent or completed " + irp.describe() + " but returned " + NtStatus.toString(result)
                            + " instead of STATUS_MORE_PROCESSING_REQUIRED");
                }
                r.state = IrpRecord.COMPLETING;
            } else {
                if (pending && loc + 1 <= n) {
                    IoStackLocation upper = irp.stackLocation(loc + 1);
                    upper.setControl(upper.control() | SL_PENDING_RETURNED);
                }
                sl.clearForCompletion();
            }
        }
        if (r.associated) {
            associatedDone(irp, r);
            return;
        }
        finalCompletion(irp, r);
    }

    /**
     * §4.6 step 6: an associated IRP is freed, with its MDLs, instead of being finally completed;
     * the one that brings the master's count to zero completes the master.
     */
    private void associatedDone(Irp irp, IrpRecord r) {
        Irp master = irp.masterIrp();
        Mdl.freeChain(irp.mdlAddress());
        if (verifier.enabled()) {
            verifier.finished(irp);
        }
        pool.release(irp);
        if (master != null && IrpRecord.of(master).associatedDone() == 0) {
            completeRequest(master);
        }
    }

    /**
     * What the originator sees (§4.7): status block, event, file-object event and final status,
     * user APC or completion-port packet, and the file-object reference, under the
     * success/pending/synchronous rule. IRPs the I/O manager built go back to the pool before
     * anyone is woken.
     *
     * <p>The one case where the spec's §1.3 table and §4.7 can be read two ways: an IRP without
     * IRP_SYNCHRONOUS_API on an FO_SYNCHRONOUS_IO file object, pended and then failed with an
     * error. As in NT, neither the caller's status block nor its event is touched; the file
     * object's FinalStatus is set and its event signalled, which is what a synchronous file
     * object's caller waits on.
     */
    void finalCompletion(Irp irp, IrpRecord r) {
        IoStatusBlock io = irp.ioStatus();
        int status = io.status();
        long information = io.information();
        Object pointer = io.pointer();
        int flags = irp.flags();
        FileObject fo = irp.originalFileObject();
        IoStatusBlock userIosb = irp.userIosb();
        KEvent userEvent = irp.userEvent();
        Object apcContext = irp.userApcContext();
        IoApcRoutine apcRoutine = irp.userApcRoutine();
        Thread thread = irp.thread();
        boolean pendingReturned = irp.pendingReturned();
        boolean syncApi = (flags & IrpFlags.IRP_SYNCHRONOUS_API) != 0;
        boolean syncFo = fo != null && (fo.flags() & FileObjectFlags.FO_SYNCHRONOUS_IO) != 0;
        boolean fileOperation = (flags & (IrpFlags.IRP_CREATE_OPERATION | IrpFlags.IRP_CLOSE_OPERATION)) != 0;

        if ((flags & IrpFlags.IRP_BUFFERED_IO) != 0 && (flags & IrpFlags.IRP_INPUT_OPERATION) != 0 && !NT_ERROR(status)) {
            copyBackBuffered(irp, information);
        }
        Mdl.freeChain(irp.mdlAddress());
        boolean report = !NT_ERROR(status) || (pendingReturned && !(syncApi || syncFo));
        if (report && userIosb != null) {
            userIosb.pointer(pointer).set(status, information);
        } else if (!report && pendingReturned && fo != null && syncApi && userIosb != null) {
            userIosb.pointer(pointer).set(status, information);
        }
        if (verifier.enabled()) {
            verifier.finished(irp);
        }
        boolean mayRelease = cancellation.dequeueFinished(r);
        if (r.ioManagerOwned) {
            if (mayRelease) {
                pool.release(irp);
            } else {
                r.state = IrpRecord.COMPLETED; // a canceller holds it and gives it back
            }
        } else {
            r.state = IrpRecord.COMPLETED;
        }
        if (report) {
            if (userEvent != null) {
                userEvent.setEvent();
                if (syncFo) {
                    fo.finalStatus(status);
                    fo.event().setEvent();
                }
            } else if (fo != null) {
                fo.finalStatus(status);
                fo.event().setEvent();
            }
            if (apcRoutine != null) {
                apcs.queue(thread, apcRoutine, apcContext, userIosb);
            } else {
                IoCompletionPort port = fo == null ? null : fo.completionPort();
                if (port != null && apcContext != null) {
                    port.post(fo.completionKey(), apcContext, status, information);
                }
            }
        } else if (pendingReturned && fo != null) {
            if (syncApi) {
                if (userEvent != null) {
                    userEvent.setEvent();
                } else {
                    fo.event().setEvent();
                }
            } else {
                fo.finalStatus(status);
                fo.event().setEvent();
            }
        }
        if (fo != null && !fileOperation) {
            this.io.dereferenceFileObject(fo);
        }
    }

    /** IRP_BUFFERED_IO | IRP_INPUT_OPERATION: copies the system buffer's results back to the caller's. */
    private static void copyBackBuffered(Irp irp, long information) {
        Object sys = irp.systemBuffer();
        Object user = irp.userBuffer();
        if (sys instanceof IoManagerImpl.BufferedCopy && sys != user) {
            ((IoManagerImpl.BufferedCopy) sys).copyBack(user, information);
        } else if (sys instanceof ByteBuffer && user instanceof ByteBuffer && sys != user) {
            // METHOD_BUFFERED and DO_BUFFERED_IO: Information bytes of the system buffer, at most what either holds
            ByteBuffer from = (ByteBuffer) sys;
            ByteBuffer to = (ByteBuffer) user;
            int n = (int) Math.min(Math.max(information, 0), Math.min(from.capacity(), to.capacity()));
            to.put(0, from, 0, n);
        }
    }
}
