package ks.fastio.internal;

import ks.api.fastio.FastIoStatistics;
import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.ks.KsStreamHeader;

/**
 * A statistics decorator: passes every entry to the provider it wraps and counts hits, declines
 * and the data bytes of handled stream requests, per calling thread ({@link ThreadCounters}).
 * Once closed it declines everything without asking the provider, so a call that raced with the
 * provider's unregistration falls back to the IRP path.
 */
public final class CountingFastIo implements FastIoDispatch, FastIoStatistics {

    private final String name;
    private final FastIoDispatch inner;
    private final ThreadCounters counters = new ThreadCounters();
    private volatile boolean closed;

    public CountingFastIo(String name, FastIoDispatch inner) {
        this.name = name;
        this.inner = inner;
    }

    public void close() {
        closed = true;
    }

    @Override
    public boolean fastIoRead(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey, Object buffer,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        return count(!closed && inner.fastIoRead(fileObject, fileOffset, length, wait, lockKey, buffer, ioStatus, deviceObject), buffer);
    }

    @Override
    public boolean fastIoWrite(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey, Object buffer,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        return count(!closed && inner.fastIoWrite(fileObject, fileOffset, length, wait, lockKey, buffer, ioStatus, deviceObject), buffer);
    }

    @Override
    public boolean fastIoDeviceControl(FileObject fileObject, boolean wait, Object inputBuffer, int inputBufferLength,
            Object outputBuffer, int outputBufferLength, int ioControlCode, IoStatusBlock ioStatus, DeviceObject deviceObject) {
        return count(!closed && inner.fastIoDeviceControl(fileObject, wait, inputBuffer, inputBufferLength, outputBuffer,
                outputBufferLength, ioControlCode, ioStatus, deviceObject), outputBuffer);
    }

    private boolean count(boolean handled, Object buffer) {
        if (!handled) {
            counters.decline();
            return false;
        }
        counters.hit(buffer instanceof KsStreamHeader[] ? KsStreamHeader.totalDataUsed((KsStreamHeader[]) buffer) : 0);
        return true;
    }

    @Override
    public String provider() {
        return name;
    }

    @Override
    public long hits() {
        return counters.sum(ThreadCounters.HITS);
    }

    @Override
    public long declines() {
        return counters.sum(ThreadCounters.DECLINES);
    }

    @Override
    public long bytes() {
        return counters.sum(ThreadCounters.BYTES);
    }

    @Override
    public String toString() {
        return name + " fast I/O: " + hits() + " hits, " + declines() + " declines, " + bytes() + " bytes";
    }
}
