package ks.fastio.internal;

import java.util.concurrent.atomic.LongAdder;

import ks.api.fastio.FastIoStatistics;
import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.ks.KsStreamHeader;

/**
 * A statistics decorator: passes every entry to the provider it wraps and counts hits, declines
 * and the data bytes of handled stream requests. Once closed it declines everything without
 * asking the provider, so a call that raced with the provider's unregistration falls back to the
 * IRP path.
 */
public final class CountingFastIo implements FastIoDispatch, FastIoStatistics {

    private final String name;
    private final FastIoDispatch inner;
    private final LongAdder hits = new LongAdder();
    private final LongAdder declines = new LongAdder();
    private final LongAdder bytes = new LongAdder();
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
            declines.increment();
            return false;
        }
        hits.increment();
        if (buffer instanceof KsStreamHeader[]) {
            long used = 0;
            for (KsStreamHeader h : (KsStreamHeader[]) buffer) {
                used += Integer.toUnsignedLong(h.dataUsed());
            }
            bytes.add(used);
        }
        return true;
    }

    @Override
    public String provider() {
        return name;
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long declines() {
        return declines.sum();
    }

    @Override
    public long bytes() {
        return bytes.sum();
    }

    @Override
    public String toString() {
        return name + " fast I/O: " + hits() + " hits, " + declines() + " declines, " + bytes() + " bytes";
    }
}
