package ks.api.io;

/**
 * IO_STATUS_BLOCK: the final status of a request and a request-dependent count
 * ({@code Information}, usually bytes transferred). Callers own their status blocks and reuse them.
 *
 * <h2>Threading</h2>
 * Written by the I/O manager during final completion, before the request's event is signalled;
 * read it after the event (or the completion stage) tells you the request finished.
 */
public final class IoStatusBlock {

    private volatile int status;
    private long information;

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

    /** Sets Status and Information. Information is written first; Status is the publishing write. */
    public IoStatusBlock set(int newStatus, long newInformation) {
        information = newInformation;
        status = newStatus;
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

    public void copyFrom(IoStatusBlock other) {
        set(other.status, other.information);
    }

    @Override
    public String toString() {
        return NtStatus.toString(status) + ", Information=" + information;
    }
}
