package ks.core.internal.io;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.DeviceObject;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoStackLocation;
import ks.api.io.IoStackLocationParameters;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.NtStatus;

/**
 * Carries out a Read or Write whose Length exceeds what the lower device can transfer at once as a
 * sequence of partial transfers, as the IO_STACK_LOCATION page asks of drivers layered over
 * mass-storage devices, and completes the original IRP once with the summed Information.
 *
 * <p>One partial IRP is allocated and reused for every piece. Pieces run one after another; a
 * piece that completes synchronously lets the issuing loop send the next one (no recursion), a
 * piece that pends is continued by its completion routine on the completing thread. The original
 * IRP is marked pending when the first piece pends, and only then.
 */
final class TransferSplitter implements IoCompletionRoutine {

    private static final int ISSUING = 0;
    private static final int COMPLETED_INLINE = 1;
    private static final int ISSUER_LEFT = 2;

    private final IoManagerImpl io;
    private final DeviceObject lower;
    private final Irp original;
    private final int maxTransfer;
    private final int major;
    private final int total;
    private final long byteOffset;
    private final int key;
    private final int slFlags;
    private final ByteBuffer buffer;
    private final AtomicInteger handoff = new AtomicInteger();
    private Irp partial;
    private boolean marked;
    private int finalStatus;
    private int done;
    private int pieceLength;

    TransferSplitter(IoManagerImpl io, DeviceObject lower, Irp original, int maxTransfer) {
        this.io = io;
        this.lower = lower;
        this.original = original;
        this.maxTransfer = maxTransfer;
        IoStackLocation cur = original.currentIrpStackLocation();
        this.major = cur.majorFunction();
        IoStackLocationParameters.Read rw = cur.parameters().read(); // Read and Write share one layout
        this.total = rw.length();
        this.byteOffset = rw.byteOffset();
        this.key = rw.key();
        this.slFlags = cur.flags();
        this.buffer = original.userBuffer() instanceof ByteBuffer ? (ByteBuffer) original.userBuffer() : null;
    }

    int start() {
        if ((major != IrpMajorFunction.IRP_MJ_READ && major != IrpMajorFunction.IRP_MJ_WRITE) || maxTransfer <= 0
                || (buffer == null && total > 0) || (buffer != null && Integer.toUnsignedLong(total) > buffer.capacity())) {
            original.ioStatus().set(NtStatus.STATUS_INVALID_PARAMETER, 0);
            io.completeRequest(original);
            return NtStatus.STATUS_INVALID_PARAMETER;
        }
        partial = io.allocateIrp(lower.stackSize());
        if (partial == null) {
            original.ioStatus().set(NtStatus.STATUS_INSUFFICIENT_RESOURCES, 0);
            io.completeRequest(original);
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        // the original is marked pending only once a piece pends; when every piece completes
        // before this returns, the original has been completed and its final status is returned
        return issueFrom() ? finalStatus : NtStatus.STATUS_PENDING;
    }

    /**
     * Sends pieces until one pends or the transfer ends.
     *
     * @return whether the transfer ended here without the original being marked pending
     */
    private boolean issueFrom() {
        while (true) {
            if (done >= total) {
                finish(NtStatus.STATUS_SUCCESS);
                return !marked;
            }
            pieceLength = Math.min(maxTransfer, total - done);
            io.reuseIrp(partial, NtStatus.STATUS_SUCCESS);
            partial.userBuffer(buffer.slice(done, pieceLength));
            partial.requestorMode(original.requestorMode());
            IoStackLocation next = partial.nextIrpStackLocation();
            next.majorFunction(major).flags(slFlags).fileObject(original.currentIrpStackLocation().fileObject());
            next.parameters().read().length(pieceLength).key(key).byteOffset(byteOffset + done);
            partial.setCompletionRoutine(this, null, true, true, true);
            handoff.set(ISSUING);
            int status = io.callDriver(lower, partial);
            if (status == NtStatus.STATUS_PENDING && !marked) {
                // before the completion routine may go on elsewhere (the exchange below orders it)
                original.markIrpPending();
                marked = true;
            }
            if (handoff.getAndSet(ISSUER_LEFT) != COMPLETED_INLINE) {
                return false; // still running: the completion routine continues
            }
            if (!afterPiece()) {
                return !marked;
            }
        }
    }

    @Override
    public int onCompletion(DeviceObject deviceObject, Irp irp, Object context) {
        if (handoff.getAndSet(COMPLETED_INLINE) == ISSUING) {
            return NtStatus.STATUS_MORE_PROCESSING_REQUIRED; // the issuing loop goes on
        }
        if (afterPiece()) {
            issueFrom();
        }
        return NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
    }

    /** Accounts for the finished piece; returns whether to send the next one. */
    private boolean afterPiece() {
        int status = partial.ioStatus().status();
        long moved = partial.ioStatus().information();
        if (!NtStatus.NT_SUCCESS(status)) {
            finish(status);
            return false;
        }
        done += (int) moved;
        if (moved < pieceLength) {
            finish(NtStatus.STATUS_SUCCESS); // a short transfer (end of data) ends the request
            return false;
        }
        return true;
    }

    private void finish(int status) {
        finalStatus = status;
        io.freeIrp(partial);
        original.ioStatus().set(status, done);
        io.completeRequest(original);
    }
}
