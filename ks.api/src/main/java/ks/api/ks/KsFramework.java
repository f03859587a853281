package ks.api.ks;

import ks.api.io.DriverObject;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The AVStream-like class driver, registered as an OSGi service by ks.core: a device author
 * describes filters and pins and gets KS behaviour (object creation, standard property sets,
 * intersection, states, stream queues, events, device interfaces) for free.
 */
@ProviderType
public interface KsFramework {

    /**
     * KsInitializeDriver: call it from DriverEntry. Fills the driver's dispatch table and AddDevice;
     * each physical device the driver is given gets an FDO with the descriptor's filter factories,
     * enabled as device interfaces when the device starts.
     *
     * @return STATUS_SUCCESS (a descriptor without filters suits devices that create theirs with
     *     {@link KsDevice#createFilterFactory} at START)
     */
    int initializeDriver(DriverObject driverObject, KsDeviceDescriptor descriptor);

    /** The KS device whose FDO is {@code fdo}, or null. */
    KsDevice device(ks.api.io.DeviceObject fdo);

    /**
     * KsGetFilterFromIrp: the filter a request is for: the filter itself for a request on a filter
     * handle, the pin's parent filter for one on a pin handle; null for a request that is not on a
     * KS object of this framework. Property, method and stream handlers use it to reach the
     * object they serve.
     */
    KsFilter filterFromIrp(ks.api.io.Irp irp);

    /** KsGetPinFromIrp: the pin a request on a pin handle is for; null otherwise. */
    KsPin pinFromIrp(ks.api.io.Irp irp);
}
