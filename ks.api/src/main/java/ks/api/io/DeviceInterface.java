package ks.api.io;

import java.util.Map;
import java.util.UUID;

/**
 * A device interface (IoRegisterDeviceInterface): one interface class GUID exposed by a physical
 * device, with an optional reference string, reachable through its symbolic link. Opening
 * {@link #symbolicLink()} sends IRP_MJ_CREATE to the top of the device's stack with the reference
 * string as the file name, which is how a KS device tells its filter factories apart.
 *
 * <p>The same device and reference string registered under several classes are aliases of one
 * another ({@link IoManager#deviceInterfaceAlias}); a camera shows up under KSCATEGORY_VIDEO,
 * KSCATEGORY_CAPTURE and KSCATEGORY_VIDEO_CAMERA this way.
 *
 * @param interfaceClass the interface class, e.g. KSCATEGORY_CAPTURE
 * @param symbolicLink {@code \??\<device path>#{class}} followed by {@code \<reference>} when there is one
 * @param referenceString null or empty for none
 * @param physicalDevice the device object registered (the PDO)
 * @param properties values such as {@value #FRIENDLY_NAME}, fixed at registration
 */
public record DeviceInterface(UUID interfaceClass, String symbolicLink, String referenceString, DeviceObject physicalDevice,
        Map<String, String> properties) {

    /** Property: the name shown to users. */
    public static final String FRIENDLY_NAME = "FriendlyName";

    public DeviceInterface {
        properties = Map.copyOf(properties);
    }

    /** The friendly name, or the symbolic link when none was given. */
    public String friendlyName() {
        return properties.getOrDefault(FRIENDLY_NAME, symbolicLink);
    }
}
