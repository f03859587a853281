package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_VIOLATION;
import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoManager;
import ks.api.io.IoStackLocation;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.Mdl;
import ks.core.internal.io.IrpRecord;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsCompletionInvocation;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * KsStreamIo (ks-semantics §1.2) and KsProbeStreamIrp (§3.4) over the I/O manager.
 *
 * <h2>Deliberate differences from ReactOS</h2>
 * The fast path follows the documented mode rule (never for a UserMode requestor on a thread whose
 * previous mode is KernelMode), the direction is bit 0 of Flags only, the IRP takes its own
 * reference on the file object, KSSTREAM_SYNCHRONOUS becomes IRP_SYNCHRONOUS_API, and the probe
 * validates kernel-mode headers too and rejects Size 0.
 */
@Component(service = KsStreamIo.class)
public final class KsStreamIoImpl implements KsStreamIo {

    private static final int ALL_INVOCATIONS = KsCompletionInvocation.KsInvokeOnSuccess
            | KsCompletionInvocation.KsInvokeOnError | KsCompletionInvocation.KsInvokeOnCancel;

    private final IoManager io;

    @Activate
    public KsStreamIoImpl(@Reference IoManager io) {
        this.io = io;
    }

    @Override
    public int ksStreamIo(FileObject fileObject, KEvent event, Object portContext, IoCompletionRoutine completionRoutine,
            Object completionContext, int completionInvocationFlags, IoStatusBlock ioStatusBlock,
            KsStreamHeader[] streamHeaders, int length, int flags, int requestorMode) {
        DeviceObject device = io.getRelatedDeviceObject(fileObject);
        if (event != null) {
            event.clearEvent();
        }
        if (fileObject.deviceGone()) {
            return NtStatus.STATUS_DEVICE_REMOVED; // fails synchronously: the return value is the only report
        }
        boolean write = (flags & KsStreamFlags.KSSTREAM_WRITE) != 0;
        if (!(requestorMode != KProcessorMode.KernelMode && io.previousMode() == KProcessorMode.KernelMode)) {
            FastIoDispatch fast = device.driverObject().fastIoDispatch();
            if (fast != null) {
                boolean handled = write
                        ? fast.fastIoWrite(fileObject, FastIoDispatch.NO_FILE_OFFSET, length, false, 0, streamHeaders, ioStatusBlock, device)
                        : fast.fastIoRead(fileObject, FastIoDispatch.NO_FILE_OFFSET, length, false, 0, streamHeaders, ioStatusBlock, device);
                if (handled) {
                    return ioStatusBlock.status();
                }
            }
        }
        return sendIrp(device, fileObject, event, portContext, completionRoutine, completionContext, completionInvocationFlags,
                ioStatusBlock, streamHeaders, length, flags, requestorMode);
    }

    /** The IRP path: builds IRP_MJ_DEVICE_CONTROL with IOCTL_KS_READ_STREAM / WRITE_STREAM and sends it to {@code device}. */
    private int sendIrp(DeviceObject device, FileObject fileObject, KEvent event, Object portContext,
            IoCompletionRoutine completionRoutine, Object completionContext, int completionInvocationFlags,
            IoStatusBlock ioStatusBlock, KsStreamHeader[] streamHeaders, int length, int flags, int requestorMode) {
        boolean write = (flags & KsStreamFlags.KSSTREAM_WRITE) != 0;
        fileObject.event().clearEvent();
        Irp irp = io.allocateIrp(device.stackSize());
        if (irp == null) {
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.requestorMode(requestorMode);
        irp.userIosb(ioStatusBlock);
        irp.userEvent(event);
        irp.userBuffer(streamHeaders);
        irp.systemBuffer(null);
        irp.flags((flags & KsStreamFlags.KSSTREAM_SYNCHRONOUS) != 0 ? IrpFlags.IRP_SYNCHRONOUS_API : 0);
        irp.userApcRoutine(null);
        irp.userApcContext(portContext);
        fileObject.references().incrementAndGet();
        irp.originalFileObject(fileObject);
        io.queueThreadIrp(irp); // Tail.Overlay.Thread and the thread's IRP list
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).minorFunction(0).fileObject(fileObject);
        next.parameters().deviceIoControl()
                .ioControlCode(write ? KsIoctl.IOCTL_KS_WRITE_STREAM : KsIoctl.IOCTL_KS_READ_STREAM)
                .outputBufferLength(length)
                .inputBufferLength(0)
                .type3InputBuffer(null);
        if (completionRoutine != null) {
            irp.setCompletionRoutine(completionRoutine, completionContext,
                    (completionInvocationFlags & KsCompletionInvocation.KsInvokeOnSuccess) != 0,
                    (completionInvocationFlags & KsCompletionInvocation.KsInvokeOnError) != 0,
                    (completionInvocationFlags & KsCompletionInvocation.KsInvokeOnCancel) != 0);
        }
        return io.callDriver(device, irp);
    }

