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

    /** The device's own state, e.g. its hardware handle. */
    Object context();

    void context(Object value);
}
