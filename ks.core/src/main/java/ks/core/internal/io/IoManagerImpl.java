package ks.core.internal.io;

import static ks.api.io.NtStatus.NT_ERROR;
import static ks.api.io.NtStatus.NT_SUCCESS;
import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.StackLocationFlags.SL_INVOKE_ON_CANCEL;
import static ks.api.io.StackLocationFlags.SL_INVOKE_ON_ERROR;
import static ks.api.io.StackLocationFlags.SL_INVOKE_ON_SUCCESS;
import static ks.api.io.StackLocationFlags.SL_PENDING_RETURNED;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ks.api.io.CancelRoutine;
import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceInterface;
import ks.api.io.DeviceInterfaceListener;
import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.FileObject;
import ks.api.io.FileObjectFlags;
import ks.api.io.IoCompletionPort;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.IoStackLocation;
import ks.api.io.IrpMinorFunction;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;

/**
 * The I/O manager: object namespace, device stacks, IRP pool, IoCallDriver, the completion walk
 * with final completion, and cancellation (ks-semantics §4).
 *
 * <p>Plain Java so it runs embedded in tests and benchmarks; {@link IoManagerComponent} publishes
 * it as an OSGi service and loads driver services into it.
 *
 * <h2>Threading</h2>
 * Requests run on the caller's thread and complete on whichever thread calls
 * {@link #completeRequest}; final completion runs inline at the end of the walk. The namespace and
 * device tree are guarded by {@code treeLock}; the request path takes no lock.
 */
public final class IoManagerImpl implements IoManager {

    private static final System.Logger LOG = System.getLogger(IoManagerImpl.class.getName());

    private final Object treeLock = new Object();
    private final Map<String, DeviceObject> namespace = new ConcurrentHashMap<>();
    private final List<DeviceObject> devices = new CopyOnWriteArrayList<>();
    private final List<DriverObject> drivers = new CopyOnWriteArrayList<>();
    private final IrpPool pool = new IrpPool();
    private final LeakDetector leaks = pool.leaks();
    private final PreviousMode previousMode = new PreviousMode();
    private final Verifier verifier;
    private final FastIoRouter fastIo = new FastIoRouter();
    private final DeviceInterfaces interfaces = new DeviceInterfaces();
    private final PnpManager pnp = new PnpManager(this);

    public IoManagerImpl(boolean verifierEnabled) {
        this.verifier = new Verifier(verifierEnabled);
    }

    // ------------------------------------------------------------------ drivers

    /** Creates and registers a driver object (the loader then calls the driver's DriverEntry). */
    /** The fast-I/O table every driver object starts with. */
    public FastIoRouter fastIo() {
        return fastIo;
    }

    public DriverObject createDriverObject(String name) {
        DriverObject d = new LoadedDriver(name.startsWith("\\") ? name : "\\Driver\\" + name, this).object();
        d.fastIoDispatch(fastIo); // DriverEntry may replace it with the driver's own table
        drivers.add(d);
        return d;
    }

    /** Forgets a driver object whose devices are gone. */
    public void removeDriverObject(DriverObject driverObject) {
        drivers.remove(driverObject);
    }

    @Override
    public List<DriverObject> driverObjects() {
        return List.copyOf(drivers);
    }

    // ------------------------------------------------------------------ devices

