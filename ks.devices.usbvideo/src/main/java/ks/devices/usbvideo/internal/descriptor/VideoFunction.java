package ks.devices.usbvideo.internal.descriptor;

import java.util.List;

/**
 * One video function: a VideoControl interface, its entities and the VideoStreaming interfaces
 * it owns (a device may have several, uvc.md §1.10 item 8).
 *
 * @param bcdUVC 0x0100, 0x0110, 0x0150: drives the probe length and the processing-unit layout
 * @param clockFrequency dwClockFrequency in Hz
 * @param streamingInterfaceNumbers baInterfaceNr of the header (may name interfaces that do not exist)
 * @param statusEndpoint the interrupt endpoint, or null
 */
public record VideoFunction(int controlInterface, int protocol, int bcdUVC, long clockFrequency, List<Integer> streamingInterfaceNumbers,
        List<Entity> entities, List<StreamingInterface> streams, Endpoint statusEndpoint) {

    public VideoFunction {
        streamingInterfaceNumbers = List.copyOf(streamingInterfaceNumbers);
        entities = List.copyOf(entities);
        streams = List.copyOf(streams);
    }

    /** "1.00", "1.10", "1.50". */
    public String uvcVersion() {
        return String.format(java.util.Locale.ROOT, "%x.%02x", bcdUVC >> 8, bcdUVC & 0xFF);
    }

    /** The entity with this id, or null. */
    public Entity entity(int id) {
        for (Entity e : entities) {
            if (e.id() == id) {
                return e;
            }
        }
        return null;
    }
}
