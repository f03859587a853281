package ks.api.ks;

import java.util.concurrent.CompletionStage;

import ks.api.io.FileObject;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.KEvent;

import org.osgi.annotation.versioning.ProviderType;

/**
 * KsStreamIo and KsProbeStreamIrp: submitting stream packets to a KS pin and validating them on
 * the receiving side. Registered as an OSGi service by ks.core.
 */
@ProviderType
public interface KsStreamIo {

    /**
     * KsStreamIo: submits the stream headers to the pin opened as {@code fileObject}.
     *
     * <p>The fast path is tried first where the mode rule allows it (not for a UserMode requestor on
     * a thread whose previous mode is KernelMode): the top device's driver's
     * {@code FastIoDispatch.fastIoRead/fastIoWrite}; if it handles the packet, its status is returned
     * and nothing else happens (no event, no completion routine, no port packet). Otherwise an
     * IRP_MJ_DEVICE_CONTROL IRP with IOCTL_KS_READ_STREAM or IOCTL_KS_WRITE_STREAM (chosen by bit 0
     * of {@code flags}) carries the headers as its METHOD_NEITHER output buffer to the top of the
     * pin's device stack.
     *
     * @param event reset at entry and signalled at final completion, or null
     * @param portContext ApcContext of the completion-port packet, or null
     * @param completionRoutine called during completion per {@code completionInvocationFlags}, last of all routines, with a null device
     * @param completionInvocationFlags {@link KsCompletionInvocation} bits
     * @param ioStatusBlock written at final completion (not on a synchronous error)
     * @param length total byte size of the headers (the sum of their Size fields)
     * @param flags KSSTREAM_READ or KSSTREAM_WRITE with modifiers
     * @param requestorMode {@link ks.api.io.KProcessorMode}
     * @return the fast handler's status, STATUS_PENDING, the driver's synchronous status, or
     *     STATUS_INSUFFICIENT_RESOURCES when no IRP could be allocated
     */
    int ksStreamIo(FileObject fileObject, KEvent event, Object portContext, IoCompletionRoutine completionRoutine,
            Object completionContext, int completionInvocationFlags, IoStatusBlock ioStatusBlock,
            KsStreamHeader[] streamHeaders, int length, int flags, int requestorMode);

    /**
     * KsProbeStreamIrp: validates the stream headers of an IOCTL_KS_READ_STREAM / WRITE_STREAM IRP
     * in its current location and makes them the IRP's system buffer.
     *
     * @param probeFlags KSPROBE_* (direction in bit 0)
     * @param headerSize the pin's header size, or 0 to accept any Size that is a multiple of 8 and at least 56
     * @return STATUS_SUCCESS, or the specific failure: STATUS_INVALID_BUFFER_SIZE (lengths that do not
     *     add up, DataUsed beyond FrameExtent, a read header with DataUsed set), STATUS_INVALID_PARAMETER
     *     (a read header with OptionsFlags set, a format change without KSPROBE_ALLOWFORMATCHANGE,
     *     no header array), STATUS_ACCESS_VIOLATION (a data buffer that does not cover FrameExtent, or a
     *     read-only buffer for a read)
     */
    int probeStreamIrp(Irp irp, int probeFlags, int headerSize);

    /**
     * The stream headers of an IRP that {@link #probeStreamIrp} accepted: the caller's array for a
     * KernelMode request, the validated kernel copy for a UserMode one (copied back at completion
     * for reads). Null for an IRP that was not probed.
     */
    KsStreamHeader[] streamHeaders(Irp irp);

    /**
     * Reads one packet asynchronously: KsStreamIo with KSSTREAM_READ from a KernelMode caller and a
     * completion routine that completes the stage. Completes exceptionally with a
     * {@link ks.api.io.KsStatusException} for an error status.
     */
    CompletionStage<IoStatusBlock> read(FileObject pin, KsStreamHeader... headers);

    /** Writes one packet asynchronously; see {@link #read}. */
    CompletionStage<IoStatusBlock> write(FileObject pin, KsStreamHeader... headers);
}
