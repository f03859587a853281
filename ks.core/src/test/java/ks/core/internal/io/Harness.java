package ks.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsDriver;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.core.internal.pnp.DriverLoader;
import ks.core.internal.pnp.RootBus;

/**
 * A synchronous embedded harness for driver tests: builds device stacks of test drivers on a
 * real I/O manager (verifier on), pushes IRPs through them in the test's thread, records what
 * happened in order, and checks that nothing leaked.
 */
public final class Harness {

    public final IoManagerImpl io = new IoManagerImpl(true);
    public final List<String> log = Collections.synchronizedList(new ArrayList<>());
    /** IRPs parked by {@link #pend(String)} drivers, oldest first. */
    public final List<Irp> parked = Collections.synchronizedList(new ArrayList<>());

    /** A named device whose driver handles every major function with {@code dispatch}. */
    public DeviceObject device(String name, DriverDispatch dispatch) {
        DriverObject d = io.createDriverObject(name);
        for (int i = 0; i < IrpMajorFunction.COUNT; i++) {
            d.dispatch(i, dispatch);
        }
        try {
            String path = "\\Device\\" + name;
            for (int n = 2; io.findDevice(path) != null; n++) {
                path = "\\Device\\" + name + n; // a test may build the same device twice
            }
            DeviceObject dev = io.createDevice(d, path, IoControlCode.FILE_DEVICE_KS, null);
            dev.flags(dev.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
            return dev;
        } catch (KsStatusException e) {
            throw new AssertionError(e);
        }
    }

    /** Attaches {@code uppers} in order on top of {@code bottom}; returns the top. */
    public DeviceObject stack(DeviceObject bottom, DeviceObject... uppers) {
        DeviceObject top = bottom;
        for (DeviceObject u : uppers) {
            io.attachDeviceToDeviceStack(u, top);
            top = u;
        }
        return top;
    }

    /** A bottom driver that completes at once with the status and information given. */
    public DriverDispatch complete(String name, int status, long information) {
        return (dev, irp) -> {
            log.add(name + ":dispatch");
            irp.ioStatus().set(status, information);
            io.completeRequest(irp);
            return status;
        };
    }

    /** A bottom driver that marks the IRP pending and parks it for the test to complete. */
    public DriverDispatch pend(String name) {
        return (dev, irp) -> {
            log.add(name + ":dispatch");
            irp.markIrpPending();
            parked.add(irp);
            return NtStatus.STATUS_PENDING;
        };
    }

    /**
     * A filter that copies its location down, sets a completion routine that logs (and propagates
     * pending), and forwards to the device below it.
     */
    public DriverDispatch forwardWithRoutine(String name) {
        return (dev, irp) -> {
            log.add(name + ":dispatch");
            irp.copyCurrentIrpStackLocationToNext();
            irp.setCompletionRoutine((d, i, ctx) -> {
                log.add(name + ":completion(" + (d == null ? "null" : d.name()) + ")");
                if (i.pendingReturned()) {
                    i.markIrpPending();
                }
                return NtStatus.STATUS_SUCCESS;
            }, null, true, true, true);
            return io.callDriver(dev.attachedTo(), irp);
        };
    }

    /** A filter that skips its location and forwards. */
    public DriverDispatch skip(String name) {
        return (dev, irp) -> {
            log.add(name + ":dispatch");
            irp.skipCurrentIrpStackLocation();
            return io.callDriver(dev.attachedTo(), irp);
        };
    }

    /** Completes the oldest parked IRP with a status from another thread or this one. */
    public void completeParked(int status, long information) {
        Irp irp = parked.remove(0);
        irp.ioStatus().set(status, information);
        io.completeRequest(irp);
    }

    private RootBus rootBus;
    private final List<DriverLoader.Loaded> loaded = new ArrayList<>();

    /**
     * Loads a driver the way the I/O manager component does for a {@link KsDriver} service:
     * DriverEntry, a root-enumerated PDO, AddDevice and START_DEVICE.
     */
    public DriverObject load(String name, KsDriver driver) {
        if (rootBus == null) {
            rootBus = new RootBus(io);
        }
        return load(name, driver, true, List.of(), 0);
    }

    /**
     * Loads a driver as the component does: DriverEntry, optionally a root-enumerated device, and
     * registration as the function driver for {@code ids} with {@code ranking}.
     */
    public DriverObject load(String name, KsDriver driver, boolean root, List<String> ids, int ranking) {
        if (rootBus == null) {
            rootBus = new RootBus(io);
        }
        DriverLoader.Loaded l = new DriverLoader(io, rootBus).load(driver, name, root, ids, ranking);
        assertTrue(l != null, "driver " + name + " failed to load");
        loaded.add(l);
        return l.driverObject;
    }

    /** Waits until the PnP manager has done everything asked of it so far. */
    public void awaitPnp() {
        io.pnp().sync();
    }

    /** Unloads a driver {@link #load} loaded: REMOVE_DEVICE, device deletion, DriverUnload. */
    public void unload(DriverObject driverObject) {
        for (DriverLoader.Loaded l : List.copyOf(loaded)) {
            if (l.driverObject == driverObject) {
                loaded.remove(l);
                new DriverLoader(io, rootBus).unload(l);
            }
        }
    }

    /** Nothing allocated and not returned and nothing in flight, for a test that broke rules on purpose. */
    public void assertNoLeaksExceptViolations() {
        assertEquals(0, io.outstandingIrps(), "IRPs allocated and not returned to the pool");
        assertTrue(io.inFlightIrps().isEmpty(), "IRPs still in flight: " + io.inFlightIrps());
    }

    /** Nothing allocated and not returned, nothing in flight, no verifier violation. */
    public void assertNoLeaks() {
        assertEquals(0, io.outstandingIrps(), "IRPs allocated and not returned to the pool");
        assertTrue(io.inFlightIrps().isEmpty(), "IRPs still in flight: " + io.inFlightIrps());
        assertEquals(List.of(), io.verifierViolations());
    }
}
