package ks.devices.usbvideo.internal.descriptor;

import java.util.List;

/**
 * A VideoStreaming interface: its input (or output) header, formats, and alternate settings with
 * their endpoints (uvc.md §1.5, §1.8).
 *
 * @param endpointAddress bEndpointAddress of the video data endpoint from the header
 * @param terminalLink bTerminalLink
 * @param stillCaptureMethod bStillCaptureMethod
 */
public record StreamingInterface(int interfaceNumber, int protocol, boolean output, int endpointAddress, int terminalLink,
        int stillCaptureMethod, List<Format> formats, List<AltSetting> altSettings) {

    /** One alternate setting and its endpoints. */
    public record AltSetting(int alternateSetting, List<Endpoint> endpoints) {
        public AltSetting {
            endpoints = List.copyOf(endpoints);
        }
    }

    public StreamingInterface {
        formats = List.copyOf(formats);
        altSettings = List.copyOf(altSettings);
    }

    /** Isochronous when there is more than one alternate setting (the libuvc and Linux rule). */
    public boolean isochronous() {
        return altSettings.size() > 1;
    }

    /** The data endpoint of an alternate setting (the header's address, else the first), or null. */
    public Endpoint dataEndpoint(AltSetting alt) {
        for (Endpoint e : alt.endpoints()) {
            if (e.address() == endpointAddress) {
                return e;
            }
        }
        return alt.endpoints().isEmpty() ? null : alt.endpoints().get(0);
    }
}
