package ks.api.io;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FILE_OBJECT: an open instance of a device (or of an object such as a KS filter or pin below
 * it). Opened with {@link IoManager#createFile}, which sends IRP_MJ_CREATE; closed with
 * {@link IoManager#closeFile}, which sends IRP_MJ_CLEANUP and, when the last reference goes,
 * IRP_MJ_CLOSE.
 *
 * <p>{@link #fsContext()} / {@link #fsContext2()} belong to the driver that opened the object.
 */
public final class FileObject {

    private final DeviceObject deviceObject;
    private final String fileName;
    private final FileObject relatedFileObject;
    private final ByteBuffer createParameters;
    private final KEvent event = new KEvent();
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile int flags;
    private volatile int finalStatus;
    private volatile Object fsContext;
    private volatile Object fsContext2;
    private volatile IoCompletionPort completionPort;
    private volatile Object completionKey;
    private volatile long currentByteOffset;
    private volatile boolean readAccess;
    private volatile boolean writeAccess;
    private volatile DeviceObject openedThrough;

    /** For the I/O manager. */
    public FileObject(DeviceObject deviceObject, String fileName, FileObject relatedFileObject,
            ByteBuffer createParameters, int flags) {
        this.deviceObject = deviceObject;
        this.fileName = fileName;
        this.relatedFileObject = relatedFileObject;
        this.createParameters = createParameters;
        this.flags = flags;
    }

    /** The device the file was opened on (not necessarily the top of its stack). */
    public DeviceObject deviceObject() {
        return deviceObject;
    }

    /**
     * The device that took the IRP_MJ_CREATE: the top of the stack when the file was opened, or
     * null before the I/O manager sent it.
     */
    public DeviceObject openedThrough() {
        return openedThrough;
    }

    /** For the I/O manager, before it sends IRP_MJ_CREATE. */
    public void openedThrough(DeviceObject value) {
        this.openedThrough = value;
    }

    /**
     * Whether the handle outlived its device: the device it was opened on, or the one that took its
     * create (e.g. a KS device whose driver was unloaded while the camera stayed on the bus), was
     * deleted. Requests on such a handle fail with STATUS_DEVICE_REMOVED; none reaches a device
     * that took the stack's top later.
     */
    public boolean deviceGone() {
        DeviceObject through = openedThrough;
        return deviceObject.isDeleted() || through != null && through.isDeleted();
    }

    /** The name remaining after the device name (e.g. a KS object class and its create parameters). */
    public String fileName() {
        return fileName;
    }

    /** The parent object when this one was opened relative to another (a pin under its filter). */
    public FileObject relatedFileObject() {
        return relatedFileObject;
    }

    /** Bytes that followed the name at create time (e.g. KSPIN_CONNECT + KSDATAFORMAT), or null. */
    public ByteBuffer createParameters() {
        return createParameters;
    }

    /** The file object's own event, signalled by completions that have no user event. */
    public KEvent event() {
        return event;
    }

    public int flags() {
        return flags;
    }

    public void flags(int value) {
        flags = value;
    }

    /** FinalStatus, set for synchronous file objects at completion. */
    public int finalStatus() {
        return finalStatus;
    }

    public void finalStatus(int value) {
        finalStatus = value;
    }

    public Object fsContext() {
        return fsContext;
    }

    public void fsContext(Object value) {
        fsContext = value;
    }

    public Object fsContext2() {
        return fsContext2;
    }

    public void fsContext2(Object value) {
        fsContext2 = value;
    }

    /** CompletionContext-&gt;Port, or null when no port is bound. */
    public IoCompletionPort completionPort() {
        return completionPort;
    }

    /** CompletionContext-&gt;Key. */
    public Object completionKey() {
        return completionKey;
    }

    /** Binds an I/O completion port (FileCompletionInformation). */
    public void bindCompletionPort(IoCompletionPort port, Object key) {
        completionKey = key;
        completionPort = port;
    }

    public long currentByteOffset() {
        return currentByteOffset;
    }

    public void currentByteOffset(long value) {
        currentByteOffset = value;
    }

    public boolean readAccess() {
        return readAccess;
    }

    public boolean writeAccess() {
        return writeAccess;
    }

    /** For the I/O manager: the access granted at create time. */
    public void grantAccess(boolean read, boolean write) {
        readAccess = read;
        writeAccess = write;
    }

    /** Object-manager references (open handle plus IRPs in flight). */
    public AtomicInteger references() {
        return references;
    }

    @Override
    public String toString() {
        return deviceObject + (fileName == null || fileName.isEmpty() ? "" : "\\" + fileName);
    }
}
