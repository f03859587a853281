package ks.core.internal.pnp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ks.api.io.DeviceObject;
import ks.api.io.DriverObject;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.NtStatus;
import ks.core.internal.fastio.FastIoRouter;
import ks.core.internal.io.IoManagerImpl;

/**
 * The PnP manager's part for bus-enumerated devices: one device node per child PDO a bus driver
 * reports in BusRelations, the ID query, driver selection by the earliest matching ID, AddDevice
 * and START, and removal of children that disappeared or whose driver left. Everything runs on one
 * worker thread, as Windows serialises PnP work.
 */
public final class PnpManager {

    /** The function driver PnP chose for the stack {@code device} is in, or null (not bus-enumerated, or no driver). */
    public DriverObject functionDriver(DeviceObject device) {
        DevNode n = byPdo.get(device.bottomOfStack());
        Candidate c = n == null ? null : n.driver;
        return c == null ? null : c.driver;
    }

    /** A bus-enumerated device: its PDO, the bus it hangs off, its IDs and its function driver. */
    private static final class DevNode {
        final DeviceObject pdo;
        final DeviceObject parent;
        final List<String> ids;
        volatile Candidate driver;
        /** Filter drivers in the stack, lower ones first then upper ones, in attach order. */
        List<DriverObject> filters = List.of();

        public DevNode(DeviceObject pdo, DeviceObject parent, List<String> ids) {
            this.pdo = pdo;
            this.parent = parent;
            this.ids = ids;
        }
    }

    /** A driver that serves IDs. */
    private static final class Candidate {
        final DriverObject driver;
        final List<String> ids;
        final int ranking;

        public Candidate(DriverObject driver, List<String> ids, int ranking) {
            this.driver = driver;
            this.ids = ids;
            this.ranking = ranking;
        }
    }

