package ks.devices.usbvideo.internal.descriptor;

/**
 * The 18-byte USB device descriptor (USB 2.0 §9.6.1): the fields drivers and tools need.
 */
public record DeviceDescriptor(int vendorId, int productId, int bcdDevice, int deviceClass, int deviceSubClass, int deviceProtocol,
        int productStringIndex) {

    public static final int LENGTH = 18;

    /** Whether {@code b} starts with a device descriptor (bLength 18, bDescriptorType 1). */
    public static boolean startsWith(byte[] b) {
        return b.length >= LENGTH && b[0] == LENGTH && b[1] == 1;
    }

    /** Reads the first 18 bytes of {@code b}; null when there are fewer. */
    public static DeviceDescriptor parse(byte[] b) {
        if (b.length < LENGTH) {
            return null;
        }
        return new DeviceDescriptor(u16(b, 8), u16(b, 10), u16(b, 12), b[4] & 0xFF, b[5] & 0xFF, b[6] & 0xFF, b[15] & 0xFF);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }
}
