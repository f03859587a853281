package ks.api.io;

/**
 * IO_STACK_LOCATION: one driver's view of an IRP. Each driver in a stack owns one location; the
 * first driver called uses the highest index and each lower driver the next lower one.
 *
 * <h2>Ownership</h2>
 * A location is part of its IRP and is only touched by the driver that currently owns the IRP.
 * The I/O manager clears a completing driver's location during the completion walk.
 */
public final class IoStackLocation {

    private int majorFunction;
    private int minorFunction;
    private int flags;
    private int control;
    private final IoStackLocationParameters parameters = new IoStackLocationParameters();
    private DeviceObject deviceObject;
    private FileObject fileObject;
    private IoCompletionRoutine completionRoutine;
    private Object context;

    public int majorFunction() {
        return majorFunction;
    }

    public IoStackLocation majorFunction(int value) {
        majorFunction = value;
        return this;
    }

    public int minorFunction() {
        return minorFunction;
    }

    public IoStackLocation minorFunction(int value) {
        minorFunction = value;
        return this;
    }

    /** Request-specific {@code SL_*} flags (see {@link StackLocationFlags}). */
    public int flags() {
        return flags;
    }

    public IoStackLocation flags(int value) {
        flags = value;
        return this;
    }

    /**
     * {@code SL_PENDING_RETURNED} and {@code SL_INVOKE_ON_*} bits. Drivers read it; they change
     * it only through {@link Irp#markIrpPending()} and {@link Irp#setCompletionRoutine}.
     */
    public int control() {
        return control;
    }

    /** Sets the Control byte; for the I/O manager and the Irp helpers. */
    public void setControl(int value) {
        control = value;
    }

    /** The Parameters union. */
    public IoStackLocationParameters parameters() {
        return parameters;
    }

    public DeviceObject deviceObject() {
        return deviceObject;
    }

    public IoStackLocation deviceObject(DeviceObject value) {
        deviceObject = value;
        return this;
    }

    public FileObject fileObject() {
        return fileObject;
    }

    public IoStackLocation fileObject(FileObject value) {
        fileObject = value;
        return this;
    }

    public IoCompletionRoutine completionRoutine() {
        return completionRoutine;
    }

    public Object context() {
        return context;
    }

    /** Sets CompletionRoutine and Context; use {@link Irp#setCompletionRoutine} from drivers. */
    public void setCompletion(IoCompletionRoutine routine, Object ctx) {
        completionRoutine = routine;
        context = ctx;
    }

    /**
     * The fields IoCopyCurrentIrpStackLocationToNext copies: everything before CompletionRoutine
     * (major, minor, flags, parameters, device and file object), with Control cleared so the upper
     * driver's pending and invoke bits are not inherited.
     */
    public void copyFrom(IoStackLocation source) {
        majorFunction = source.majorFunction;
        minorFunction = source.minorFunction;
        flags = source.flags;
        parameters.copyFrom(source.parameters);
        deviceObject = source.deviceObject;
        fileObject = source.fileObject;
        control = 0;
    }

    /**
     * What the completion walk clears of a completing driver's location: minor, flags, Control
     * except SL_ERROR_RETURNED, parameters and file object.
     */
    public void clearForCompletion() {
        minorFunction = 0;
        flags = 0;
        control &= StackLocationFlags.SL_ERROR_RETURNED;
        parameters.clear();
        fileObject = null;
    }

    /** Everything zeroed, as IoAllocateIrp leaves it. */
    public void reset() {
        majorFunction = 0;
        minorFunction = 0;
        flags = 0;
        control = 0;
        parameters.clear();
        deviceObject = null;
        fileObject = null;
        completionRoutine = null;
        context = null;
    }
}
