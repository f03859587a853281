package ks.core.internal.ks;

import ks.api.io.Irp;

/**
 * A KS object behind a file object's FsContext (the object header): it serves the
 * IRP_MJ_DEVICE_CONTROL requests sent to it and tears down on IRP_MJ_CLOSE.
 */
interface KsObject {

    /** Serves one device-control IRP and completes it (or queues it); returns the dispatch status. */
    int deviceControl(Irp irp);

    /** IRP_MJ_CLOSE: the client's last reference is gone. */
    void close();

    /** Device removal: queued I/O completes with STATUS_DEVICE_REMOVED, new I/O fails. */
    void remove();
}
