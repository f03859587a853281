package ks.devices.usbvideo.internal.descriptor;

/**
 * A standard endpoint descriptor with what streaming needs from it.
 *
 * @param address bEndpointAddress (bit 7 = IN)
 * @param attributes bmAttributes (bits 1..0: 0 control, 1 isochronous, 2 bulk, 3 interrupt)
 * @param maxPacketSize wMaxPacketSize as on the wire (bits 12..11: extra high-bandwidth transactions)
 * @param interval bInterval
 * @param bytesPerInterval wBytesPerInterval of a SuperSpeed companion, or -1 when there is none
 */
public record Endpoint(int address, int attributes, int maxPacketSize, int interval, int bytesPerInterval) {

    public static final int TRANSFER_ISOCHRONOUS = 1;
    public static final int TRANSFER_BULK = 2;
    public static final int TRANSFER_INTERRUPT = 3;

    public int transferType() {
        return attributes & 3;
    }

    public boolean isIn() {
        return (address & 0x80) != 0;
    }

    /**
     * Bytes the endpoint moves per (micro)frame: the SuperSpeed companion's wBytesPerInterval,
     * else (wMaxPacketSize &amp; 0x7FF) × (extra transactions + 1).
     */
    public int bytesPerInterval() {
        if (bytesPerInterval >= 0) {
            return bytesPerInterval;
        }
        return (maxPacketSize & 0x7FF) * (((maxPacketSize >> 11) & 3) + 1);
    }

    Endpoint withCompanion(int wBytesPerInterval) {
        return new Endpoint(address, attributes, maxPacketSize, interval, wBytesPerInterval);
    }
}
