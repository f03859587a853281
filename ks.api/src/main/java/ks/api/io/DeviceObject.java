package ks.api.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * DEVICE_OBJECT: one driver's representation of a device. Devices of one physical device form a
 * stack: a bus device (PDO) at the bottom, a function device and filters above it, each attached
 * with {@link IoManager#attachDeviceToDeviceStack}. Requests enter at the top of the stack.
 *
 * <p>Created only by {@link IoManager#createDevice}; the fields a driver may change are
 * {@link #flags(int)} and its own {@link #deviceExtension()} object.
 */
public final class DeviceObject {

    private final DriverObject driverObject;
    private final String name;
    private final int deviceType;
    private final Object deviceExtension;
    private volatile int flags;
    private volatile int stackSize = 1;
    private volatile DeviceObject attachedDevice;
    private volatile DeviceObject attachedTo;
    /** The top of this device's stack, kept by {@link #setAttachedDevice} so that requests need not walk up. */
    private volatile DeviceObject stackTop = this;
    private volatile boolean deleted;
    private final AtomicInteger outstandingIrps = new AtomicInteger();

    /** For the I/O manager; drivers call {@link IoManager#createDevice}. */
    public DeviceObject(DriverObject driverObject, String name, int deviceType, Object deviceExtension) {
        this.driverObject = driverObject;
        this.name = name;
        this.deviceType = deviceType;
        this.deviceExtension = deviceExtension;
        this.flags = DeviceObjectFlags.DO_DEVICE_INITIALIZING | (name != null ? DeviceObjectFlags.DO_DEVICE_HAS_NAME : 0);
    }

    public DriverObject driverObject() {
        return driverObject;
    }

    /** The device's name in the object namespace (e.g. {@code \Device\Null}), or null if unnamed. */
    public String name() {
        return name;
    }

    /** FILE_DEVICE_* type. */
    public int deviceType() {
        return deviceType;
    }

    /** The driver-defined per-device state (DeviceExtension). */
    public Object deviceExtension() {
        return deviceExtension;
    }

    public int flags() {
        return flags;
    }

    public void flags(int value) {
        flags = value;
    }

    /** Stack locations an IRP sent to this device needs: 1 for a bottom device, one more per device below. */
    public int stackSize() {
        return stackSize;
    }

    /** The device attached directly above this one, or null at the top of the stack. */
    public DeviceObject attachedDevice() {
        return attachedDevice;
    }

    /** The device this one is attached to (the next lower device), or null at the bottom. */
    public DeviceObject attachedTo() {
        return attachedTo;
    }

    /** The top of this device's stack (IoGetAttachedDevice). */
    public DeviceObject topOfStack() {
        return stackTop;
    }

    /** The bottom of this device's stack: the physical device object (IoGetDeviceAttachmentBaseRef). */
    public DeviceObject bottomOfStack() {
        DeviceObject d = this;
        DeviceObject down;
        while ((down = d.attachedTo) != null) {
            d = down;
        }
        return d;
    }

    public boolean isDeleted() {
        return deleted;
    }

    /** IRPs the I/O manager has sent to this device and that have not completed past it (tracked by the verifier). */
    public int outstandingIrps() {
        return outstandingIrps.get();
    }

    // ---- I/O manager bookkeeping ----

    /** For the I/O manager. */
    public void setStackSize(int value) {
        stackSize = value;
    }

    /**
     * For the I/O manager, under its lock on the device tree, after {@link #setAttachedTo} on the
     * device attached: links {@code value} above this device and makes the top of the stack
     * known to every device in it.
     */
    public void setAttachedDevice(DeviceObject value) {
        attachedDevice = value;
        DeviceObject top = this;
        DeviceObject up;
        while ((up = top.attachedDevice) != null) {
            top = up;
        }
        for (DeviceObject d = top; d != null; d = d.attachedTo) {
            d.stackTop = top;
        }
    }

    /** For the I/O manager. */
    public void setAttachedTo(DeviceObject value) {
        attachedTo = value;
    }

    /** For the I/O manager. */
    public void markDeleted() {
        deleted = true;
    }

    /** For the I/O manager's verifier. */
    public AtomicInteger outstandingIrpCounter() {
        return outstandingIrps;
    }

    @Override
    public String toString() {
        return name != null ? name : driverObject.driverName() + "#" + Integer.toHexString(System.identityHashCode(this));
    }
}
