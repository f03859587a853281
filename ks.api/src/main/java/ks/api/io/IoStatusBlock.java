package ks.api.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * IO_STATUS_BLOCK: the final status of a request and a request-dependent count
 * ({@code Information}, usually bytes transferred). Callers own their status blocks and reuse them.
 *
 * <h2>Threading</h2>
 * Written by the I/O manager during final completion, before the request's event is signalled;
 * read it after the event (or the completion stage) tells you the request finished.
 */
public final class IoStatusBlock {

    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(IoStatusBlock.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int status;
    private long information;
    private Object pointer;

    public IoStatusBlock() {
    }

    public IoStatusBlock(int status, long information) {
        this.information = information;
        this.status = status;
    }

    public int status() {
        return status;
    }

    public long information() {
        return information;
    }

    /**
     * Sets Status and Information. Information is written first; Status is the publishing write (a
     * release: whoever reads this Status sees the Information and anything else written before).
     */
    public IoStatusBlock set(int newStatus, long newInformation) {
        information = newInformation;
        STATUS.setRelease(this, newStatus);
        return this;
    }

    public IoStatusBlock status(int value) {
        status = value;
        return this;
    }

    public IoStatusBlock information(long value) {
        information = value;
        return this;
    }

    /**
     * Information used as a pointer (ULONG_PTR holding an address): the answer of a PnP query, such
     * as the DEVICE_RELATIONS ({@code List<DeviceObject>}) of IRP_MN_QUERY_DEVICE_RELATIONS or the
     * ID list ({@code List<String>}) of IRP_MN_QUERY_ID. Null unless the completing driver set it.
     */
    public Object pointer() {
        return pointer;
    }

    public IoStatusBlock pointer(Object value) {
        pointer = value;
        return this;
    }

    /** Copies Status, Information and the pointer form of Information. */
    public void copyFrom(IoStatusBlock other) {
        pointer = other.pointer;
        set(other.status, other.information);
    }

    @Override
    public String toString() {
        return NtStatus.toString(status) + ", Information=" + information;
    }
}
