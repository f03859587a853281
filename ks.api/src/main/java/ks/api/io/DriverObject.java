package ks.api.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DRIVER_OBJECT: a loaded driver's entry points. DriverEntry fills {@link #majorFunction} (28
 * entries, one per IRP_MJ_ code), optionally {@link #fastIoDispatch(FastIoDispatch)},
 * {@link #driverUnload(DriverUnload)} and {@link #addDevice(AddDevice)}.
 *
 * <p>Slots a driver leaves alone hold the shared {@link #INVALID_DEVICE_REQUEST} routine, which
 * completes the IRP with STATUS_INVALID_DEVICE_REQUEST.
 */
public final class DriverObject {

    /**
     * The routine in every empty dispatch slot (IopInvalidDeviceRequest / KsDispatchInvalidDeviceRequest):
     * completes the IRP with STATUS_INVALID_DEVICE_REQUEST and returns that status.
     */
    public static final DriverDispatch INVALID_DEVICE_REQUEST = (deviceObject, irp) -> {
        irp.ioStatus().set(NtStatus.STATUS_INVALID_DEVICE_REQUEST, 0);
        deviceObject.driverObject().ioManager().completeRequest(irp);
        return NtStatus.STATUS_INVALID_DEVICE_REQUEST;
    };

    /** MajorFunction: the dispatch table, indexed by IRP_MJ_ code. */
    public final DriverDispatch[] majorFunction = new DriverDispatch[IrpMajorFunction.COUNT];

    private final String driverName;
    private final IoManager ioManager;
    private final List<DeviceObject> devices = new CopyOnWriteArrayList<>();
    private final Record record;
    private volatile FastIoDispatch fastIoDispatch;
    private volatile DriverUnload driverUnload;
    private volatile AddDevice addDevice;

    private DriverObject(String driverName, IoManager ioManager, Record record) {
        this.record = record;
        this.driverName = driverName;
        this.ioManager = ioManager;
        for (int i = 0; i < majorFunction.length; i++) {
            majorFunction[i] = INVALID_DEVICE_REQUEST;
        }
    }

    /** {@code \Driver\Name}. */
    public String driverName() {
        return driverName;
    }

    /** The I/O manager this driver is loaded into (what the driver calls IoCallDriver and friends on). */
    public IoManager ioManager() {
        return ioManager;
    }

    /** Sets one dispatch routine; null restores the invalid-request routine. */
    public DriverObject dispatch(int majorFunctionCode, DriverDispatch routine) {
        majorFunction[majorFunctionCode] = routine != null ? routine : INVALID_DEVICE_REQUEST;
        return this;
    }

    public FastIoDispatch fastIoDispatch() {
        return fastIoDispatch;
    }

    public DriverObject fastIoDispatch(FastIoDispatch value) {
        fastIoDispatch = value;
        return this;
    }

    public DriverUnload driverUnload() {
        return driverUnload;
    }

    public DriverObject driverUnload(DriverUnload value) {
        driverUnload = value;
        return this;
    }

    /** DriverExtension-&gt;AddDevice. */
    public AddDevice addDevice() {
        return addDevice;
    }

    public DriverObject addDevice(AddDevice value) {
        addDevice = value;
        return this;
    }

    /** The devices this driver created and has not deleted (DeviceObject list). */
    public List<DeviceObject> deviceObjects() {
        return devices;
    }

    /**
     * The I/O manager's side of a driver object (what keeps it loaded, such as completion routines
     * set with {@link IoManager#setCompletionRoutineEx} that have not run yet). Implemented by the
     * I/O manager in ks.core, which creates one per loaded driver; public only because it lives in
     * another bundle.
     */
    public abstract static class Record {

        private final DriverObject driverObject;

        /** Creates the driver object this record belongs to. */
        protected Record(String driverName, IoManager ioManager) {
            this.driverObject = new DriverObject(driverName, ioManager, this);
        }

        /** The record of a driver object. */
        protected static Record of(DriverObject driverObject) {
            return driverObject.record;
        }

        /** The driver object this record belongs to. */
        protected final DriverObject driverObject() {
            return driverObject;
        }
    }

    @Override
    public String toString() {
        return driverName;
    }
}
