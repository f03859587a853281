package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_PENDING;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.FileObjectFlags;
import ks.api.io.IoApcRoutine;
import ks.api.io.IoCompletionPort;
import ks.api.io.IoControlCode;
import ks.api.io.IoStackLocation;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.Mdl;
import ks.api.io.NtStatus;

/**
 * Requests the I/O manager builds: the system services' device controls (kernel and user mode),
 * its own synchronous create/cleanup/close and PnP requests, and the IoBuild...Request routines
 * drivers call.
 *
 * <h2>Threading</h2>
 * Runs on the caller's thread; a synchronous request waits there for its event.
 */
final class SynchronousRequests {

    /** After an interrupted wait cancels its request, how long the thread waits for the request to come back. */
    private static final long CANCELLED_WAIT_MILLIS = 1_000;

    private final IoManagerImpl io;
    private final Cancellation cancellation;

    SynchronousRequests(IoManagerImpl io, Cancellation cancellation) {
        this.io = io;
        this.cancellation = cancellation;
    }

    // ------------------------------------------------------------------ the framework's own requests

    /**
     * Builds a KernelMode IRP_SYNCHRONOUS_API request for the top of a stack, sends it and waits for
     * it: the framework's own create/cleanup/close and PnP requests.
     */
    int sendSynchronous(DeviceObject top, FileObject fo, int majorFunction, int minorFunction, int irpFlags, int initialStatus) {
        Irp irp = synchronousIrp(top, fo, irpFlags, initialStatus, new IoStatusBlock());
        if (irp == null) {
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        irp.nextIrpStackLocation().majorFunction(majorFunction).minorFunction(minorFunction).fileObject(fo);
        return callAndWait(top, irp);
    }

    /** A power request to {@code top}, as the power manager sends it; waits for its status. */
    int sendPower(DeviceObject top, int minorFunction, int type, int state, int action) {
        Irp irp = synchronousIrp(top, null, 0, NtStatus.STATUS_NOT_SUPPORTED, new IoStatusBlock());
        if (irp == null) {
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_POWER).minorFunction(minorFunction).fileObject(null);
        next.parameters().power().type(type).state(state).shutdownType(action);
        return callAndWait(top, irp);
    }

    /**
     * A PnP query (IRP_MN_QUERY_DEVICE_RELATIONS of {@code type}, IRP_MN_QUERY_ID of id type
     * {@code type}) to {@code top}: the pointer answer on success, else null.
     */
    Object queryPnp(DeviceObject top, int minorFunction, int type) {
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = synchronousIrp(top, null, 0, NtStatus.STATUS_NOT_SUPPORTED, iosb);
        if (irp == null) {
            return null;
        }
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_PNP).minorFunction(minorFunction).fileObject(null);
        if (minorFunction == IrpMinorFunction.IRP_MN_QUERY_ID) {
            next.parameters().queryId().idType(type);
        } else {
            next.parameters().queryDeviceRelations().type(type);
        }
        int status = callAndWait(top, irp);
        return NtStatus.NT_SUCCESS(status) ? iosb.pointer() : null;
    }

    // ------------------------------------------------------------------ device controls

