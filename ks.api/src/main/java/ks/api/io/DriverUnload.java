package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/** DRIVER_UNLOAD: releases what DriverEntry acquired, after the driver's devices are gone. */
@ConsumerType
@FunctionalInterface
public interface DriverUnload {

    void unload(DriverObject driverObject);
}
