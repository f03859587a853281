package ks.core.internal.io;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceInterface;
import ks.api.io.DeviceInterfaceListener;
import ks.api.io.DeviceObject;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.FileObject;
import ks.api.io.IoApcRoutine;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KsStatusException;
import ks.api.io.KsVerifierException;
import ks.api.io.Mdl;
import ks.api.io.NtStatus;
import ks.core.internal.diagnostics.LeakDetector;
import ks.core.internal.diagnostics.Verifier;
import ks.core.internal.fastio.FastIoRouter;
import ks.core.internal.pnp.DriverLoader;
import ks.core.internal.pnp.PnpManager;
import ks.core.internal.pnp.RootBus;

/**
 * The I/O manager (ks-semantics §4), one object per responsibility behind it:
 * {@link ObjectNamespace} (drivers, devices, names, file objects), {@link Dispatcher}
 * (IoCallDriver and the pending rule), {@link CompletionWalk} (completion routines and final
 * completion), {@link Cancellation} (IoCancelIrp, the cancel lock, thread IRP lists, CancelIo),
 * {@link SynchronousRequests} (the system services' requests and the IoBuild... routines),
 * {@link UserApcs}, the IRP pool, the PnP manager and the fast-I/O router.
 *
 * <p>Plain Java so it runs embedded in tests and benchmarks; {@link IoManagerComponent} publishes
 * it as an OSGi service and loads driver services into it.
 *
 * <h2>Threading</h2>
 * Requests run on the caller's thread and complete on whichever thread calls
 * {@link #completeRequest}; final completion runs inline at the end of the walk. The request
 * path takes no lock but the issuing thread's IRP list, for the link.
 */
public final class IoManagerImpl implements IoManager {

    private static final System.Logger LOG = System.getLogger(IoManagerImpl.class.getName());

    private final IrpPool pool = new IrpPool();
    private final LeakDetector leaks = pool.leaks();
    private final PreviousMode previousMode = new PreviousMode();
    private final Verifier verifier;
    private final FastIoRouter fastIo = new FastIoRouter();
    private final DeviceInterfaces interfaces = new DeviceInterfaces();
    private final UserApcs apcs = new UserApcs();
    private final Cancellation cancellation;
    private final CompletionWalk walk;
    private final Dispatcher dispatcher;
    private final SynchronousRequests requests;
    private final ObjectNamespace objects;
    private final PnpManager pnp;

    public IoManagerImpl(boolean verifierEnabled) {
        this.verifier = new Verifier(verifierEnabled);
        this.cancellation = new Cancellation(verifier, apcs, pool::release);
        this.walk = new CompletionWalk(this, verifier, pool, cancellation, apcs);
        this.dispatcher = new Dispatcher(verifier, leaks);
        this.requests = new SynchronousRequests(this, cancellation);
        this.objects = new ObjectNamespace(this, verifier, fastIo, interfaces, requests);
        this.pnp = new PnpManager(this);
    }

    // ------------------------------------------------------------------ drivers and devices

    /** The fast-I/O table every driver object starts with. */
    public FastIoRouter fastIo() {
        return fastIo;
    }

    /** Creates and registers a driver object (the loader then calls the driver's DriverEntry). */
    public DriverObject createDriverObject(String name) {
        return objects.createDriverObject(name);
    }

    /** Forgets a driver object whose devices are gone. */
    public void removeDriverObject(DriverObject driverObject) {
        objects.removeDriverObject(driverObject);
    }

    @Override
    public List<DriverObject> driverObjects() {
        return objects.driverObjects();
    }

    @Override
    public DeviceObject createDevice(DriverObject driverObject, String name, int deviceType, Object deviceExtension)
            throws KsStatusException {
        return objects.createDevice(driverObject, name, deviceType, deviceExtension);
    }

    @Override
    public void deleteDevice(DeviceObject deviceObject) {
        objects.deleteDevice(deviceObject);
    }

    @Override
    public DeviceObject attachDeviceToDeviceStack(DeviceObject source, DeviceObject target) {
        return objects.attachDeviceToDeviceStack(source, target);
    }

    @Override
    public void detachDevice(DeviceObject lowerDevice) {
        objects.detachDevice(lowerDevice);
    }

    @Override
    public DeviceObject findDevice(String name) {
        return objects.findDevice(name);
    }

    @Override
    public List<DeviceObject> deviceObjects() {
        return objects.deviceObjects();
    }