    int deviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output,
            int outputLength, IoStatusBlock ioStatusBlock) {
        if (fileObject.deviceGone()) {
            return NtStatus.STATUS_DEVICE_REMOVED; // the handle outlived its device: the return value is the only report
        }
        ioStatusBlock.set(STATUS_PENDING, 0).pointer(null);
        DeviceObject top = io.getRelatedDeviceObject(fileObject);
        FastIoDispatch fast = top.driverObject().fastIoDispatch();
        if (fast != null && fast.fastIoDeviceControl(fileObject, true, input, inputLength, output, outputLength,
                ioControlCode, ioStatusBlock, top)) {
            return ioStatusBlock.status();
        }
        ioStatusBlock.set(STATUS_PENDING, 0); // a declining fast routine may have written anything
        Irp irp = synchronousIrp(top, fileObject, 0, NtStatus.STATUS_SUCCESS, ioStatusBlock);
        if (irp == null) {
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        fileObject.references().incrementAndGet(); // the IRP's own reference, dropped at final completion
        irp.userBuffer(output);
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).minorFunction(0).fileObject(fileObject);
        next.parameters().deviceIoControl().ioControlCode(ioControlCode).inputBufferLength(inputLength)
                .outputBufferLength(outputLength).type3InputBuffer(input);
        return callAndWait(top, irp);
    }

    int userDeviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output,
            int outputLength, IoStatusBlock ioStatusBlock, KEvent event, IoApcRoutine apcRoutine, Object apcContext) {
        int access = IoControlCode.ACCESS_FROM_CTL_CODE(ioControlCode);
        if (((access & IoControlCode.FILE_READ_ACCESS) != 0 && !fileObject.readAccess())
                || ((access & IoControlCode.FILE_WRITE_ACCESS) != 0 && !fileObject.writeAccess())) {
            return NtStatus.STATUS_ACCESS_DENIED;
        }
        if (fileObject.deviceGone()) {
            return NtStatus.STATUS_DEVICE_REMOVED;
        }
        if (event != null) {
            event.clearEvent();
        }
        ioStatusBlock.set(STATUS_PENDING, 0).pointer(null);
        int old = io.exchangePreviousMode(KProcessorMode.UserMode);
        try {
            DeviceObject top = io.getRelatedDeviceObject(fileObject);
            FastIoDispatch fast = top.driverObject().fastIoDispatch();
            if (fast != null && fast.fastIoDeviceControl(fileObject, true, input, inputLength, output, outputLength,
                    ioControlCode, ioStatusBlock, top)) {
                // §5.3: the fast path reports as final completion would
                if (event != null) {
                    event.setEvent();
                }
                IoCompletionPort port = fileObject.completionPort();
                if (port != null && apcContext != null) {
                    port.post(fileObject.completionKey(), apcContext, ioStatusBlock.status(), ioStatusBlock.information());
                }
                return ioStatusBlock.status();
            }
            ioStatusBlock.set(STATUS_PENDING, 0);
            Irp irp = io.allocateIrp(top.stackSize());
            if (irp == null) {
                return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
            }
            IrpRecord.of(irp).ioManagerOwned = true;
            irp.requestorMode(KProcessorMode.UserMode);
            irp.userIosb(ioStatusBlock);
            irp.userEvent(event);
            irp.userApcRoutine(apcRoutine);
            irp.userApcContext(apcContext);
            int status = placeBuffers(irp, ioControlCode, input, inputLength, output, outputLength);
            if (status != NtStatus.STATUS_SUCCESS) {
                Mdl.freeChain(irp.mdlAddress());
                io.freeIrp(irp);
                return status;
            }
            boolean syncFo = (fileObject.flags() & FileObjectFlags.FO_SYNCHRONOUS_IO) != 0;
            fileObject.references().incrementAndGet();
            irp.originalFileObject(fileObject);
            fileObject.event().clearEvent();
            cancellation.queueToThread(irp);
            IoStackLocation next = irp.nextIrpStackLocation();
            next.majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).minorFunction(0).fileObject(fileObject);
            next.parameters().deviceIoControl().ioControlCode(ioControlCode).inputBufferLength(inputLength)
                    .outputBufferLength(outputLength).type3InputBuffer(
                            IoControlCode.METHOD_FROM_CTL_CODE(ioControlCode) == IoControlCode.METHOD_NEITHER ? input : null);
            status = io.callDriver(top, irp);
            if (status == STATUS_PENDING && syncFo) {
                // a synchronous file object: the service waits on the file object's event
                if (awaitOrCancel(fileObject.event(), fileObject)) {
                    return fileObject.finalStatus();
                }
                return NtStatus.STATUS_CANCELLED;
            }
            return status;
        } finally {
            io.exchangePreviousMode(old);
        }
    }

    /**
     * Places a device control's buffers by the code's method (§4.2): METHOD_NEITHER as they are,
     * METHOD_BUFFERED in one system buffer copied back at completion, the direct methods with the
     * output behind a locked MDL.
     */
    private int placeBuffers(Irp irp, int code, Object input, int inputLength, Object output, int outputLength) {
        int method = IoControlCode.METHOD_FROM_CTL_CODE(code);
        if (method == IoControlCode.METHOD_NEITHER) {
            irp.userBuffer(output);
            return NtStatus.STATUS_SUCCESS;
        }
        if ((inputLength > 0 && !(input instanceof ByteBuffer)) || (outputLength > 0 && !(output instanceof ByteBuffer))
                || inputLength < 0 || outputLength < 0
                || (inputLength > 0 && ((ByteBuffer) input).capacity() < inputLength)
                || (outputLength > 0 && ((ByteBuffer) output).capacity() < outputLength)) {
            return NtStatus.STATUS_INVALID_PARAMETER; // buffered and direct methods take byte buffers of the stated lengths
        }
        irp.userBuffer(output);
        int systemLength = method == IoControlCode.METHOD_BUFFERED ? Math.max(inputLength, outputLength) : inputLength;
        if (systemLength > 0) {
            ByteBuffer system = ByteBuffer.allocate(systemLength);
            if (inputLength > 0) {
                system.put(((ByteBuffer) input).duplicate().clear().limit(inputLength)).clear();
            }
            irp.systemBuffer(system);
            int f = IrpFlags.IRP_BUFFERED_IO | IrpFlags.IRP_DEALLOCATE_BUFFER;
            if (method == IoControlCode.METHOD_BUFFERED && outputLength > 0) {
                f |= IrpFlags.IRP_INPUT_OPERATION;
            }
            irp.flags(irp.flags() | f);
        }
        if (method != IoControlCode.METHOD_BUFFERED && outputLength > 0) {
            Mdl mdl = io.allocateMdl((ByteBuffer) output, 0, outputLength, false, irp);
            try {
                mdl.probeAndLockPages(method == IoControlCode.METHOD_IN_DIRECT ? Mdl.IO_READ_ACCESS : Mdl.IO_WRITE_ACCESS);
            } catch (ks.api.io.KsStatusException e) {
                return e.status();
            }
        }
        return NtStatus.STATUS_SUCCESS;
    }

    // ------------------------------------------------------------------ IoBuild...Request

    Irp buildDeviceIoControlRequest(int code, DeviceObject deviceObject, Object input, int inputLength, Object output,
            int outputLength, boolean internal, KEvent event, IoStatusBlock iosb) {
        Irp irp = io.allocateIrp(deviceObject.stackSize());
        if (irp == null) {
            return null;
        }
        if (placeBuffers(irp, code, input, inputLength, output, outputLength) != NtStatus.STATUS_SUCCESS) {
            Mdl.freeChain(irp.mdlAddress());
            io.freeIrp(irp);
            return null;
        }
        IrpRecord.of(irp).ioManagerOwned = true;
        irp.requestorMode(KProcessorMode.KernelMode);
        irp.userIosb(iosb);
        irp.userEvent(event);
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(internal ? IrpMajorFunction.IRP_MJ_INTERNAL_DEVICE_CONTROL : IrpMajorFunction.IRP_MJ_DEVICE_CONTROL)
                .minorFunction(0);
        next.parameters().deviceIoControl().ioControlCode(code).inputBufferLength(inputLength)
                .outputBufferLength(outputLength)
                .type3InputBuffer(IoControlCode.METHOD_FROM_CTL_CODE(code) == IoControlCode.METHOD_NEITHER ? input : null);
        cancellation.queueToThread(irp);
        return irp;
    }

    Irp buildFsdRequest(int major, DeviceObject deviceObject, ByteBuffer buffer, int length, long offset,
            KEvent event, IoStatusBlock iosb, boolean synchronous) {
        boolean transfer = major == IrpMajorFunction.IRP_MJ_READ || major == IrpMajorFunction.IRP_MJ_WRITE;
        if (!transfer && major != IrpMajorFunction.IRP_MJ_FLUSH_BUFFERS && major != IrpMajorFunction.IRP_MJ_SHUTDOWN
                && major != IrpMajorFunction.IRP_MJ_PNP && major != IrpMajorFunction.IRP_MJ_POWER) {
            return null;
        }
        if (transfer && (buffer == null || length < 0 || length > buffer.capacity())) {
            return null;
        }
        Irp irp = io.allocateIrp(deviceObject.stackSize());
        if (irp == null) {
            return null;
        }
        irp.requestorMode(KProcessorMode.KernelMode);
        irp.userIosb(iosb);
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(major).minorFunction(0);
        if (transfer) {
            int flags = deviceObject.flags();
            if ((flags & DeviceObjectFlags.DO_BUFFERED_IO) != 0) {
                ByteBuffer system = ByteBuffer.allocate(length);
                if (major == IrpMajorFunction.IRP_MJ_WRITE) {
                    system.put(buffer.duplicate().clear().limit(length)).clear();
                    irp.flags(IrpFlags.IRP_BUFFERED_IO | IrpFlags.IRP_DEALLOCATE_BUFFER);
                } else {
                    irp.flags(IrpFlags.IRP_BUFFERED_IO | IrpFlags.IRP_DEALLOCATE_BUFFER | IrpFlags.IRP_INPUT_OPERATION);
                }
                irp.systemBuffer(system);
            } else if ((flags & DeviceObjectFlags.DO_DIRECT_IO) != 0) {
                Mdl mdl = io.allocateMdl(buffer, 0, length, false, irp);
                try {
                    mdl.probeAndLockPages(major == IrpMajorFunction.IRP_MJ_READ ? Mdl.IO_WRITE_ACCESS : Mdl.IO_READ_ACCESS);
                } catch (ks.api.io.KsStatusException e) {
                    Mdl.freeChain(irp.mdlAddress());
                    io.freeIrp(irp);
                    return null;
                }
            }
            irp.userBuffer(buffer);
            next.parameters().read().length(length).byteOffset(offset);
        }
        if (synchronous) {
            IrpRecord.of(irp).ioManagerOwned = true;
            irp.userEvent(event);
            cancellation.queueToThread(irp);
        }
        return irp;
    }

    // ------------------------------------------------------------------ sending and waiting

    /** A KernelMode IRP_SYNCHRONOUS_API IRP with its own status block and event, or null when none can be had. */
    private Irp synchronousIrp(DeviceObject top, FileObject fo, int irpFlags, int initialStatus, IoStatusBlock iosb) {
        Irp irp = io.allocateIrp(top.stackSize());
        if (irp == null) {
            return null;
        }
        IrpRecord.of(irp).ioManagerOwned = true;
        irp.flags(irpFlags | IrpFlags.IRP_SYNCHRONOUS_API);
        irp.requestorMode(KProcessorMode.KernelMode);
        irp.userIosb(iosb);
        irp.userEvent(new KEvent());
        irp.originalFileObject(fo);
        irp.ioStatus().set(initialStatus, 0);
        cancellation.queueToThread(irp);
        return irp;
    }

    /** Sends a synchronous IRP and, if it pends, waits for its event; the status block is read, never the IRP after the call. */
    private int callAndWait(DeviceObject top, Irp irp) {
        KEvent done = irp.userEvent();
        IoStatusBlock iosb = irp.userIosb();
        IrpRecord r = IrpRecord.of(irp);
        int generation = r.generation;
        int status = io.callDriver(top, irp);
        if (status != STATUS_PENDING) {
            return status;
        }
        try {
            done.await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            return iosb.status();
        } catch (InterruptedException e) {
            // the waiting thread gives up: its request is cancelled and waited for a moment
            cancellation.cancelListed(r, generation);
            try {
                done.await(CANCELLED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException again) {
                // interrupted once more: stop waiting
            }
            Thread.currentThread().interrupt();
            return NtStatus.STATUS_CANCELLED;
        }
    }

    /**
     * Waits for a pended request's event. An interrupted thread cancels its requests on the file
     * object (CancelIo), waits a moment for them to come back, and reports false with its
     * interrupt flag kept.
     */
    private boolean awaitOrCancel(KEvent done, FileObject fo) {
        try {
            done.await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            cancellation.cancelIo(fo, CANCELLED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
