package ks.api.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * IRP: an I/O request packet. It carries one {@link IoStackLocation} per driver of the stack it
 * is sent to, a status block, and the caller's completion targets (status block, event, file
 * object, completion port).
 *
 * <pre>
 *  location index:   1          2        ...      stackCount
 *                  bottom     ...                 top driver (first called)
 *  currentLocation starts at stackCount + 1 ("no current location"); each
 *  IoManager.callDriver moves it down by one, the completion walk moves it back up.
 * </pre>
 *
 * <h2>Ownership</h2>
 * Exactly one party owns an IRP at a time: the driver whose dispatch routine runs, the queue that
 * holds it, or the completion routine that returned STATUS_MORE_PROCESSING_REQUIRED. After
 * {@link IoManager#callDriver} or {@link IoManager#completeRequest} returns, the caller must not
 * touch the IRP. The only field touched by other threads is the cancel state, which is atomic.
 *
 * <h2>What is not here</h2>
 * The I/O manager's own bookkeeping (life-cycle state, the pool generation, the verifier's
 * pending marks, who frees the packet) lives in ks.core, behind the one opaque {@link Record} the
 * IRP carries. Drivers get IRPs from {@link IoManager#allocateIrp} and the {@code IoBuild...}
 * routines; there is no public constructor.
 */
public final class Irp {

    private static final VarHandle CANCEL_ROUTINE;

    static {
        try {
            CANCEL_ROUTINE = MethodHandles.lookup().findVarHandle(Irp.class, "cancelRoutine", CancelRoutine.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoStackLocation[] stack;
    private final int stackCount;
    private int currentLocation;
    private final IoStatusBlock ioStatus = new IoStatusBlock();
    private int requestorMode;
    private boolean pendingReturned;
    private volatile boolean cancel;
    private int cancelIrql;
    @SuppressWarnings("unused") // accessed through CANCEL_ROUTINE
    private volatile CancelRoutine cancelRoutine;
    private IoStatusBlock userIosb;
    private KEvent userEvent;
    private Object userBuffer;
    private Object systemBuffer;
    private int flags;
    private IoApcRoutine userApcRoutine;
    private Object userApcContext;
    private FileObject originalFileObject;
    private Thread thread;
    private Object mdlAddress;
    private Irp masterIrp;
    private final Record record;

    /** Tail.Overlay.DriverContext: four slots of per-driver scratch state for the current owner. */
    public final Object[] driverContext = new Object[4];

    // Tail.Overlay.ListEntry: an intrusive link for the queue that currently owns the IRP.
    private Irp listNext;
    private Irp listPrev;
    private Object listOwner;

    private Irp(int stackCount, Record record) {
        this.record = record;
        if (stackCount < 1 || stackCount > MAX_STACK_COUNT) {
            throw new IllegalArgumentException("stack count " + stackCount + " outside 1.." + MAX_STACK_COUNT);
        }
        this.stackCount = stackCount;
        this.stack = new IoStackLocation[stackCount];
        for (int i = 0; i < stackCount; i++) {
            stack[i] = new IoStackLocation();
        }
        this.currentLocation = stackCount + 1;
    }

    /** The largest stack count (a CCHAR in C, and one bit per location in the verifier's masks). */
    public static final int MAX_STACK_COUNT = 30;

    // ---- stack locations (IoGet...IrpStackLocation, IoSkip/IoCopy..., IoSetCompletionRoutine, IoMarkIrpPending) ----

    public int stackCount() {
        return stackCount;
    }

    /** CurrentLocation: 1-based; {@code stackCount + 1} before the IRP is first sent. */
    public int currentLocation() {
        return currentLocation;
    }

    /** The location at a 1-based index. */
    public IoStackLocation stackLocation(int index) {
        return stack[index - 1];
    }

    /** IoGetCurrentIrpStackLocation. */
    public IoStackLocation currentIrpStackLocation() {
        if (currentLocation > stackCount) {
            throw new IllegalStateException("IRP has no current stack location before it is sent");
        }
        return stack[currentLocation - 1];
    }

    /** IoGetNextIrpStackLocation: the location of the driver that the next callDriver reaches. */
    public IoStackLocation nextIrpStackLocation() {
        int next = currentLocation - 1;
        if (next < 1) {
            throw new KsVerifierException("NO_MORE_IRP_STACK_LOCATIONS", describe() + " has no next stack location");
        }
        return stack[next - 1];
    }

    /**
     * IoSkipCurrentIrpStackLocation: the next driver reuses this location as it is. After it, do not
     * set a completion routine, change parameters or mark the IRP pending.
     */
    public void skipCurrentIrpStackLocation() {
        if (currentLocation > stackCount) {
            throw new KsVerifierException("IRP_STACK_LOCATION_SKIPPED_PAST_TOP", describe() + " skipped past its top location");
        }
        currentLocation++;
    }

    /**
     * IoSetNextIrpStackLocation: makes the next location current, as IoCallDriver would, without
     * calling a driver. A driver that allocated an IRP with a location of its own uses it once,
     * before filling that location in and setting a completion routine it gets a device object for.
     */
    public void setNextIrpStackLocation() {
        if (currentLocation - 1 < 1) {
            throw new KsVerifierException("NO_MORE_IRP_STACK_LOCATIONS", describe() + " has no next stack location");
        }
        currentLocation--;
    }

    /** IoCopyCurrentIrpStackLocationToNext: everything but the completion routine, with Control cleared. */
    public void copyCurrentIrpStackLocationToNext() {
        nextIrpStackLocation().copyFrom(currentIrpStackLocation());
    }

    /**
     * IoSetCompletionRoutine: stores the routine in the next location with the SL_INVOKE_ON_* bits
     * chosen; call it after copying the location (it overwrites Control).
     */
    public void setCompletionRoutine(IoCompletionRoutine routine, Object context, boolean invokeOnSuccess,
            boolean invokeOnError, boolean invokeOnCancel) {
        IoStackLocation next = nextIrpStackLocation();
        next.setCompletion(routine, context);
        int control = 0;
        if (invokeOnSuccess) {
            control |= StackLocationFlags.SL_INVOKE_ON_SUCCESS;
        }
        if (invokeOnError) {
            control |= StackLocationFlags.SL_INVOKE_ON_ERROR;
        }
        if (invokeOnCancel) {
            control |= StackLocationFlags.SL_INVOKE_ON_CANCEL;
        }
        next.setControl(control);
    }

    /** IoMarkIrpPending: SL_PENDING_RETURNED in the current location. Do it before the IRP can reach another thread. */
    public void markIrpPending() {
        IoStackLocation current = currentIrpStackLocation();
        current.setControl(current.control() | StackLocationFlags.SL_PENDING_RETURNED);
        record.pendingMarked(currentLocation);
    }

    // ---- cancellation ----

    /** IoSetCancelRoutine: atomically exchanges the cancel routine and returns the previous one. */
    public CancelRoutine setCancelRoutine(CancelRoutine routine) {
        return (CancelRoutine) CANCEL_ROUTINE.getAndSet(this, routine);
    }

    public CancelRoutine cancelRoutine() {
        return (CancelRoutine) CANCEL_ROUTINE.getVolatile(this);
    }

    /** Irp-&gt;Cancel: sticky once set by IoManager.cancelIrp. */
    public boolean cancel() {
        return cancel;
    }

    /** CancelIrql: in a cancel routine, the IRQL to pass to {@link IoManager#releaseCancelSpinLock}. */
    public int cancelIrql() {
        return cancelIrql;
    }

    // ---- header fields ----

    /** IoStatus: the status the completing driver sets before completeRequest. */
    public IoStatusBlock ioStatus() {
        return ioStatus;
    }

    public int requestorMode() {
        return requestorMode;
    }

    public void requestorMode(int value) {
        requestorMode = value;
    }

    /** PendingReturned: during the walk, whether the location just completed had SL_PENDING_RETURNED. */
    public boolean pendingReturned() {
        return pendingReturned;
    }

    public IoStatusBlock userIosb() {
        return userIosb;
    }

    public void userIosb(IoStatusBlock value) {
        userIosb = value;
    }

    public KEvent userEvent() {
        return userEvent;
    }

    public void userEvent(KEvent value) {
        userEvent = value;
    }

    /** UserBuffer: METHOD_NEITHER output buffer (for KS streams, the stream-header array). */
    public Object userBuffer() {
        return userBuffer;
    }

    public void userBuffer(Object value) {
        userBuffer = value;
    }

    /** AssociatedIrp.SystemBuffer. */
    public Object systemBuffer() {
        return systemBuffer;
    }

    public void systemBuffer(Object value) {
        systemBuffer = value;
    }

    /**
     * MdlAddress: the first MDL of the buffer's chain ({@code ks.api.io.Mdl}, a byte-buffer view
     * of the locked pages), or null.
     */
    public Mdl mdlAddress() {
        return (Mdl) mdlAddress;
    }

    public void mdlAddress(Mdl value) {
        mdlAddress = value;
    }

    /**
     * AssociatedIrp.MasterIrp: for an IRP made with {@link IoManager#makeAssociatedIrp}, the
     * master it belongs to; null otherwise.
     */
    public Irp masterIrp() {
        return masterIrp;
    }

    /** IRP_* flags. */
    public int flags() {
        return flags;
    }

    public void flags(int value) {
        flags = value;
    }

    /**
     * Overlay.AsynchronousParameters.UserApcRoutine: queued to the issuing thread at final
     * completion, instead of a completion-port packet.
     */
    public IoApcRoutine userApcRoutine() {
        return userApcRoutine;
    }

    public void userApcRoutine(IoApcRoutine value) {
        userApcRoutine = value;
    }

    /** Overlay.AsynchronousParameters.UserApcContext (KsStreamIo's PortContext). */
    public Object userApcContext() {
        return userApcContext;
    }

    public void userApcContext(Object value) {
        userApcContext = value;
    }

    /** Tail.Overlay.OriginalFileObject: the file object the IRP holds a reference on. */
    public FileObject originalFileObject() {
        return originalFileObject;
    }

    public void originalFileObject(FileObject value) {
        originalFileObject = value;
    }

    /** Tail.Overlay.Thread: the thread that issued the request. */
    public Thread thread() {
        return thread;
    }

    public void thread(Thread value) {
        thread = value;
    }

    // ---- Tail.Overlay.ListEntry ----

    public Irp listNext() {
        return listNext;
    }

    public Irp listPrev() {
        return listPrev;
    }

    /** The queue the IRP is linked into, or null. */
    public Object listOwner() {
        return listOwner;
    }

    /** For queue implementations: sets the links. */
    public void setListLinks(Object owner, Irp prev, Irp next) {
        listOwner = owner;
        listPrev = prev;
        listNext = next;
    }

    // ---- the I/O manager's side ----

    /**
     * The I/O manager's side of one IRP: the bookkeeping the completion walk, the pool and the
     * verifier keep, and the moves only the I/O manager makes (the cursor during IoCallDriver and
     * the walk, Irp-&gt;Cancel, PendingReturned, re-initialisation).
     *
     * <p>Implemented once, by the I/O manager in ks.core; each IRP is created by and belongs to
     * one record. It is public only because the I/O manager lives in another bundle. A driver
     * that subclasses it to reach an IRP's record can break the exactly-once completion contract,
     * which the verifier then cannot check.
     */
    public abstract static class Record {

        private final Irp irp;

        /** Creates the IRP this record belongs to, with {@code stackCount} locations (1..{@value Irp#MAX_STACK_COUNT}). */
        protected Record(int stackCount) {
            this.irp = new Irp(stackCount, this);
        }

        /** The record of an IRP. */
        protected static Record of(Irp irp) {
            return irp.record;
        }

        /** The IRP this record belongs to. */
        protected final Irp irp() {
            return irp;
        }

        /** IoMarkIrpPending was called while {@code location} was current. */
        protected abstract void pendingMarked(int location);

        /** Moves the cursor: IoCallDriver down, the completion walk up (1..stackCount + 1). */
        protected final void currentLocation(int location) {
            irp.currentLocation = location;
        }

        /** Irp-&gt;Cancel, set by IoCancelIrp. */
        protected final void cancel(boolean value) {
            irp.cancel = value;
        }

        /** Irp-&gt;PendingReturned, set at each step of the completion walk. */
        protected final void pendingReturned(boolean value) {
            irp.pendingReturned = value;
        }

        /** CancelIrql, stored by IoCancelIrp before it calls the cancel routine. */
        protected final void cancelIrql(int value) {
            irp.cancelIrql = value;
        }

        /** AssociatedIrp.MasterIrp of an associated IRP. */
        protected final void masterIrp(Irp master) {
            irp.masterIrp = master;
        }

        /** IoInitializeIrp on a recycled packet: every field zeroed and the cursor put at {@code stackCount + 1}. */
        protected final void initialize() {
            irp.initialize();
        }
    }

    private void initialize() {
        for (int i = 0; i < stackCount; i++) {
            stack[i].reset();
        }
        currentLocation = stackCount + 1;
        ioStatus.set(0, 0).pointer(null);
        requestorMode = KProcessorMode.KernelMode;
        pendingReturned = false;
        cancel = false;
        cancelIrql = 0;
        CANCEL_ROUTINE.setVolatile(this, (CancelRoutine) null);
        userIosb = null;
        userEvent = null;
        userBuffer = null;
        systemBuffer = null;
        flags = 0;
        userApcRoutine = null;
        userApcContext = null;
        originalFileObject = null;
        thread = null;
        driverContext[0] = null;
        driverContext[1] = null;
        driverContext[2] = null;
        driverContext[3] = null;
        listNext = null;
        listPrev = null;
        listOwner = null;
        mdlAddress = null;
        masterIrp = null;
    }

    /**
     * For messages: the major function and where the IRP is, e.g. "IRP_MJ_DEVICE_CONTROL IRP at
     * \Device\Cam (\Driver\Cam)", "... not sent yet or back with its sender", "... completed
     * past its sender".
     */
    public String describe() {
        int loc = Math.min(Math.max(currentLocation, 1), stackCount);
        IoStackLocation l = stack[loc - 1];
        String what = IrpMajorFunction.name(l.majorFunction()) + " IRP@" + Integer.toHexString(System.identityHashCode(this));
        if (currentLocation >= 1 && currentLocation <= stackCount) {
            DeviceObject d = l.deviceObject();
            return what + (d != null ? " at " + d + " (" + d.driverObject() + ")" : " at a location no driver has yet");
        }
        return what + (currentLocation == stackCount + 1 ? " not sent yet or back with its sender" : " completed past its sender");
    }

    @Override
    public String toString() {
        return describe();
    }
}
