package ks.fastio.internal;

import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsPin;
import ks.api.ks.KsStreamHeader;

/**
 * The streaming provider: serves KS stream reads from frames a capture pin already holds in its
 * ready ring and stream writes into a render pin's ring while it has room, through
 * {@link KsPin#fastRead} and {@link KsPin#fastWrite}, which keep the order with the pin's IRP
 * queue. Declines anything else (not a pin, no frame waiting, no room, a header the probe would
 * refuse), so the request goes down the stack as an IRP.
 *
 * <p>FastIoRead / FastIoWrite carry the header array as {@code buffer}; FastIoDeviceControl serves
 * IOCTL_KS_READ_STREAM / IOCTL_KS_WRITE_STREAM with the headers as the output buffer, the
 * convention of the IRP path.
 */
public final class StreamingFastIo implements FastIoDispatch {

    @Override
    public boolean fastIoRead(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey, Object buffer,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        KsPin pin = pin(fileObject);
        return pin != null && buffer instanceof KsStreamHeader[] && pin.fastRead((KsStreamHeader[]) buffer, length, ioStatus);
    }

    @Override
    public boolean fastIoWrite(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey, Object buffer,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        KsPin pin = pin(fileObject);
        return pin != null && buffer instanceof KsStreamHeader[] && pin.fastWrite((KsStreamHeader[]) buffer, length, ioStatus);
    }

    @Override
    public boolean fastIoDeviceControl(FileObject fileObject, boolean wait, Object inputBuffer, int inputBufferLength,
            Object outputBuffer, int outputBufferLength, int ioControlCode, IoStatusBlock ioStatus, DeviceObject deviceObject) {
        if (ioControlCode == KsIoctl.IOCTL_KS_READ_STREAM) {
            return fastIoRead(fileObject, NO_FILE_OFFSET, outputBufferLength, wait, 0, outputBuffer, ioStatus, deviceObject);
        }
        if (ioControlCode == KsIoctl.IOCTL_KS_WRITE_STREAM) {
            return fastIoWrite(fileObject, NO_FILE_OFFSET, outputBufferLength, wait, 0, outputBuffer, ioStatus, deviceObject);
        }
        return false;
    }

    private static KsPin pin(FileObject fileObject) {
        Object context = fileObject == null ? null : fileObject.fsContext();
        return context instanceof KsPin ? (KsPin) context : null;
    }
}
