package ks.core.internal.io;

import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.DriverObject;
import ks.api.io.IoManager;

/** The I/O manager's side of a driver object: the references that keep the driver loaded. */
final class LoadedDriver extends DriverObject.Record {

    /** Completion routines set with IoSetCompletionRoutineEx that have not run yet. */
    final AtomicInteger references = new AtomicInteger();

    LoadedDriver(String driverName, IoManager ioManager) {
        super(driverName, ioManager);
    }

    DriverObject object() {
        return driverObject();
    }

    static LoadedDriver loaded(DriverObject driverObject) {
        return (LoadedDriver) DriverObject.Record.of(driverObject);
    }

    /** References not yet dropped, for diagnostics and tests. */
    static int references(DriverObject driverObject) {
        return loaded(driverObject).references.get();
    }
}