    @Override
    public int probeStreamIrp(Irp irp, int probeFlags, int headerSize) {
        if (irp.systemBuffer() != null) {
            return STATUS_SUCCESS; // already probed: the headers are buffered
        }
        IoStackLocation current = irp.currentIrpStackLocation();
        int length = current.parameters().deviceIoControl().outputBufferLength();
        Object buffer = irp.userBuffer();
        if (!(buffer instanceof KsStreamHeader[])) {
            return STATUS_INVALID_PARAMETER;
        }
        KsStreamHeader[] headers = (KsStreamHeader[]) buffer;
        if (length == 0) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        KsStreamHeader[] checked = headers;
        boolean user = irp.requestorMode() != KProcessorMode.KernelMode;
        if (user) {
            // validate a kernel copy, so the caller cannot change a header after it was checked
            checked = HeaderCopy.copyOf(headers, length);
        }
        int status = validate(checked, length, probeFlags, headerSize);
        if (status != STATUS_SUCCESS) {
            return status;
        }
        if ((probeFlags & KsStreamFlags.KSPROBE_ALLOCATEMDL) != 0) {
            status = describeData(irp, checked, length, probeFlags);
            if (status != STATUS_SUCCESS) {
                Mdl.freeChain(irp.mdlAddress());
                irp.mdlAddress(null);
                return status;
            }
        }
        if (user) {
            int f = irp.flags() | IrpFlags.IRP_BUFFERED_IO | IrpFlags.IRP_DEALLOCATE_BUFFER;
            if ((probeFlags & KsStreamFlags.KSPROBE_STREAMWRITE) == 0) {
                f |= IrpFlags.IRP_INPUT_OPERATION;
            }
            irp.flags(f);
            irp.systemBuffer(new HeaderCopy(checked));
        } else {
            irp.systemBuffer(headers);
        }
        return STATUS_SUCCESS;
    }

    /**
     * KSPROBE_ALLOCATEMDL (§3.4 steps 6 and 7): an MDL over {@code [Data, Data + FrameExtent)} of
     * each header, chained at Irp.MdlAddress in header order; KSPROBE_PROBEANDLOCK locks each for
     * write access on reads and with KSPROBE_MODIFY, read access on plain writes;
     * KSPROBE_SYSTEMADDRESS maps each. Final completion frees them.
     */
    private int describeData(Irp irp, KsStreamHeader[] headers, int length, int probeFlags) {
        boolean write = (probeFlags & KsStreamFlags.KSPROBE_STREAMWRITE) != 0;
        boolean writeAccess = !write || (probeFlags & KsStreamFlags.KSPROBE_MODIFY) != 0;
        long remaining = Integer.toUnsignedLong(length);
        for (int i = 0; remaining > 0 && i < headers.length; i++) {
            KsStreamHeader h = headers[i];
            remaining -= Integer.toUnsignedLong(h.size());
            if (h.frameExtent() == 0) {
                continue;
            }
            Mdl mdl = io.allocateMdl(h.data(), 0, h.frameExtent(), true, irp);
            if (mdl == null) {
                return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
            }
            if ((probeFlags & KsStreamFlags.KSPROBE_PROBEANDLOCK) != 0) {
                try {
                    mdl.probeAndLockPages(writeAccess ? Mdl.IO_WRITE_ACCESS : Mdl.IO_READ_ACCESS);
                } catch (ks.api.io.KsStatusException e) {
                    return e.status();
                }
                if ((probeFlags & KsStreamFlags.KSPROBE_SYSTEMADDRESS) != 0 && mdl.systemAddress() == null) {
                    return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
                }
            }
        }
        return STATUS_SUCCESS;
    }

    @Override
    public KsStreamHeader[] streamHeaders(Irp irp) {
        return headersOf(irp);
    }

    /** The headers a probed IRP carries: the caller's own array or, for a UserMode request, the kernel copy. */
    static KsStreamHeader[] headersOf(Irp irp) {
        Object sys = irp.systemBuffer();
        if (sys instanceof HeaderCopy) {
            return ((HeaderCopy) sys).headers();
        }
        return sys instanceof KsStreamHeader[] ? (KsStreamHeader[]) sys : null;
    }