    @Override
    public DeviceObject getRelatedDeviceObject(FileObject fileObject) {
        return objects.getRelatedDeviceObject(fileObject);
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

    public DeviceInterfaces interfaces() {
        return interfaces;
    }

    // ------------------------------------------------------------------ file objects and synchronous requests

    @Override
    public FileObject createFile(String name, FileObject relatedFileObject, int desiredAccess, ByteBuffer createParameters,
            int fileFlags) throws KsStatusException {
        return objects.createFile(name, relatedFileObject, desiredAccess, createParameters, fileFlags);
    }

    @Override
    public long handleOf(FileObject fileObject) {
        return objects.handleOf(fileObject);
    }

    @Override
    public FileObject referenceObjectByHandle(long handle) {
        return objects.referenceObjectByHandle(handle);
    }

    @Override
    public void closeFile(FileObject fileObject) {
        objects.closeFile(fileObject);
    }

    /** Drops one reference; the last one sends IRP_MJ_CLOSE. */
    public void dereferenceFileObject(FileObject fileObject) {
        objects.dereferenceFileObject(fileObject);
    }

    @Override
    public int deviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output,
            int outputLength, IoStatusBlock ioStatusBlock) {
        return requests.deviceIoControl(fileObject, ioControlCode, input, inputLength, output, outputLength, ioStatusBlock);
    }

