package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * FAST_IO_DISPATCH: the entries of a driver's fast-I/O table that streaming uses. A fast routine
 * serves a request synchronously in the caller's thread without an IRP.
 *
 * <p>Contract: return {@code true} only when the request was completely handled and
 * {@code ioStatus} holds its Status and Information; return {@code false} to decline (cannot do it
 * now, would block, not supported) and the caller builds an IRP instead. No event is signalled, no
 * completion routine runs and nothing is posted to a completion port on the fast path. The default
 * methods decline, like {@code KsDispatchFastReadFailure} and
 * {@code KsDispatchFastIoDeviceControlFailure}.
 */
@ConsumerType
public interface FastIoDispatch {

    /** Value of {@code fileOffset} when the caller passes no offset (a NULL PLARGE_INTEGER). */
    long NO_FILE_OFFSET = -1L;

    /** FastIoRead; for KS streaming {@code buffer} is the stream-header array, {@code length} its byte size. */
    default boolean fastIoRead(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey,
            Object buffer, IoStatusBlock ioStatus, DeviceObject deviceObject) {
        return false;
    }

    /** FastIoWrite; same shape as {@link #fastIoRead}. */
    default boolean fastIoWrite(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey,
            Object buffer, IoStatusBlock ioStatus, DeviceObject deviceObject) {
        return false;
    }

    /** FastIoDeviceControl; buffers are passed raw ("neither" I/O) whatever the IOCTL's method. */
    default boolean fastIoDeviceControl(FileObject fileObject, boolean wait, Object inputBuffer,
            int inputBufferLength, Object outputBuffer, int outputBufferLength, int ioControlCode,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        return false;
    }
}
