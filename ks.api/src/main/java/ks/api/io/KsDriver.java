package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver: the role a driver bundle registers as an OSGi service (whiteboard). The I/O manager
 * creates a {@link DriverObject} named {@code \Driver\<ks.driver.name>} and calls
 * {@link #driverEntry}; when the service goes away it deletes the driver's devices and calls its
 * {@link DriverUnload}.
 *
 * <p>Service properties: {@value #NAME} (required, e.g. {@code MyFilter}) and {@value #ROOT_ENUMERATED}:
 * {@code true} asks the PnP manager for one root-enumerated device, which the driver receives in
 * its {@link AddDevice} routine; {@value #IDS} makes it the function driver of bus-enumerated
 * devices reporting one of those IDs.
 */
@ConsumerType
@FunctionalInterface
public interface KsDriver {

    /** Service property: the driver's name. */
    String NAME = "ks.driver.name";

    /** Service property: give this driver one root-enumerated physical device (Boolean). */
    String ROOT_ENUMERATED = "ks.driver.root";

    /**
     * Service property: the hardware and compatible IDs of bus-enumerated devices this driver is
     * the function driver for (String or String[], compared case-insensitively), like an INF's
     * model lines. A device goes to the driver matching the earliest ID in the device's own list.
     */
    String IDS = "ks.driver.ids";

    /**
     * Config Admin factory PID that puts a loaded driver into device stacks as a filter, like the
     * UpperFilters / LowerFilters registry values: properties {@code driver} (the filter's
     * {@value #NAME}), {@code ids} (hardware or compatible IDs of the devices, * and ? wildcards),
     * {@code position} ({@code upper} or {@code lower}) and {@code order}. A device whose filters
     * change is removed and started again with its new stack.
     */
    String FILTER_PID = "ks.filter";

    /**
     * DriverEntry: fill the dispatch table and entry points of {@code driverObject}. A failure
     * status unloads the driver at once.
     */
    int driverEntry(DriverObject driverObject, String registryPath);
}