    @Override
    public int userDeviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output,
            int outputLength, IoStatusBlock ioStatusBlock, KEvent event, IoApcRoutine apcRoutine, Object apcContext) {
        return requests.userDeviceIoControl(fileObject, ioControlCode, input, inputLength, output, outputLength,
                ioStatusBlock, event, apcRoutine, apcContext);
    }

    /**
     * A PnP query (IRP_MN_QUERY_DEVICE_RELATIONS of {@code type}, IRP_MN_QUERY_ID of id type
     * {@code type}) to {@code top}: the pointer answer on success, else null.
     */
    public Object queryPnp(DeviceObject top, int minorFunction, int type) {
        return requests.queryPnp(top, minorFunction, type);
    }

    // ------------------------------------------------------------------ Plug and Play and driver loading


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

    public PnpManager pnp() {
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
        cancellation.shutdown();
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
        // a request built for a thread list that its owner frees itself (after
        // STATUS_MORE_PROCESSING_REQUIRED) leaves the list; a canceller holding it gives it back
        if (cancellation.dequeueFinished(IrpRecord.of(irp))) {
            pool.release(irp);
        }
    }

    @Override
    public void reuseIrp(Irp irp, int status) {
        if (verifier.enabled()) {
            verifier.finished(irp);
        }
        IrpRecord r = IrpRecord.of(irp);
        cancellation.leaveThreadList(r);
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

    /** The leak detector of the IRP pool. */
    public LeakDetector leaks() {
        return leaks;
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


    // ------------------------------------------------------------------ sending and completing

    @Override
    public int callDriver(DeviceObject deviceObject, Irp irp) {
        IrpRecord r = IrpRecord.of(irp);
        DriverDispatch dispatch = dispatcher.enter(deviceObject, irp, r);
        if (dispatcher.checking()) {
            return dispatcher.dispatchChecked(deviceObject, irp, r, dispatch);
        }
        return dispatch.dispatch(deviceObject, irp);
    }

    @Override
    public void completeRequest(Irp irp) {
        walk.completeRequest(irp);
    }

    /** A kernel copy of a caller's buffer, made for a UserMode request, that final completion copies back. */
    public interface BufferedCopy {
        public void copyBack(Object userBuffer, long information);
    }

    @Override
    public int setCompletionRoutineEx(DeviceObject deviceObject, Irp irp, IoCompletionRoutine routine, Object context,
            boolean invokeOnSuccess, boolean invokeOnError, boolean invokeOnCancel) {
        DriverObject driver = deviceObject.driverObject();
        if (!objects.isLoaded(driver)) { // unloading or unloaded
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


    // ------------------------------------------------------------------ IRPs a driver builds

    @Override
    public Irp buildDeviceIoControlRequest(int ioControlCode, DeviceObject deviceObject, Object inputBuffer,
            int inputBufferLength, Object outputBuffer, int outputBufferLength, boolean internalDeviceIoControl, KEvent event,
            IoStatusBlock ioStatusBlock) {
        return requests.buildDeviceIoControlRequest(ioControlCode, deviceObject, inputBuffer, inputBufferLength, outputBuffer,
                outputBufferLength, internalDeviceIoControl, event, ioStatusBlock);
    }

    @Override
    public Irp buildSynchronousFsdRequest(int majorFunction, DeviceObject deviceObject, ByteBuffer buffer, int length,
            long startingOffset, KEvent event, IoStatusBlock ioStatusBlock) {
        return requests.buildFsdRequest(majorFunction, deviceObject, buffer, length, startingOffset, event, ioStatusBlock, true);
    }

    @Override
    public Irp buildAsynchronousFsdRequest(int majorFunction, DeviceObject deviceObject, ByteBuffer buffer, int length,
            long startingOffset, IoStatusBlock ioStatusBlock) {
        return requests.buildFsdRequest(majorFunction, deviceObject, buffer, length, startingOffset, null, ioStatusBlock, false);
    }

    @Override
    public Irp makeAssociatedIrp(Irp masterIrp, int stackSize) {
        Irp irp = allocateIrp(stackSize);
        if (irp == null) {
            return null;
        }
        IrpRecord r = IrpRecord.of(irp);
        r.associated = true;
        r.setMaster(masterIrp);
        irp.flags(ks.api.io.IrpFlags.IRP_ASSOCIATED_IRP);
        irp.thread(masterIrp.thread());
        irp.requestorMode(masterIrp.requestorMode());
        return irp;
    }

    @Override
    public void setAssociatedIrpCount(Irp masterIrp, int count) {
        IrpRecord.of(masterIrp).irpCount = count;
    }

    @Override
    public Mdl allocateMdl(ByteBuffer buffer, int offset, int length, boolean secondaryBuffer, Irp irp) {
        if (buffer == null || offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            return null;
        }
        Mdl mdl = new Mdl(buffer, offset, length);
        if (irp != null) {
            if (!secondaryBuffer || irp.mdlAddress() == null) {
                irp.mdlAddress(mdl);
            } else {
                Mdl last = irp.mdlAddress();
                while (last.next() != null) {
                    last = last.next();
                }
                last.next(mdl);
            }
        }
        return mdl;
    }

    // ------------------------------------------------------------------ cancellation

    @Override
    public boolean cancelIrp(Irp irp) {
        return cancellation.cancelIrp(irp);
    }

    @Override
    public int acquireCancelSpinLock() {
        return cancellation.acquireCancelSpinLock();
    }

    @Override
    public void releaseCancelSpinLock(int irql) {
        cancellation.releaseCancelSpinLock(irql);
    }

    @Override
    public int cancelIo(FileObject fileObject, long wait, TimeUnit unit) {
        return cancellation.cancelIo(fileObject, wait, unit);
    }

    @Override
    public int cancelIoEx(FileObject fileObject) {
        return cancellation.cancelIoEx(fileObject);
    }

    @Override
    public void queueThreadIrp(Irp irp) {
        cancellation.queueToThread(irp);
    }

    /** Cancels the requests of threads that have ended now, instead of at the next look. */
    public void cancelRequestsOfEndedThreads() {
        cancellation.reap();
    }

    @Override
    public CancelSafeQueue createCancelSafeQueue(CancelSafeQueue.InsertIrpEx insertIrpEx,
            CancelSafeQueue.CompleteCanceledIrp completeCanceledIrp) {
        return new CancelSafeQueueImpl(this, insertIrpEx, completeCanceledIrp);
    }

    @Override
    public int callDriverInPieces(DeviceObject lowerDevice, Irp irp, int maxTransfer) {
        return new TransferSplitter(this, lowerDevice, irp, maxTransfer).start();
    }

    // ------------------------------------------------------------------ user APCs

    @Override
    public int alertableWait(KEvent event, long timeout, TimeUnit unit) {
        return apcs.alertableWait(event, timeout, unit);
    }

    @Override
    public int testAlert() {
        return apcs.testAlert();
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

    /** Records a violation of a rule checked outside the I/O manager (the KS class driver's) and returns it to throw. */
    public KsVerifierException verifierFail(String rule, String message) {
        try {
            throw verifier.fail(rule, message);
        } catch (KsVerifierException e) {
            return e;
        }
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
        return requests.sendSynchronous(device.topOfStack(), null, majorFunction, minorFunction, 0, initial);
    }

    /**
     * What the power manager sends: IRP_MN_QUERY_POWER or IRP_MN_SET_POWER of {@code type}
     * (PowerState.SYSTEM_POWER_STATE or DEVICE_POWER_STATE) and {@code state} to the top of
     * {@code device}'s stack, with {@code action} (POWER_ACTION) in ShutdownType; waits for it.
     */
    public int sendPower(DeviceObject device, int minorFunction, int type, int state, int action) {
        return requests.sendPower(device.topOfStack(), minorFunction, type, state, action);
    }

    /** A dispatch routine that completes every request at once with {@code status} and Information 0. */
    public DriverDispatch completeWith(int status) {
        return (dev, irp) -> {
            irp.ioStatus().set(status, 0);
            completeRequest(irp);
            return status;
        };
    }

    public static void log(System.Logger.Level level, String message, Throwable t) {
        LOG.log(level, message, t);
    }
}