    private final IoManagerImpl io;
    private volatile Thread workerThread;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ks-pnp");
        t.setDaemon(true);
        workerThread = t; // PnP work started from PnP work runs inline
        return t;
    });
    private final List<DevNode> nodes = new ArrayList<>();
    /** The same nodes by PDO, for readers outside the worker. */
    private final Map<DeviceObject, DevNode> byPdo = new ConcurrentHashMap<>();
    private final List<Candidate> drivers = new ArrayList<>();
    private final List<Filter> filterBindings = new ArrayList<>();
    private final List<DriverObject> leaving = new ArrayList<>();

    /**
     * A filter binding (Config Admin {@value ks.api.io.KsDriver#FILTER_PID}): the driver named
     * {@code driver} goes into the stack of every device reporting an ID that matches one of
     * {@code ids} (* and ? wildcards, case-insensitive), above the function driver ({@code upper})
     * or below it; {@code order} sorts filters in the same place, lowest nearest the function driver.
     */
    public record Filter(String id, String driver, List<java.util.regex.Pattern> ids, boolean upper, int order) {
        public static Filter of(String id, String driver, List<String> ids, boolean upper, int order) {
            return new Filter(id, driver, ids.stream().map(FastIoRouter::glob).toList(), upper, order);
        }

        public boolean matches(List<String> deviceIds) {
            for (java.util.regex.Pattern p : ids) {
                for (String id : deviceIds) {
                    if (p.matcher(id).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    public PnpManager(IoManagerImpl io) {
        this.io = io;
    }

    /** IoInvalidateDeviceRelations(BusRelations) for the stack {@code device} is in. */
    public void invalidateDeviceRelations(DeviceObject device) {
        worker.execute(() -> enumerate(device.bottomOfStack()));
    }

    /** A function driver with {@code ks.driver.ids} arrived: it may take devices nobody drives yet. */
    public void driverArrived(DriverObject driver, List<String> ids, int ranking) {
        run(() -> {
            drivers.add(new Candidate(driver, List.copyOf(ids), ranking));
            for (DevNode n : List.copyOf(nodes)) {
                if (n.driver == null) {
                    bind(n);
                }
            }
            return null;
        });
    }

    /** {@code driver} is going: the devices it drives are removed (they stay on their bus) and offered to the others. */
    public void driverLeaving(DriverObject driver, Runnable unload) {
        run(() -> {
            drivers.removeIf(c -> c.driver == driver);
            leaving.add(driver);
            List<DevNode> orphaned = new ArrayList<>();
            for (DevNode n : List.copyOf(nodes)) {
                if (n.driver != null && n.driver.driver == driver) {
                    removeStack(n, false);
                    n.driver = null;
                    n.filters = List.of();
                    orphaned.add(n);
                }
            }
            restackChanged(); // stacks it filters are built again without it, before it unloads
            unload.run();
            leaving.remove(driver);
            for (DevNode n : orphaned) {
                if (nodes.contains(n)) {
                    bind(n);
                }
            }
            return null;
        });
    }

    /** A driver that may be a filter was loaded: stacks waiting for it are built again with it. */
    public void driverLoaded() {
        run(() -> {
            restackChanged();
            return null;
        });
    }

    /** Adds or replaces (same id) a filter binding; stacks it changes are built again. */
    public void setFilter(Filter f) {
        run(() -> {
            filterBindings.removeIf(x -> x.id().equals(f.id()));
            filterBindings.add(f);
            restackChanged();
            return null;
        });
    }

    public void removeFilter(String id) {
        run(() -> {
            if (filterBindings.removeIf(x -> x.id().equals(id))) {
                restackChanged();
            }
            return null;
        });
    }

    /**
     * Devices whose filters differ from what the bindings and loaded drivers now ask for are
     * removed and started again with the new stack, as Windows restarts a device whose
     * UpperFilters / LowerFilters changed. Open handles on the old stack see STATUS_DEVICE_REMOVED.
     */
    private void restackChanged() {
        for (DevNode n : List.copyOf(nodes)) {
            List<DriverObject> wanted = n.driver == null ? null : filtersFor(n).all();
            if (wanted != null && !wanted.equals(n.filters)) {
                IoManagerImpl.log(System.Logger.Level.INFO, n.pdo.name() + ": filters change from " + names(n.filters) + " to "
                        + names(wanted) + "; restarting the device", null);
                removeStack(n, false);
                n.driver = null;
                n.filters = List.of();
                bind(n);
            }
        }
    }

    private static List<String> names(List<DriverObject> drivers) {
        return drivers.stream().map(DriverObject::driverName).toList();
    }

    /** The loaded filter drivers the bindings put into a stack, each list in attach order. */
    private record Filters(List<DriverObject> lower, List<DriverObject> upper) {
        public List<DriverObject> all() {
            List<DriverObject> all = new ArrayList<>(lower);
            all.addAll(upper);
            return all;
        }
    }

    /** Lower filters bottom-up (highest order first, lowest nearest the function driver), then upper ones lowest order first. */
    private Filters filtersFor(DevNode n) {
        List<Filter> matching = new ArrayList<>();
        for (Filter f : filterBindings) {
            if (f.matches(n.ids)) {
                matching.add(f);
            }
        }
        matching.sort(java.util.Comparator.comparing(Filter::upper).thenComparing(f -> f.upper() ? f.order() : -f.order()));
        List<DriverObject> lower = new ArrayList<>();
        List<DriverObject> upper = new ArrayList<>();
        for (Filter f : matching) {
            DriverObject d = loadedDriver(f.driver());
            if (d != null && d.addDevice() != null && !leaving.contains(d) && !lower.contains(d) && !upper.contains(d)) {
                (f.upper() ? upper : lower).add(d);
            }
        }
        return new Filters(lower, upper);
    }

    private DriverObject loadedDriver(String name) {
        String full = name.startsWith("\\Driver\\") ? name : "\\Driver\\" + name;
        for (DriverObject d : io.driverObjects()) {
            if (d.driverName().equalsIgnoreCase(full)) {
                return d;
            }
        }
        return null;
    }

    /** The bus device {@code pdo} is about to be removed: its children go first. */
    public void removeChildren(DeviceObject pdo) {
        run(() -> {
            for (DevNode n : List.copyOf(nodes)) {
                if (n.parent == pdo) {
                    removeNode(n, false);
                }
            }
            return null;
        });
    }

    /** Returns once the work queued before the call has run. */
    public void sync() {
        run(() -> null);
    }

    public void shutdown() {
        worker.shutdown();
    }

    /** Runs {@code work} on the PnP thread (inline when already on it) and waits. */
    private void run(Callable<Void> work) {
        if (Thread.currentThread() == workerThread) {
            try {
                work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        Future<Void> f = worker.submit(work);
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                IoManagerImpl.log(System.Logger.Level.ERROR, "PnP operation failed", e.getCause());
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enumerate(DeviceObject bus) {
        if (bus.isDeleted()) {
            return;
        }
        Object answer = io.queryPnp(bus.topOfStack(), IrpMinorFunction.IRP_MN_QUERY_DEVICE_RELATIONS, IrpMinorFunction.BusRelations);
        List<DeviceObject> children = new ArrayList<>();
        if (answer instanceof List<?>) {
            for (Object o : (List<?>) answer) {
                if (o instanceof DeviceObject) {
                    children.add((DeviceObject) o);
                }
            }
        }
        for (DevNode n : List.copyOf(nodes)) {
            if (n.parent == bus && !children.contains(n.pdo)) {
                removeNode(n, true);
            }
        }
        for (DeviceObject child : children) {
            if (nodeOf(child) != null) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            ids.addAll(queryIds(child, IrpMinorFunction.BusQueryHardwareIDs));
            ids.addAll(queryIds(child, IrpMinorFunction.BusQueryCompatibleIDs));
            DevNode n = new DevNode(child, bus, List.copyOf(ids));
            nodes.add(n);
            byPdo.put(n.pdo, n);
            bind(n);
        }
    }

    private List<String> queryIds(DeviceObject pdo, int type) {
        Object answer = io.queryPnp(pdo, IrpMinorFunction.IRP_MN_QUERY_ID, type);
        List<String> ids = new ArrayList<>();
        if (answer instanceof List<?>) {
            for (Object o : (List<?>) answer) {
                ids.add(o.toString());
            }
        }
        return ids;
    }

    private DevNode nodeOf(DeviceObject pdo) {
        for (DevNode n : nodes) {
            if (n.pdo == pdo) {
                return n;
            }
        }
        return null;
    }

    /** Picks the driver matching the earliest of the device's IDs (ties: higher ranking), AddDevice, START. */
    private void bind(DevNode n) {
        Candidate best = null;
        int bestPosition = Integer.MAX_VALUE;
        for (Candidate c : drivers) {
            int p = position(n.ids, c.ids);
            if (p < bestPosition || (p == bestPosition && p != Integer.MAX_VALUE && c.ranking > best.ranking)) {
                best = c;
                bestPosition = p;
            }
        }
        if (best == null) {
            IoManagerImpl.log(System.Logger.Level.INFO, n.pdo.name() + " " + n.ids + ": no driver yet", null);
            return;
        }
        if (best.driver.addDevice() == null) {
            return;
        }
        Filters filters = filtersFor(n);
        List<DriverObject> attached = new ArrayList<>();
        for (DriverObject f : filters.lower()) {
            addFilter(f, n, attached);
        }
        int added = best.driver.addDevice().addDevice(best.driver, n.pdo);
        if (!NtStatus.NT_SUCCESS(added)) {
            IoManagerImpl.log(System.Logger.Level.ERROR, "AddDevice of " + best.driver + " for " + n.pdo.name() + " failed: "
                    + NtStatus.toString(added), null);
            if (!attached.isEmpty()) {
                io.sendAndWait(n.pdo, IrpMajorFunction.IRP_MJ_PNP, IrpMinorFunction.IRP_MN_REMOVE_DEVICE);
            }
            return;
        }
        for (DriverObject f : filters.upper()) {
            addFilter(f, n, attached);
        }
        // the stack records what was asked for: a filter whose AddDevice failed is not retried until the bindings change
        n.filters = filters.all();
        n.driver = best;
        IoManagerImpl.log(System.Logger.Level.INFO, n.pdo.name() + " matched " + best.driver + " by " + n.ids.get(bestPosition), null);
        int started = io.sendAndWait(n.pdo, IrpMajorFunction.IRP_MJ_PNP, IrpMinorFunction.IRP_MN_START_DEVICE);
        if (!NtStatus.NT_SUCCESS(started)) {
            IoManagerImpl.log(System.Logger.Level.ERROR, "START_DEVICE for " + n.pdo.topOfStack() + " failed: "
                    + NtStatus.toString(started), null);
            removeStack(n, false);
            n.driver = null;
            return;
        }
        enumerate(n.pdo); // a started device that is itself a bus reports its children (others answer nothing)
    }

    private void addFilter(DriverObject f, DevNode n, List<DriverObject> attached) {
        int status;
        try {
            status = f.addDevice().addDevice(f, n.pdo);
        } catch (RuntimeException e) {
            IoManagerImpl.log(System.Logger.Level.ERROR, "AddDevice of filter " + f + " for " + n.pdo.name() + " threw", e);
            return;
        }
        if (NtStatus.NT_SUCCESS(status)) {
            attached.add(f);
            IoManagerImpl.log(System.Logger.Level.INFO, f + " filters " + n.pdo.name(), null);
        } else {
            IoManagerImpl.log(System.Logger.Level.ERROR, "AddDevice of filter " + f + " for " + n.pdo.name() + " failed: "
                    + NtStatus.toString(status), null);
        }
    }

    /** Index of the first of {@code deviceIds} the driver serves, or MAX_VALUE. */
    public static int position(List<String> deviceIds, List<String> driverIds) {
        for (int i = 0; i < deviceIds.size(); i++) {
            String id = deviceIds.get(i).toUpperCase(Locale.ROOT);
            for (String d : driverIds) {
                if (d.toUpperCase(Locale.ROOT).equals(id)) {
                    return i;
                }
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Removes the device's stack and forgets the device. */
    private void removeNode(DevNode n, boolean surprise) {
        removeStack(n, surprise);
        nodes.remove(n);
        byPdo.remove(n.pdo, n);
    }

    /**
     * Children first; then, unless the PDO is gone already, SURPRISE_REMOVAL (a device that vanished
     * and has a driver) and REMOVE_DEVICE to the stack. Without a function driver the REMOVE reaches
     * the bus driver alone, which deletes a PDO it no longer reports.
     */
    private void removeStack(DevNode n, boolean surprise) {
        for (DevNode c : List.copyOf(nodes)) {
            if (c.parent == n.pdo) {
                removeNode(c, surprise);
            }
        }
        if (n.pdo.isDeleted()) {
            return;
        }
        if (surprise && n.driver != null) {
            io.sendAndWait(n.pdo, IrpMajorFunction.IRP_MJ_PNP, IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL);
        }
        io.sendAndWait(n.pdo, IrpMajorFunction.IRP_MJ_PNP, IrpMinorFunction.IRP_MN_REMOVE_DEVICE);
    }
}