    static int validate(KsStreamHeader[] headers, int length, int probeFlags, int headerSize) {
        boolean write = (probeFlags & KsStreamFlags.KSPROBE_STREAMWRITE) != 0;
        long remaining = Integer.toUnsignedLong(length);
        long expectedHeaderSize = Integer.toUnsignedLong(headerSize);
        int i = 0;
        while (remaining > 0) {
            if (i >= headers.length) {
                return STATUS_INVALID_BUFFER_SIZE; // Length claims headers that are not there
            }
            KsStreamHeader h = headers[i];
            if (h == null) {
                return STATUS_ACCESS_VIOLATION;
            }
            long size = Integer.toUnsignedLong(h.size());
            boolean typeChanged = (h.optionsFlags() & KSSTREAM_HEADER_OPTIONSF_TYPECHANGED) != 0;
            if (size < KsStreamHeader.SIZEOF) {
                return STATUS_INVALID_BUFFER_SIZE;
            }
            if (expectedHeaderSize != 0) {
                if (size != expectedHeaderSize && !typeChanged) {
                    return STATUS_INVALID_BUFFER_SIZE;
                }
            } else if (size % 8 != 0) {
                return STATUS_INVALID_BUFFER_SIZE;
            }
            if (remaining < size) {
                return STATUS_INVALID_BUFFER_SIZE;
            }
            ByteBuffer ext = h.extension();
            if (size != KsStreamHeader.SIZEOF + (ext == null ? 0 : ext.capacity())) {
                return STATUS_INVALID_BUFFER_SIZE; // Size does not describe the header it is on
            }
            long frameExtent = Integer.toUnsignedLong(h.frameExtent());
            if (write) {
                if (Integer.toUnsignedLong(h.dataUsed()) > frameExtent) {
                    return STATUS_INVALID_BUFFER_SIZE;
                }
                if (typeChanged) {
                    if (i != 0 || length != KsStreamHeader.SIZEOF) {
                        return STATUS_INVALID_BUFFER_SIZE;
                    }
                    if ((probeFlags & KsStreamFlags.KSPROBE_ALLOWFORMATCHANGE) == 0) {
                        return STATUS_INVALID_PARAMETER;
                    }
                }
            } else {
                if (h.dataUsed() != 0) {
                    return STATUS_INVALID_BUFFER_SIZE;
                }
                if (h.optionsFlags() != 0) {
                    return STATUS_INVALID_PARAMETER;
                }
            }
            if (frameExtent > 0) {
                ByteBuffer data = h.data();
                // the Java form of a probe fault: the buffer does not cover [Data, Data + FrameExtent)
                if (data == null || frameExtent > data.capacity()) {
                    return STATUS_ACCESS_VIOLATION;
                }
                boolean needsWrite = !write || (probeFlags & KsStreamFlags.KSPROBE_MODIFY) != 0;
                if (needsWrite && data.isReadOnly()) {
                    return STATUS_ACCESS_VIOLATION;
                }
            }
            remaining -= size;
            i++;
        }
        return STATUS_SUCCESS;
    }

    @Override
    public CompletionStage<IoStatusBlock> read(FileObject pin, KsStreamHeader... headers) {
        return submit(pin, headers, KsStreamFlags.KSSTREAM_READ);
    }

    @Override
    public CompletionStage<IoStatusBlock> write(FileObject pin, KsStreamHeader... headers) {
        return submit(pin, headers, KsStreamFlags.KSSTREAM_WRITE);
    }

    private CompletionStage<IoStatusBlock> submit(FileObject pin, KsStreamHeader[] headers, int flags) {
        CompletableFuture<IoStatusBlock> result = new CompletableFuture<>();
        IoStatusBlock iosb = new IoStatusBlock();
        // runs before final completion writes iosb, so it takes the values from the IRP itself
        IoCompletionRoutine routine = (dev, irp, ctx) -> {
            iosb.set(irp.ioStatus().status(), irp.ioStatus().information());
            finish(result, iosb, flags);
            return STATUS_SUCCESS;
        };
        int old = io.exchangePreviousMode(KProcessorMode.KernelMode);
        int status;
        try {
            status = ksStreamIo(pin, null, null, routine, null, ALL_INVOCATIONS, iosb, headers,
                    KsStreamHeader.totalSize(headers), flags, KProcessorMode.KernelMode);
        } finally {
            io.exchangePreviousMode(old);
        }
        if (status != STATUS_PENDING && !result.isDone()) {
            // served by the fast path (iosb filled), or refused before an IRP was built (the status only)
            if (iosb.status() != status) {
                iosb.set(status, 0);
            }
            finish(result, iosb, flags);
        }
        return result;
    }

    private static void finish(CompletableFuture<IoStatusBlock> result, IoStatusBlock iosb, int flags) {
        if (NtStatus.NT_ERROR(iosb.status())) {
            String what = (flags & KsStreamFlags.KSSTREAM_WRITE) != 0 ? "stream write" : "stream read";
            result.completeExceptionally(new KsStatusException(iosb.status(), what));
        } else {
            result.complete(iosb);
        }
    }
}
