package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * DRIVER_ADD_DEVICE: the PnP manager hands a driver the physical device object of a device it
 * matched; the driver creates its functional (or filter) device object and attaches it on top of
 * the device's stack.
 */
@ConsumerType
@FunctionalInterface
public interface AddDevice {

    int addDevice(DriverObject driverObject, DeviceObject physicalDeviceObject);
}
