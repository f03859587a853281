package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_NOT_SUPPORTED;
import static ks.api.io.NtStatus.STATUS_NO_SUCH_DEVICE;
import static ks.api.io.NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoManager;
import ks.api.io.IoStackLocationParameters;
import ks.api.io.Irp;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KEvent;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.io.PowerState;
import ks.api.ks.KsDevice;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamIo;
import ks.core.internal.io.IoManagerImpl;

/**
 * A KS functional device: the dispatch routines KsInitializeDriver installs, for one FDO. It
 * turns IRP_MJ_CREATE into filter and pin objects (stored in the file object's FsContext), routes
 * IRP_MJ_DEVICE_CONTROL to them, tears them down on IRP_MJ_CLOSE, and on PnP START/REMOVE enables
 * and disables one device interface per filter factory and category.
 *
 * <pre>
 * open  \??\...#{KSCATEGORY_CAPTURE}\GLOBAL          -> filter (reference string GLOBAL)
 * open  {146F1A80-4791-11D0-A5D6-28DB04C10000}       -> pin, relative to the filter's file object,
 *       create parameters = KSPIN_CONNECT + KSDATAFORMAT
 * </pre>
 *
 * <h2>Threading</h2>
 * Dispatch runs on callers' threads; the filter list is copy-on-write.
 */
final class KsDeviceImpl implements KsDevice {

    private static final System.Logger LOG = System.getLogger(KsDeviceImpl.class.getName());

