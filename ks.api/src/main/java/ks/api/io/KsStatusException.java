package ks.api.io;

/**
 * An NTSTATUS raised as an exception at blocking convenience APIs and at the edges (opening a
 * file object, creating a device). On the request path statuses stay {@code int}s.
 */
public class KsStatusException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public KsStatusException(int status, String message) {
        super(message + ": " + NtStatus.toString(status));
        this.status = status;
    }

    public KsStatusException(int status) {
        super(NtStatus.toString(status));
        this.status = status;
    }

    /** The NTSTATUS carried. */
    public int status() {
        return status;
    }
}
