package ks.gst.types;

/**
 * One KS device as the ks device provider shows it to GstDeviceMonitor.
 *
 * @param displayName the device's friendly name
 * @param deviceClass {@code Video/Source} for a capture device, {@code Video/Sink} for a render device
 * @param caps the caps of its pin's data ranges, as text GStreamer parses
 * @param symbolicLink the interface's symbolic link: the {@code device} of the element the device creates
 */
public record KsDeviceInfo(String displayName, String deviceClass, String caps, String symbolicLink) {

    public static final String SOURCE = "Video/Source";
    public static final String SINK = "Video/Sink";

    /** The element factory a device of this class creates: kssrc or kssink. */
    public String factory() {
        return deviceClass.equals(SINK) ? KsElementTypes.SINK : KsElementTypes.SOURCE;
    }
}
