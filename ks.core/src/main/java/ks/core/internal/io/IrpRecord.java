package ks.core.internal.io;

import java.lang.invoke.VarHandle;

import ks.api.io.Irp;

/**
 * The I/O manager's side of one IRP: its life-cycle state, the pool generation, the verifier's
 * pending marks, who frees it, its place on the issuing thread's IRP list and, for a master IRP,
 * the count of associated IRPs not yet completed. Drivers never see it; every IRP in the process
 * is created by one of these.
 *
 * <h2>Threading</h2>
 * Owner-only fields, like the IRP's own: an IRP reaches another thread through a queue or an
 * event, which orders them. The thread-list links are guarded by the list's monitor.
 */
public final class IrpRecord extends Irp.Record {

    static final int FREE = 0;
    static final int ALLOCATED = 1;
    static final int ACTIVE = 2;
    static final int COMPLETING = 3;
    static final int COMPLETED = 4;

    int state = FREE;
    int generation;
    int walkEpoch;
    int pendingMarks;
    /** The device whose driver called IoCompleteRequest first on this use of the packet, for "completed twice". */
    ks.api.io.DeviceObject completedBy;
    boolean ioManagerOwned;
    /** An IoMakeAssociatedIrp IRP: completed to the end, it is freed and its master's count goes down. */
    boolean associated;
    /** For a master IRP: associated IRPs not yet completed (AssociatedIrp.IrpCount), changed through IRP_COUNT. */
    volatile int irpCount;

    // Irp->ThreadListEntry
    ThreadIrps threadList;
    IrpRecord threadPrev;
    IrpRecord threadNext;
    /** Cancellers (CancelIo, thread end) working on the IRP outside the list lock; release waits for them. */
    int cancelHolds;
    boolean releaseDeferred;

    private static final VarHandle IRP_COUNT;

    static {
        try {
            IRP_COUNT = java.lang.invoke.MethodHandles.lookup().findVarHandle(IrpRecord.class, "irpCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    IrpRecord(int stackCount) {
        super(stackCount);
    }

    /** The record of an IRP; every IRP is created by one. */
    public static IrpRecord of(Irp irp) {
        return (IrpRecord) Irp.Record.of(irp);
    }

    /** One associated IRP of this master is done; returns how many are left. */
    int associatedDone() {
        return (int) IRP_COUNT.getAndAdd(this, -1) - 1;
    }

    /** The IRP this record belongs to. */
    Irp packet() {
        return irp();
    }

    @Override
    protected void pendingMarked(int location) {
        pendingMarks |= 1 << location;
    }

    /** The IRP's cursor moves (IoCallDriver, the completion walk). */
    void moveTo(int location) {
        currentLocation(location);
    }

    void setCancel() {
        cancel(true);
    }

    void setPendingReturned(boolean value) {
        pendingReturned(value);
    }

    void setCancelIrql(int irql) {
        cancelIrql(irql);
    }

    void setMaster(Irp master) {
        masterIrp(master);
    }

    /**
     * IoInitializeIrp on a recycled packet: the generation first, then every field.
     *
     * <p>The generation changes before any field does, so a thread that still holds the packet
     * from its previous use (a dispatch routine that returned STATUS_PENDING, say) can read a field
     * and then the generation: an unchanged generation means the field was read before the reset.
     */
    void reinitialize() {
        generation++;
        VarHandle.storeStoreFence();
        initialize();
        pendingMarks = 0;
        completedBy = null;
        ioManagerOwned = false;
        associated = false;
        IRP_COUNT.set(this, 0); // plain: the packet reaches another thread through a queue or event, which orders it
        releaseDeferred = false;
    }

    /** Whether the completion walk is running over the IRP (no routine of it is running now). */
    public boolean completing() {
        return state == COMPLETING;
    }

    /** Whether final completion gives the IRP back to the pool (IRPs the I/O manager built, not drivers' own). */
    public boolean ioManagerOwned() {
        return ioManagerOwned;
    }

    /** Makes final completion give the IRP back to the pool, as it does for IRPs the I/O manager built. */
    public void ioManagerOwned(boolean value) {
        ioManagerOwned = value;
    }

    /** Incremented each time the IRP is handed out of a pool, so stale references can be detected. */
    public int generation() {
        return generation;
    }
}
