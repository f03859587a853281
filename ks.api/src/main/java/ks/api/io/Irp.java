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
 * <p>Methods under "I/O manager state" exist for the I/O manager; drivers do not call them.
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

    /** IRP life-cycle states tracked by the I/O manager. */
    public static final int STATE_FREE = 0;
    public static final int STATE_ALLOCATED = 1;
    public static final int STATE_ACTIVE = 2;
    public static final int STATE_COMPLETING = 3;
    public static final int STATE_COMPLETED = 4;

    private final IoStackLocation[] stack;
    private final int stackCount;
    private int currentLocation;
    private final IoStatusBlock ioStatus = new IoStatusBlock();
    private int requestorMode;
    private boolean pendingReturned;
    private volatile boolean cancel;
    @SuppressWarnings("unused") // accessed through CANCEL_ROUTINE
    private volatile CancelRoutine cancelRoutine;
    private IoStatusBlock userIosb;
    private KEvent userEvent;
    private Object userBuffer;
    private Object systemBuffer;
    private int flags;
    private Object userApcRoutine;
    private Object userApcContext;
    private FileObject originalFileObject;
    private Thread thread;

    /** Tail.Overlay.DriverContext: four slots of per-driver scratch state for the current owner. */
    public final Object[] driverContext = new Object[4];

    // Tail.Overlay.ListEntry: an intrusive link for the queue that currently owns the IRP.
    private Irp listNext;
    private Irp listPrev;
    private Object listOwner;

    // owner-only state: the IRP reaches another thread only through a queue or event, which orders it
    private int state = STATE_FREE;
    private int generation;
    private int walkEpoch;
    private int pendingMarks;
    private boolean ioManagerOwned;

    /**
     * IoInitializeIrp over a new packet; drivers get IRPs from {@link IoManager#allocateIrp}.
     *
     * @param stackCount stack locations, 1..{@value #MAX_STACK_COUNT}
     */
    public Irp(int stackCount) {
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
        currentLocation++;
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
        pendingMarks |= 1 << currentLocation;
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

    /** For the I/O manager. */
    public void setCancel(boolean value) {
        cancel = value;
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

    /** For the I/O manager. */
    public void setPendingReturned(boolean value) {
        pendingReturned = value;
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

    /** IRP_* flags. */
    public int flags() {
        return flags;
    }

    public void flags(int value) {
        flags = value;
    }

    /** Overlay.AsynchronousParameters.UserApcRoutine. */
    public Object userApcRoutine() {
        return userApcRoutine;
    }

    public void userApcRoutine(Object value) {
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

    // ---- I/O manager state ----

    /** One of the STATE_* values. */
    public int state() {
        return state;
    }

    public void setState(int value) {
        state = value;
    }

    /** Incremented each time the IRP is handed out of a pool, so stale references can be detected. */
    public int generation() {
        return generation;
    }

    /** Incremented by every callDriver and completeRequest on this IRP. */
    public int walkEpoch() {
        return walkEpoch;
    }

    public void bumpWalkEpoch() {
        walkEpoch++;
    }

    /** Bit i set: markIrpPending was called while location i was current. */
    public int pendingMarks() {
        return pendingMarks;
    }

    public void setPendingMarks(int value) {
        pendingMarks = value;
    }

    /** Moves the cursor; for the I/O manager's callDriver and completion walk. */
    public void setCurrentLocation(int value) {
        currentLocation = value;
    }

    /** Whether final completion returns the IRP to the I/O manager (IRPs it built, not drivers' own). */
    public boolean ioManagerOwned() {
        return ioManagerOwned;
    }

    public void setIoManagerOwned(boolean value) {
        ioManagerOwned = value;
    }

    /**
     * IoInitializeIrp on a recycled packet: generation incremented, then every field zeroed and the
     * cursor put at {@code stackCount + 1}.
     *
     * <p>The generation changes before any field does, so a thread that still holds the packet
     * from its previous use (a dispatch routine that returned STATUS_PENDING, say) can read a field
     * and then the generation: an unchanged generation means the field was read before the reset.
     */
    public void reinitialize() {
        generation++;
        VarHandle.storeStoreFence();
        for (int i = 0; i < stackCount; i++) {
            stack[i].reset();
        }
        currentLocation = stackCount + 1;
        ioStatus.set(0, 0).pointer(null);
        requestorMode = KProcessorMode.KernelMode;
        pendingReturned = false;
        cancel = false;
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
        pendingMarks = 0;
        ioManagerOwned = false;
    }

    /** "IRP_MJ_DEVICE_CONTROL on \Device\X" for messages. */
    public String describe() {
        int loc = Math.min(Math.max(currentLocation, 1), stackCount);
        IoStackLocation l = stack[loc - 1];
        DeviceObject d = l.deviceObject();
        return "IRP@" + Integer.toHexString(System.identityHashCode(this)) + " "
                + IrpMajorFunction.name(l.majorFunction()) + (d != null ? " on " + d : "")
                + " (location " + currentLocation + " of " + stackCount + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