    /** PostStart runs here, after START_DEVICE completed: one daemon thread for every KS device. */
    private static final java.util.concurrent.Executor POST_START = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ks-device-post-start");
        t.setDaemon(true);
        return t;
    });

    private static final String PIN_CLASS = "{" + KsGuids.KSSTRING_Pin.toString().toUpperCase(Locale.ROOT) + "}";
    private static final String CLOCK_CLASS = "{" + KsGuids.KSSTRING_Clock.toString().toUpperCase(Locale.ROOT) + "}";
    private static final String ALLOCATOR_CLASS = "{" + KsGuids.KSSTRING_Allocator.toString().toUpperCase(Locale.ROOT) + "}";

    private final IoManager io;
    private final KsStreamIo streamIo;
    private final KsDeviceDescriptor descriptor;
    private final DeviceObject fdo;
    private final DeviceObject pdo;
    private final List<FilterObject> filters = new CopyOnWriteArrayList<>();
    private final List<String> links = new CopyOnWriteArrayList<>();
    private final List<KsFilterDescriptor> factories = new CopyOnWriteArrayList<>();
    private volatile boolean removed;
    /** Requests inside this device's dispatch routines, and whether new ones are turned away (the remove lock). */
    private final AtomicInteger dispatching = new AtomicInteger();
    private volatile boolean deleting;
    private volatile Object context;

    KsDeviceImpl(IoManager io, KsStreamIo streamIo, KsDeviceDescriptor descriptor, DeviceObject fdo, DeviceObject pdo) {
        this.io = io;
        this.streamIo = streamIo;
        this.descriptor = descriptor;
        this.fdo = fdo;
        this.pdo = pdo;
        this.factories.addAll(descriptor.filters());
    }

    @Override
    public int createFilterFactory(KsFilterDescriptor filter) {
        synchronized (factories) {
            for (KsFilterDescriptor fd : factories) {
                if (fd.referenceString().equalsIgnoreCase(filter.referenceString())) {
                    return NtStatus.STATUS_OBJECT_NAME_COLLISION;
                }
            }
            factories.add(filter);
        }
        return STATUS_SUCCESS;
    }

    @Override
    public List<KsFilterDescriptor> filterFactories() {
        return List.copyOf(factories);
    }

    IoManager io() {
        return io;
    }

    KsStreamIo streamIo() {
        return streamIo;
    }

    /** Ready-ring depth for pins created now: from the fast-I/O binding for this device's stack. */
    int readyFrames() {
        return io instanceof IoManagerImpl ? ((IoManagerImpl) io).fastIo().readyFrames(functionalDevice().topOfStack()) : 0;
    }

    KsDeviceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public DeviceObject functionalDevice() {
        return fdo;
    }

    @Override
    public DeviceObject physicalDevice() {
        return pdo;
    }

    @Override
    public List<String> symbolicLinks() {
        return List.copyOf(links);
    }

    @Override
    public List<KsFilter> filters() {
        return List.copyOf(filters);
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public void context(Object value) {
        this.context = value;
    }

    /** Completes {@code irp} with {@code status} (Information as set) and returns the status. */
    int complete(Irp irp, int status) {
        irp.ioStatus().status(status);
        io.completeRequest(irp);
        return status;
    }

    // ---------------------------------------------------------------- IRP_MJ_CREATE / CLOSE / CLEANUP

    int create(Irp irp) {
        irp.ioStatus().information(0);
        if (removed) {
            return complete(irp, STATUS_NO_SUCH_DEVICE);
        }
        FileObject fo = irp.currentIrpStackLocation().fileObject();
        String name = trim(fo.fileName());
        FileObject parent = fo.relatedFileObject();
        if (parent == null) {
            KsFilterDescriptor fd = filterNamed(name);
            if (fd == null) {
                return complete(irp, STATUS_OBJECT_NAME_NOT_FOUND);
            }
            FilterObject filter = new FilterObject(this, fd, fo);
            int status = FilterObject.callDevice(() -> fd.dispatch().create(filter));
            if (NtStatus.NT_SUCCESS(status)) {
                fo.fsContext(filter);
                filters.add(filter);
            }
            return complete(irp, status);
        }
        if (!(parent.fsContext() instanceof FilterObject)) {
            return complete(irp, STATUS_INVALID_DEVICE_REQUEST); // only filters have children here
        }
        if (name.regionMatches(true, 0, CLOCK_CLASS, 0, CLOCK_CLASS.length())
                || name.regionMatches(true, 0, ALLOCATOR_CLASS, 0, ALLOCATOR_CLASS.length())) {
            return complete(irp, STATUS_NOT_SUPPORTED); // clock and allocator objects are not modelled
        }
        if (!name.regionMatches(true, 0, PIN_CLASS, 0, PIN_CLASS.length())) {
            return complete(irp, STATUS_OBJECT_NAME_NOT_FOUND);
        }
        return complete(irp, ((FilterObject) parent.fsContext()).createPin(fo, fo.createParameters()));
    }

    int close(Irp irp) {
        FileObject fo = irp.currentIrpStackLocation().fileObject();
        Object object = fo.fsContext();
        if (object instanceof KsObject) {
            ((KsObject) object).close();
            filters.remove(object);
            fo.fsContext(null);
        }
        irp.ioStatus().information(0);
        return complete(irp, STATUS_SUCCESS);
    }

    int cleanup(Irp irp) {
        Object object = irp.currentIrpStackLocation().fileObject() == null ? null
                : irp.currentIrpStackLocation().fileObject().fsContext();
        if (object instanceof PinObject) {
            ((PinObject) object).cleanup();
        }
        irp.ioStatus().information(0);
        return complete(irp, STATUS_SUCCESS);
    }

    int deviceControl(Irp irp) {
        Object object = irp.currentIrpStackLocation().fileObject() == null ? null
                : irp.currentIrpStackLocation().fileObject().fsContext();
        if (removed) {
            irp.ioStatus().information(0);
            return complete(irp, NtStatus.STATUS_DEVICE_REMOVED); // handles outlive the device; their requests fail alike
        }
        if (!(object instanceof KsObject)) {
            irp.ioStatus().information(0);
            return complete(irp, STATUS_INVALID_DEVICE_REQUEST);
        }
        return ((KsObject) object).deviceControl(irp);
    }

    private KsFilterDescriptor filterNamed(String name) {
        List<KsFilterDescriptor> all = factories;
        if (name.isEmpty() && all.size() == 1) {
            return all.get(0);
        }
        for (KsFilterDescriptor fd : all) {
            if (fd.referenceString().equalsIgnoreCase(name)) {
                return fd;
            }
        }
        return null;
    }

    private static String trim(String name) {
        String n = name == null ? "" : name;
        int from = n.startsWith("\\") ? 1 : 0;
        int to = n.endsWith("\\") && n.length() > from ? n.length() - 1 : n.length();
        return n.substring(from, to);
    }

    // ---------------------------------------------------------------- IRP_MJ_POWER

    private volatile int devicePower = PowerState.POWER_DEVICE_D0;
    private volatile int systemPower = PowerState.POWER_SYSTEM_WORKING;

    @Override
    public int devicePowerState() {
        return devicePower;
    }

    /** The device state a system state maps to: D0 while working, D3 in any sleep, hibernation or shutdown. */
    private static int deviceStateFor(int systemState) {
        return systemState == PowerState.POWER_SYSTEM_WORKING ? PowerState.POWER_DEVICE_D0 : PowerState.POWER_DEVICE_D3;
    }

    /**
     * IRP_MN_QUERY_POWER (the minidriver may veto, then the lower devices are asked) and
     * IRP_MN_SET_POWER (the minidriver told of a device-state change: before the lower devices when
     * powering down, after them when powering up); other power requests go down unchanged. A
     * system request carries its device state with it: ks has no power manager to send a separate
     * device request, so the mapped device state changes in the same request.
     */
    int power(Irp irp) {
        int minor = irp.currentIrpStackLocation().minorFunction();
        DeviceObject lower = fdo.attachedTo();
        IoStackLocationParameters.Power p = irp.currentIrpStackLocation().parameters().power();
        boolean system = p.type() == PowerState.SYSTEM_POWER_STATE;
        int deviceTo = system ? deviceStateFor(p.state()) : p.state();
        if (minor == IrpMinorFunction.IRP_MN_QUERY_POWER) {
            int deviceFrom = devicePower;
            int systemTo = system ? p.state() : systemPower;
            int action = system ? p.shutdownType() : PowerState.POWER_ACTION_NONE;
            int status = FilterObject.callDevice(() -> descriptor.dispatch().queryPower(this, deviceTo, deviceFrom, systemTo, systemPower, action));
            if (!NtStatus.NT_SUCCESS(status)) {
                irp.ioStatus().information(0);
                return complete(irp, status);
            }
            irp.ioStatus().status(STATUS_SUCCESS);
            irp.skipCurrentIrpStackLocation();
            return io.callDriver(lower, irp);
        }
        if (minor == IrpMinorFunction.IRP_MN_SET_POWER) {
            if (system) {
                systemPower = p.state();
            }
            int from = devicePower;
            if (deviceTo == from || deviceTo < PowerState.POWER_DEVICE_D0 || deviceTo > PowerState.POWER_DEVICE_D3) {
                irp.ioStatus().status(STATUS_SUCCESS);
                irp.skipCurrentIrpStackLocation();
                return io.callDriver(lower, irp);
            }
            if (deviceTo > from) { // powering down: this device first
                callSetPower(deviceTo, from);
                irp.ioStatus().status(STATUS_SUCCESS);
                irp.skipCurrentIrpStackLocation();
                return io.callDriver(lower, irp);
            }
            irp.ioStatus().status(STATUS_SUCCESS);
            int status = forwardAndWait(lower, irp); // powering up: the lower devices first
            if (NtStatus.NT_SUCCESS(status) || status == NtStatus.STATUS_NOT_SUPPORTED) {
                callSetPower(deviceTo, from);
                status = STATUS_SUCCESS;
            }
            return complete(irp, status);
        }
        irp.skipCurrentIrpStackLocation();
        return io.callDriver(lower, irp);
    }

    private void callSetPower(int to, int from) {
        devicePower = to;
        FilterObject.callDevice(() -> {
            descriptor.dispatch().setPower(this, to, from);
            return STATUS_SUCCESS;
        });
    }

    // ---------------------------------------------------------------- IRP_MJ_PNP

    /**
     * START_DEVICE (lower devices first, then the minidriver, then the interfaces), REMOVE_DEVICE
     * (interfaces off, queued I/O completed with STATUS_DEVICE_REMOVED, minidriver, lower devices,
     * FDO deleted, {@code forget} run); anything else goes down unchanged.
     */
    int pnp(Irp irp, Runnable forget) {
        int minor = irp.currentIrpStackLocation().minorFunction();
        DeviceObject lower = fdo.attachedTo();
        if (minor == IrpMinorFunction.IRP_MN_START_DEVICE) {
            int status = forwardAndWait(lower, irp);
            if (NtStatus.NT_SUCCESS(status)) {
                status = FilterObject.callDevice(() -> descriptor.dispatch().start(this));
            }
            if (NtStatus.NT_SUCCESS(status)) {
                status = enableInterfaces();
            }
            irp.ioStatus().information(0);
            int started = complete(irp, status);
            if (NtStatus.NT_SUCCESS(started)) {
                POST_START.execute(() -> {
                    int post = FilterObject.callDevice(() -> descriptor.dispatch().postStart(this));
                    if (!NtStatus.NT_SUCCESS(post)) {
                        LOG.log(System.Logger.Level.WARNING, fdo + ": PostStart failed with " + NtStatus.toString(post)
                                + "; the device stays started");
                    }
                });
            }
            return started;
        }
        if (minor == IrpMinorFunction.IRP_MN_QUERY_STOP_DEVICE || minor == IrpMinorFunction.IRP_MN_QUERY_REMOVE_DEVICE) {
            boolean stop = minor == IrpMinorFunction.IRP_MN_QUERY_STOP_DEVICE;
            int status = FilterObject.callDevice(() -> stop ? descriptor.dispatch().queryStop(this) : descriptor.dispatch().queryRemove(this));
            if (!NtStatus.NT_SUCCESS(status)) {
                irp.ioStatus().information(0);
                return complete(irp, status); // vetoed: the lower devices are not asked
            }
            irp.ioStatus().status(STATUS_SUCCESS); // handled: the PDO passes a success back up
            irp.skipCurrentIrpStackLocation();
            return io.callDriver(lower, irp);
        }
        if (minor == IrpMinorFunction.IRP_MN_CANCEL_STOP_DEVICE || minor == IrpMinorFunction.IRP_MN_CANCEL_REMOVE_DEVICE) {
            irp.ioStatus().status(STATUS_SUCCESS);
            int status = forwardAndWait(lower, irp);
            boolean stop = minor == IrpMinorFunction.IRP_MN_CANCEL_STOP_DEVICE;
            FilterObject.callDevice(() -> {
                if (stop) {
                    descriptor.dispatch().cancelStop(this);
                } else {
                    descriptor.dispatch().cancelRemove(this);
                }
                return STATUS_SUCCESS;
            });
            return complete(irp, status);
        }
        if (minor == IrpMinorFunction.IRP_MN_STOP_DEVICE || minor == IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL) {
            boolean surprise = minor == IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL;
            if (surprise) {
                for (String link : links) {
                    io.setDeviceInterfaceState(link, false);
                }
            }
            FilterObject.callDevice(() -> {
                if (surprise) {
                    descriptor.dispatch().surpriseRemoval(this);
                } else {
                    descriptor.dispatch().stop(this);
                }
                return STATUS_SUCCESS;
            });
            irp.ioStatus().status(STATUS_SUCCESS);
            irp.skipCurrentIrpStackLocation();
            return io.callDriver(lower, irp);
        }
        if (minor == IrpMinorFunction.IRP_MN_QUERY_CAPABILITIES) {
            int status = forwardAndWait(lower, irp);
            if (NtStatus.NT_SUCCESS(status) || status == NtStatus.STATUS_NOT_SUPPORTED) {
                Object caps = irp.currentIrpStackLocation().parameters().deviceCapabilities().capabilities();
                int mine = FilterObject.callDevice(() -> descriptor.dispatch().queryCapabilities(this, caps));
                status = NtStatus.NT_SUCCESS(mine) ? (status == NtStatus.STATUS_NOT_SUPPORTED ? STATUS_SUCCESS : status) : mine;
            }
            return complete(irp, status);
        }
        if (minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
            removed = true;
            for (String link : links) {
                io.setDeviceInterfaceState(link, false);
            }
            links.clear();
            for (FilterObject f : filters) {
                f.remove();
            }
            FilterObject.callDevice(() -> {
                descriptor.dispatch().remove(this);
                return STATUS_SUCCESS;
            });
            irp.skipCurrentIrpStackLocation();
            int status = io.callDriver(lower, irp);
            drainDispatch();
            io.detachDevice(lower);
            io.deleteDevice(fdo);
            forget.run();
            return status;
        }
        irp.skipCurrentIrpStackLocation();
        return io.callDriver(lower, irp);
    }

    /**
     * IoAcquireRemoveLock: a request may enter a dispatch routine unless the device is being
     * deleted. Pair with {@link #leave}.
     */
    boolean enter() {
        dispatching.incrementAndGet();
        if (deleting) { // read after the increment: either drainDispatch sees this request or it sees the flag
            dispatching.decrementAndGet();
            return false;
        }
        return true;
    }

    void leave() {
        dispatching.decrementAndGet();
    }

    /**
     * IoReleaseRemoveLockAndWait: turns new requests away and waits (up to 5 s) for those inside a
     * dispatch routine (a read failing with STATUS_DEVICE_REMOVED, a handle closing) to finish, so
     * the FDO is not deleted under them.
     */
    private void drainDispatch() {
        deleting = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (dispatching.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One interface per filter factory and category, reference string = the factory's. */
    private int enableInterfaces() {
        for (KsFilterDescriptor fd : factories) {
            for (UUID category : fd.categories()) {
                try {
                    String link = io.registerDeviceInterface(pdo, category, fd.referenceString(),
                            Map.of(DeviceInterface.FRIENDLY_NAME, fd.friendlyName()));
                    if (!links.contains(link)) {
                        links.add(link);
                    }
                    io.setDeviceInterfaceState(link, true);
                } catch (KsStatusException e) {
                    return e.status();
                }
            }
        }
        return STATUS_SUCCESS;
    }

    /** Sends the IRP down and waits for the lower drivers to finish it (start goes bottom-up). */
    private int forwardAndWait(DeviceObject lower, Irp irp) {
        KEvent done = new KEvent();
        irp.copyCurrentIrpStackLocationToNext();
        irp.setCompletionRoutine((dev, i, ctx) -> {
            done.setEvent();
            return STATUS_MORE_PROCESSING_REQUIRED;
        }, null, true, true, true);
        int status = io.callDriver(lower, irp);
        if (status == STATUS_PENDING) {
            // the lower drivers own the IRP until the routine ran: wait for that, however long, keeping an interrupt
            boolean interrupted = false;
            while (!done.readStateEvent()) {
                try {
                    done.await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return irp.ioStatus().status();
    }
}
