package ks.api.io;

import java.util.Map;
import java.util.UUID;

/**
 * A device interface (IoRegisterDeviceInterface): one interface class GUID exposed by a physical
 * device, with an optional reference string, reachable through its symbolic link. Opening
 * {@link #symbolicLink()} sends IRP_MJ_CREATE to the top of the device's stack with the reference
 * string as the file name, which is how a KS device tells its filter factories apart.
 *
 * <p>ks.core publishes each enabled interface as an OSGi service of this type with the
 * {@code SERVICE_*} properties, so a client can track, say,
 * {@code (ks.interface.class={65E8773D-8F56-11D0-A3B9-00A0C9223196})}; it is unregistered when the
 * interface is disabled.
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

    /** OSGi service property of a published interface: its class, as {@code {GUID}} in upper case. */
    public static final String SERVICE_CLASS = "ks.interface.class";
    /** OSGi service property: the symbolic link. */
    public static final String SERVICE_LINK = "ks.interface.link";
    /** OSGi service property: the reference string. */
    public static final String SERVICE_REFERENCE = "ks.interface.reference";
    /** OSGi service property: the friendly name. */
    public static final String SERVICE_FRIENDLY_NAME = "ks.interface.friendlyName";
    /** OSGi service property: the name of the physical device. */
    public static final String SERVICE_DEVICE = "ks.interface.device";

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