    @Override
    public DeviceObject createDevice(DriverObject driverObject, String name, int deviceType, Object deviceExtension)
            throws KsStatusException {
        DeviceObject d = new DeviceObject(driverObject, name, deviceType, deviceExtension);
        synchronized (treeLock) {
            if (name != null) {
                if (namespace.putIfAbsent(name, d) != null) {
                    throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_COLLISION, "create device " + name);
                }
            }
            devices.add(d);
            driverObject.deviceObjects().add(d);
        }
        return d;
    }

    @Override
    public void deleteDevice(DeviceObject deviceObject) {
        if (verifier.enabled() && deviceObject.outstandingIrps() > 0) {
            // a request completed past the device may still be in its originator's completion on
            // another thread (e.g. a read failed with STATUS_DEVICE_REMOVED while the device goes)
            List<String> held = verifier.heldBy(deviceObject, TimeUnit.SECONDS.toNanos(1));
            if (!held.isEmpty()) {
                verifier.fail("IRPS_OUTSTANDING_ON_DELETED_DEVICE", "device " + deviceObject + " of "
                        + deviceObject.driverObject() + " deleted with IRPs outstanding: " + held);
            }
        }
        synchronized (treeLock) {
            if (deviceObject.name() != null) {
                namespace.remove(deviceObject.name(), deviceObject);
            }
            devices.remove(deviceObject);
            deviceObject.driverObject().deviceObjects().remove(deviceObject);
            deviceObject.markDeleted();
        }
        fastIo.forget(deviceObject);
        interfaces.deviceDeleted(deviceObject);
    }

    @Override
    public DeviceObject attachDeviceToDeviceStack(DeviceObject source, DeviceObject target) {
        synchronized (treeLock) {
            DeviceObject top = target.topOfStack();
            source.setStackSize(top.stackSize() + 1);
            source.setAttachedTo(top);
            top.setAttachedDevice(source);
            return top;
        }
    }

    @Override
    public void detachDevice(DeviceObject lowerDevice) {
        synchronized (treeLock) {
            DeviceObject up = lowerDevice.attachedDevice();
            lowerDevice.setAttachedDevice(null);
            if (up != null) {
                up.setAttachedTo(null);
            }
        }
    }

    @Override
    public DeviceObject findDevice(String name) {
        return namespace.get(name);
    }

    @Override
    public List<DeviceObject> deviceObjects() {
        return List.copyOf(devices);
    }

    @Override
    public DeviceObject getRelatedDeviceObject(FileObject fileObject) {
        return fileObject.deviceObject().topOfStack();
    }

    // ------------------------------------------------------------------ device interfaces

    @Override
    public String registerDeviceInterface(DeviceObject pdo, UUID interfaceClass, String referenceString, Map<String, String> properties)
            throws KsStatusException {
        return interfaces.register(pdo, interfaceClass, referenceString, properties);
    }

    @Override
    public int setDeviceInterfaceState(String symbolicLink, boolean enable) {
        return interfaces.setState(symbolicLink, enable);
    }

    @Override
    public List<DeviceInterface> deviceInterfaces(UUID interfaceClass) {
        return interfaces.enabled(interfaceClass);
    }

    @Override
    public DeviceInterface deviceInterfaceAlias(String symbolicLink, UUID aliasClass) {
        return interfaces.alias(symbolicLink, aliasClass);
    }

    @Override
    public AutoCloseable registerPlugPlayNotification(UUID interfaceClass, boolean existing, DeviceInterfaceListener listener) {
        return interfaces.listen(interfaceClass, existing, listener);
    }

    // ------------------------------------------------------------------ file objects

    @Override
    public FileObject createFile(String name, FileObject relatedFileObject, int desiredAccess, ByteBuffer createParameters,
            int fileFlags) throws KsStatusException {
        DeviceObject device;
        String remainder;
        if (relatedFileObject != null) {
            device = relatedFileObject.deviceObject();
            remainder = name == null ? "" : name;
        } else {
            if (name == null) {
                throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "open (no name)");
            }
            DeviceInterfaces.Resolved link = interfaces.resolve(name);
            device = link == null ? null : link.device();
            remainder = link == null ? "" : link.remainder();
            if (link == null) {
                for (Map.Entry<String, DeviceObject> e : namespace.entrySet()) {
                    String n = e.getKey();
                    if ((name.equals(n) || name.startsWith(n + "\\")) && (device == null || n.length() > device.name().length())) {
                        device = e.getValue();
                        remainder = name.length() > n.length() ? name.substring(n.length() + 1) : "";
                    }
                }
            }
            if (device == null) {
                throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "open " + name);
            }
        }
        if (device.isDeleted() || (device.flags() & DeviceObjectFlags.DO_DEVICE_INITIALIZING) != 0) {
            throw new KsStatusException(NtStatus.STATUS_NO_SUCH_DEVICE, "open " + name);
        }
        FileObject fo = new FileObject(device, remainder, relatedFileObject, createParameters, fileFlags);
        fo.grantAccess((desiredAccess & IoControlCode.FILE_READ_ACCESS) != 0, (desiredAccess & IoControlCode.FILE_WRITE_ACCESS) != 0);
        fo.openedThrough(getRelatedDeviceObject(fo));
        int status = sendFileRequest(fo, IrpMajorFunction.IRP_MJ_CREATE, IrpFlags.IRP_CREATE_OPERATION);
        if (!NT_SUCCESS(status)) {
            throw new KsStatusException(status, "open " + (name == null ? fo.toString() : name));
        }
        fo.flags(fo.flags() | FileObjectFlags.FO_HANDLE_CREATED);
        return fo;
    }

    @Override
    public void closeFile(FileObject fileObject) {
        if ((fileObject.flags() & FileObjectFlags.FO_CLEANUP_COMPLETE) != 0) {
            throw new IllegalStateException("file object " + fileObject + " closed twice");
        }
        sendFileRequest(fileObject, IrpMajorFunction.IRP_MJ_CLEANUP, IrpFlags.IRP_CLOSE_OPERATION);
        fileObject.flags(fileObject.flags() | FileObjectFlags.FO_CLEANUP_COMPLETE);
        dereferenceFileObject(fileObject);
    }

    /** Drops one reference; the last one sends IRP_MJ_CLOSE. */
    void dereferenceFileObject(FileObject fileObject) {
        int left = fileObject.references().decrementAndGet();
        if (left == 0) {
            sendFileRequest(fileObject, IrpMajorFunction.IRP_MJ_CLOSE, IrpFlags.IRP_CLOSE_OPERATION);
        } else if (left < 0) {
            throw new IllegalStateException("file object " + fileObject + " dereferenced below zero");
        }
    }

    /** Sends a create/cleanup/close IRP to the top of the file's stack and waits for it. */
    private int sendFileRequest(FileObject fo, int majorFunction, int irpFlags) {
        return sendSynchronous(getRelatedDeviceObject(fo), fo, majorFunction, 0, irpFlags, 0);
    }

    /**
     * Builds a KernelMode IRP_SYNCHRONOUS_API request for the top of a stack, sends it and waits for
     * it: the framework's own create/cleanup/close and PnP requests.
     */
    private int sendSynchronous(DeviceObject top, FileObject fo, int majorFunction, int minorFunction, int irpFlags,
            int initialStatus) {
        Irp irp = synchronousIrp(top, fo, irpFlags, initialStatus, new IoStatusBlock());
        if (irp == null) {
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        irp.nextIrpStackLocation().majorFunction(majorFunction).minorFunction(minorFunction).fileObject(fo);
        return callAndWait(top, irp);
    }

    /**
     * A PnP query (IRP_MN_QUERY_DEVICE_RELATIONS of {@code type}, IRP_MN_QUERY_ID of id type
     * {@code type}) to {@code top}: the pointer answer on success, else null.
     */
    Object queryPnp(DeviceObject top, int minorFunction, int type) {
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = synchronousIrp(top, null, 0, NtStatus.STATUS_NOT_SUPPORTED, iosb);
        if (irp == null) {
            return null;
        }
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_PNP).minorFunction(minorFunction).fileObject(null);
        if (minorFunction == IrpMinorFunction.IRP_MN_QUERY_ID) {
            next.parameters().queryId().idType(type);
        } else {
            next.parameters().queryDeviceRelations().type(type);
        }
        int status = callAndWait(top, irp);
        return NtStatus.NT_SUCCESS(status) ? iosb.pointer() : null;
    }

    @Override
    public void invalidateDeviceRelations(DeviceObject device) {
        pnp.invalidateDeviceRelations(device);
    }

    /**
     * Puts the driver named {@code driver} into the stacks of devices matching {@code ids} as an
     * upper or lower filter (what a {@code ks.filter} configuration does), replacing the binding
     * with the same {@code id}; affected devices restart with their new stack before this returns.
     */
    public void setFilter(String id, String driver, List<String> ids, boolean upper, int order) {
        pnp.setFilter(PnpManager.Filter.of(id, driver, ids, upper, order));
    }

    /** Removes a filter binding; devices it applied to restart without the filter. */
    public void removeFilter(String id) {
        pnp.removeFilter(id);
    }

    PnpManager pnp() {
        return pnp;
    }

    private DriverLoader loader;
    private final Map<DriverObject, DriverLoader.Loaded> loadedDrivers = new ConcurrentHashMap<>();

    /**
     * Loads a driver as the OSGi whiteboard does for a {@link ks.api.io.KsDriver} service (for
     * embedding ks.core without a framework): DriverEntry, a root-enumerated device when
     * {@code root}, and registration as the function driver for {@code ids}.
     *
     * @return the driver object, or null when DriverEntry failed
     */
    public synchronized DriverObject loadDriver(ks.api.io.KsDriver driver, String name, boolean root, List<String> ids, int ranking) {
        if (loader == null) {
            loader = new DriverLoader(this, new RootBus(this));
        }
        DriverLoader.Loaded l = loader.load(driver, name, root, ids, ranking);
        if (l == null) {
            return null;
        }
        loadedDrivers.put(l.driverObject, l);
        return l.driverObject;
    }

    /** Unloads a driver {@link #loadDriver} loaded: its devices are removed, then DriverUnload. */
    public void unloadDriver(DriverObject driverObject) {
        DriverLoader.Loaded l = loadedDrivers.remove(driverObject);
        if (l != null) {
            loader.unload(l);
        }
    }

    /** Stops the PnP manager's thread. */
    public void shutdown() {
        pnp.shutdown();
    }

    @Override
    public int deviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output,
            int outputLength, IoStatusBlock ioStatusBlock) {
        ioStatusBlock.set(NtStatus.STATUS_SUCCESS, 0);
        if (fileObject.deviceGone()) {
            ioStatusBlock.set(NtStatus.STATUS_DEVICE_REMOVED, 0); // the handle outlived its device
            return NtStatus.STATUS_DEVICE_REMOVED;
        }
        DeviceObject top = getRelatedDeviceObject(fileObject);
        Irp irp = synchronousIrp(top, fileObject, 0, NtStatus.STATUS_SUCCESS, ioStatusBlock);
        if (irp == null) {
            ioStatusBlock.set(NtStatus.STATUS_INSUFFICIENT_RESOURCES, 0);
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        fileObject.references().incrementAndGet(); // the IRP's own reference, dropped at final completion
        irp.userBuffer(output);
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).minorFunction(0).fileObject(fileObject);
        next.parameters().deviceIoControl().ioControlCode(ioControlCode).inputBufferLength(inputLength)
                .outputBufferLength(outputLength).type3InputBuffer(input);
        return callAndWait(top, irp);
    }

    /** A KernelMode IRP_SYNCHRONOUS_API IRP with its own status block and event, or null when none can be had. */
    private Irp synchronousIrp(DeviceObject top, FileObject fo, int irpFlags, int initialStatus, IoStatusBlock iosb) {
        Irp irp = allocateIrp(top.stackSize());
        if (irp == null) {
            return null;
        }
        IrpRecord.of(irp).ioManagerOwned = true;
        irp.flags(irpFlags | IrpFlags.IRP_SYNCHRONOUS_API);
        irp.requestorMode(KProcessorMode.KernelMode);
        irp.userIosb(iosb);
        irp.userEvent(new KEvent());
        irp.originalFileObject(fo);
        irp.thread(Thread.currentThread());
        irp.ioStatus().set(initialStatus, 0);
        return irp;
    }

    /** Sends a synchronous IRP and, if it pends, waits for its event; the status block is read, never the IRP after the call. */
    private int callAndWait(DeviceObject top, Irp irp) {
        KEvent done = irp.userEvent();
        IoStatusBlock iosb = irp.userIosb();
        int status = callDriver(top, irp);
        return status == STATUS_PENDING ? awaitCompletion(done, iosb) : status;
    }

    /** Waits for a pended synchronous request; interruption cancels the wait, keeping the flag. */
    static int awaitCompletion(KEvent done, IoStatusBlock iosb) {
        try {
            done.await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            return iosb.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NtStatus.STATUS_CANCELLED;
        }
    }

    // ------------------------------------------------------------------ IRPs

    @Override
    public Irp allocateIrp(int stackSize) {
        return pool.allocate(stackSize);
    }

    @Override
    public void freeIrp(Irp irp) {
        int state = IrpRecord.of(irp).state;
        if (state == IrpRecord.FREE) {
            throw verifier.fail("IRP_FREED_TWICE", irp.describe() + " freed twice");
        }
        if (state == IrpRecord.ACTIVE && irp.listOwner() != null) {
            throw verifier.fail("IRP_FREED_WHILE_QUEUED", irp.describe() + " freed while still in a queue");
        }
        if (verifier.enabled()) {
            verifier.finished(irp);
        }
        pool.release(irp);
    }

    @Override
    public void reuseIrp(Irp irp, int status) {
        if (verifier.enabled()) {
            verifier.finished(irp);
        }
        IrpRecord r = IrpRecord.of(irp);
        boolean owned = r.ioManagerOwned;
        r.reinitialize();
        r.ioManagerOwned = owned;
        irp.ioStatus().status(status);
        r.state = IrpRecord.ALLOCATED;
    }

    /** Caps IRPs outstanding at once; allocation beyond it fails (STATUS_INSUFFICIENT_RESOURCES paths). */
    public void limitOutstandingIrps(int limit) {
        pool.limit(limit);
    }

    @Override
    public int outstandingIrps() {
        return pool.outstanding();
    }

    @Override
    public long irpsAllocated() {
        return pool.allocated();
    }

    @Override
    public DriverObject functionDriver(DeviceObject device) {
        return pnp.functionDriver(device);
    }

    IrpPool pool() {
        return pool;
    }

    /** Leak detection for IRPs allocated from now on: off, simple or paranoid. */
    public void leakDetection(String level) {
        leaks.level(LeakDetector.Level.parse(level));
    }

    @Override
    public String leakDetection() {
        return leaks.level().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<String> lostIrps() {
        return leaks.lost();
    }

    @Override
    public List<String> irpsHeldLongerThan(Duration age) {
        return leaks.heldLongerThan(age);
    }

    @Override
    public List<Irp> inFlightIrps() {
        return verifier.inFlight();
    }

    @Override
    public int callDriver(DeviceObject deviceObject, Irp irp) {
        int loc = irp.currentLocation() - 1;
        if (loc < 1) {
            throw verifier.fail("NO_MORE_IRP_STACK_LOCATIONS", irp.describe() + " sent to " + deviceObject
                    + " of " + deviceObject.driverObject() + " has no stack location left");
        }
        IrpRecord r = IrpRecord.of(irp);
        r.moveTo(loc);
        IoStackLocation sl = irp.stackLocation(loc);
        sl.deviceObject(deviceObject);
        r.walkEpoch++;
        if (r.state != IrpRecord.ACTIVE) {
            r.state = IrpRecord.ACTIVE;
        }
        DriverDispatch dispatch = deviceObject.driverObject().majorFunction[sl.majorFunction()];
        if (leaks.paranoid()) {
            leaks.sent(irp, deviceObject);
        }
        if (!verifier.enabled()) {
            return dispatch.dispatch(deviceObject, irp);
        }
        verifier.sent(irp, deviceObject);
        int generation = r.generation;
        int bit = 1 << loc;
        int major = sl.majorFunction();
        r.pendingMarks &= ~bit;
        Verifier.DispatchFrames frames = verifier.frames();
        int frame = frames.enter(irp);
        int status;
        boolean lowerPended;
        try {
            status = dispatch.dispatch(deviceObject, irp);
        } finally {
            lowerPended = frames.leave(frame);
        }
        if (status == STATUS_PENDING) {
            frames.pended(irp);
        }
        // a pended IRP may be completed and handed out again by now: read the marks first, then
        // make sure the generation they belong to is still this request's (reinitialize bumps it first)
        boolean marked = (r.pendingMarks & bit) != 0;
        VarHandle.loadLoadFence();
        if (r.generation == generation) {
            checkPendingRule(deviceObject, major, status, marked, lowerPended, irp);
        }
        return status;
    }

    /**
     * The pending rule (§4.5): STATUS_PENDING only after markIrpPending at this level, or when a
     * lower level's dispatch, called from this one, returned it (a driver that passes the IRP down
     * returns what the lower driver returned); and never anything else after marking.
     */
    private void checkPendingRule(DeviceObject device, int major, int status, boolean marked, boolean lowerPended, Irp irp) {
        if (status == STATUS_PENDING) {
            if (!marked && !lowerPended) {
                verifier.fail("PENDING_NOT_MARKED", IrpMajorFunction.name(major) + " dispatch of " + device.driverObject()
                        + " for " + device + " returned STATUS_PENDING without markIrpPending (" + irp.describe() + ")");
            }
        } else if (marked) {
            verifier.fail("PENDING_MARKED_NOT_RETURNED", IrpMajorFunction.name(major) + " dispatch of "
                    + device.driverObject() + " for " + device + " marked the IRP pending but returned "
                    + NtStatus.toString(status) + " (" + irp.describe() + ")");
        }
    }

    @Override
    public void completeRequest(Irp irp) {
        IrpRecord r = IrpRecord.of(irp);
        int state = r.state;
        int n = irp.stackCount();
        if (state == IrpRecord.COMPLETED || state == IrpRecord.FREE || state == IrpRecord.COMPLETING
                || irp.currentLocation() > n + 1) {
            throw verifier.fail("MULTIPLE_IRP_COMPLETE_REQUESTS", irp.describe() + " completed twice");
        }
        if (irp.ioStatus().status() == STATUS_PENDING) {
            throw verifier.fail("IRP_COMPLETED_WITH_STATUS_PENDING", irp.describe() + " completed with STATUS_PENDING");
        }
        if (irp.cancelRoutine() != null) {
            throw verifier.fail("CANCEL_ROUTINE_SET_AT_COMPLETION", irp.describe() + " completed with its cancel routine still set");
        }
        r.state = IrpRecord.COMPLETING;
        r.walkEpoch++;
        for (;;) {
            int loc = irp.currentLocation();
            if (loc > n) {
                break;
            }
            // advance first, so code running now sees the routine setter's location as current
            r.moveTo(loc + 1);
            IoStackLocation sl = irp.stackLocation(loc);
            int control = sl.control();
            boolean pending = (control & SL_PENDING_RETURNED) != 0;
            r.setPendingReturned(pending);
            int status = irp.ioStatus().status();
            IoCompletionRoutine routine = sl.completionRoutine();
            boolean invoke = routine != null
                    && ((NT_SUCCESS(status) && (control & SL_INVOKE_ON_SUCCESS) != 0)
                    || (!NT_SUCCESS(status) && (control & SL_INVOKE_ON_ERROR) != 0)
                    || (irp.cancel() && (control & SL_INVOKE_ON_CANCEL) != 0));
            if (invoke) {
                Object context = sl.context();
                sl.clearForCompletion();
                DeviceObject owner = loc + 1 <= n ? irp.stackLocation(loc + 1).deviceObject() : null;
                r.state = IrpRecord.ACTIVE;
                int epoch = r.walkEpoch;
                int result = routine.onCompletion(owner, irp, context);
                if (result == STATUS_MORE_PROCESSING_REQUIRED) {
                    return; // the routine's owner has the IRP now; do not touch it
                }
                if (r.walkEpoch != epoch) {
                    throw verifier.fail("MULTIPLE_IRP_COMPLETE_REQUESTS", "completion routine of " + owner
                            + " re-sent or completed " + irp.describe() + " but returned " + NtStatus.toString(result)
                            + " instead of STATUS_MORE_PROCESSING_REQUIRED");
                }
                r.state = IrpRecord.COMPLETING;
            } else {
                if (pending && loc + 1 <= n) {
                    IoStackLocation upper = irp.stackLocation(loc + 1);
                    upper.setControl(upper.control() | SL_PENDING_RETURNED);
                }
                sl.clearForCompletion();
            }
        }
        finalCompletion(irp, r);
    }

    /**
     * What the originator sees (§4.7): status block, event, file-object event and final status,
     * completion-port packet, and the file-object reference, under the success/pending/synchronous
     * rule. IRPs the I/O manager built go back to the pool before anyone is woken.
     */
    private void finalCompletion(Irp irp, IrpRecord r) {
        IoStatusBlock io = irp.ioStatus();
        int status = io.status();
        long information = io.information();
        Object pointer = io.pointer();
        int flags = irp.flags();
        FileObject fo = irp.originalFileObject();
        IoStatusBlock userIosb = irp.userIosb();
        KEvent userEvent = irp.userEvent();
        Object apcContext = irp.userApcContext();
        boolean pendingReturned = irp.pendingReturned();
        boolean syncApi = (flags & IrpFlags.IRP_SYNCHRONOUS_API) != 0;
        boolean syncFo = fo != null && (fo.flags() & FileObjectFlags.FO_SYNCHRONOUS_IO) != 0;
        boolean fileOperation = (flags & (IrpFlags.IRP_CREATE_OPERATION | IrpFlags.IRP_CLOSE_OPERATION)) != 0;

        if ((flags & IrpFlags.IRP_BUFFERED_IO) != 0 && (flags & IrpFlags.IRP_INPUT_OPERATION) != 0 && !NT_ERROR(status)) {
            copyBackBuffered(irp, information);
        }
        boolean report = !NT_ERROR(status) || (pendingReturned && !(syncApi || syncFo));
        if (report && userIosb != null) {
            userIosb.pointer(pointer).set(status, information);
        } else if (!report && pendingReturned && fo != null && syncApi && userIosb != null) {
            userIosb.pointer(pointer).set(status, information);
        }
        if (verifier.enabled()) {
            verifier.finished(irp);
        }
        if (r.ioManagerOwned) {
            pool.release(irp);
        } else {
            r.state = IrpRecord.COMPLETED;
        }
        if (report) {
            if (userEvent != null) {
                userEvent.setEvent();
                if (syncFo) {
                    fo.finalStatus(status);
                    fo.event().setEvent();
                }
            } else if (fo != null) {
                fo.finalStatus(status);
                fo.event().setEvent();
            }
            IoCompletionPort port = fo == null ? null : fo.completionPort();
            if (port != null && apcContext != null) {
                port.post(fo.completionKey(), apcContext, status, information);
            }
        } else if (pendingReturned && fo != null) {
            if (syncApi) {
                if (userEvent != null) {
                    userEvent.setEvent();
                } else {
                    fo.event().setEvent();
                }
            } else {
                fo.finalStatus(status);
                fo.event().setEvent();
            }
        }
        if (fo != null && !fileOperation) {
            dereferenceFileObject(fo);
        }
    }

    /** IRP_BUFFERED_IO | IRP_INPUT_OPERATION: copies the system buffer's results back to the caller's. */
    private static void copyBackBuffered(Irp irp, long information) {
        Object sys = irp.systemBuffer();
        Object user = irp.userBuffer();
        if (sys instanceof BufferedCopy && sys != user) {
            ((BufferedCopy) sys).copyBack(user, information);
        }
    }

    /** A kernel copy of a caller's buffer, made for a UserMode request, that final completion copies back. */
    public interface BufferedCopy {
        void copyBack(Object userBuffer, long information);
    }

    @Override
    public int setCompletionRoutineEx(DeviceObject deviceObject, Irp irp, IoCompletionRoutine routine, Object context,
            boolean invokeOnSuccess, boolean invokeOnError, boolean invokeOnCancel) {
        DriverObject driver = deviceObject.driverObject();
        if (!drivers.contains(driver)) { // unloading or unloaded
            return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        }
        LoadedDriver loaded = LoadedDriver.loaded(driver);
        loaded.references.incrementAndGet();
        IoCompletionRoutine holding = (dev, i, ctx) -> {
            try {
                return routine.onCompletion(dev, i, ctx);
            } finally {
                synchronized (loaded) {
                    if (loaded.references.decrementAndGet() == 0) {
                        loaded.notifyAll();
                    }
                }
            }
        };
        irp.setCompletionRoutine(holding, context, invokeOnSuccess, invokeOnError, invokeOnCancel);
        return NtStatus.STATUS_SUCCESS;
    }

    /** Waits until completion routines set with the Ex form for this driver have run. */
    public boolean awaitDriverReferences(DriverObject driver, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        LoadedDriver loaded = LoadedDriver.loaded(driver);
        synchronized (loaded) {
            while (loaded.references.get() > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    loaded.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean cancelIrp(Irp irp) {
        IrpRecord r = IrpRecord.of(irp);
        r.setCancel();
        CancelRoutine routine = irp.setCancelRoutine(null);
        if (routine == null) {
            return false;
        }
        int state = r.state;
        if (state == IrpRecord.COMPLETED || state == IrpRecord.FREE) {
            throw verifier.fail("CANCEL_STATE_IN_COMPLETED_IRP", irp.describe() + " cancelled after completion with a cancel routine set");
        }
        int loc = irp.currentLocation();
        DeviceObject device = loc <= irp.stackCount() ? irp.stackLocation(loc).deviceObject() : null;
        routine.cancel(device, irp);
        return true;
    }

    @Override
    public CancelSafeQueue createCancelSafeQueue(CancelSafeQueue.CompleteCanceledIrp completeCanceledIrp) {
        return new CancelSafeQueueImpl(this, completeCanceledIrp);
    }

    @Override
    public int callDriverInPieces(DeviceObject lowerDevice, Irp irp, int maxTransfer) {
        return new TransferSplitter(this, lowerDevice, irp, maxTransfer).start();
    }

    // ------------------------------------------------------------------ previous mode and verifier

    @Override
    public int previousMode() {
        return previousMode.get();
    }

    @Override
    public int exchangePreviousMode(int mode) {
        return previousMode.exchange(mode);
    }

    @Override
    public boolean verifierEnabled() {
        return verifier.enabled();
    }

    @Override
    public List<String> verifierViolations() {
        return List.copyOf(verifier.violations());
    }

    // ------------------------------------------------------------------ helpers for the framework

    /**
     * Builds an IRP for the top of a device's stack with the next location set to
     * {@code major/minor}, sends it and waits; for PnP and other framework-internal requests.
     */
    public int sendAndWait(DeviceObject device, int majorFunction, int minorFunction) {
        // PnP requests start as STATUS_NOT_SUPPORTED: a driver that does not handle one passes it on unchanged
        int initial = majorFunction == IrpMajorFunction.IRP_MJ_PNP ? NtStatus.STATUS_NOT_SUPPORTED : NtStatus.STATUS_SUCCESS;
        return sendSynchronous(device.topOfStack(), null, majorFunction, minorFunction, 0, initial);
    }

    /** A dispatch routine that completes every request at once with {@code status} and Information 0. */
    DriverDispatch completeWith(int status) {
        return (dev, irp) -> {
            irp.ioStatus().set(status, 0);
            completeRequest(irp);
            return status;
        };
    }

    static void log(System.Logger.Level level, String message, Throwable t) {
        LOG.log(level, message, t);
    }
}
