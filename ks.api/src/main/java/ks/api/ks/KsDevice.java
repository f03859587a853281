package ks.api.ks;

import java.util.List;

import ks.api.io.DeviceObject;

import org.osgi.annotation.versioning.ProviderType;

/** KSDEVICE: the functional device object the framework created for one physical device. */
@ProviderType
public interface KsDevice {

    /** The functional device object (FDO). */
    DeviceObject functionalDevice();

    /** The physical device object below it. */
    DeviceObject physicalDevice();

    /** The symbolic links of the enabled interfaces, once started. */
    List<String> symbolicLinks();

    /** Filter instances open now. */
    List<KsFilter> filters();

    /**
     * KsCreateFilterFactory: adds a filter factory to this device only, for devices whose filters
     * depend on the hardware (read at START). Call it from {@link KsDeviceDispatch#add} or
     * {@link KsDeviceDispatch#start}; its interfaces are enabled with the others after a successful
     * start.
     *
     * @return STATUS_SUCCESS, or STATUS_OBJECT_NAME_COLLISION when a factory with the same
     *     reference string exists
     */
    int createFilterFactory(KsFilterDescriptor filter);

    /** The device's filter factories: the descriptor's and those created for this device. */
    List<KsFilterDescriptor> filterFactories();

    /** The device's power state, a {@link ks.api.io.PowerState} DEVICE_POWER_STATE (D0 while working). */
    default int devicePowerState() {
        return ks.api.io.PowerState.POWER_DEVICE_D0;
    }

    /** The device's own state, e.g. its hardware handle. */
    Object context();

    void context(Object value);
}
