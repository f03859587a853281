package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device-interface change notification (IoRegisterPlugPlayNotification with
 * EventCategoryDeviceInterfaceChange): called when an interface is enabled (arrival) or disabled
 * (removal), on the thread that changed its state.
 */
@ConsumerType
@FunctionalInterface
public interface DeviceInterfaceListener {

    /**
     * @param arrival true for GUID_DEVICE_INTERFACE_ARRIVAL, false for GUID_DEVICE_INTERFACE_REMOVAL
     */
    void deviceInterfaceChange(boolean arrival, DeviceInterface deviceInterface);
}
