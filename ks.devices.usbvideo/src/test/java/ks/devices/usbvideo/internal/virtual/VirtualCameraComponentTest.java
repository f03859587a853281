package ks.devices.usbvideo.internal.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the camera's configuration values are read: lists as .cfg files give them, USB IDs in hex. */
class VirtualCameraComponentTest {

    @Test
    void aListPropertyTakesCommaSeparatedItemsInAnyOfItsValues() {
        assertEquals(List.of("YUY2", "MJPG"), VirtualCameraComponent.items(new String[] {"YUY2, MJPG"}));
        assertEquals(List.of("320x240", "640x480", "1280x720"), VirtualCameraComponent.items(new String[] {"320x240,640x480", " 1280x720 "}));
        assertEquals(List.of("30"), VirtualCameraComponent.items(new String[] {"30,", " , "}));
        assertEquals(List.of(), VirtualCameraComponent.items(null));
    }

    @Test
    void usbIdsAreDecimalOrHexStringsOrNumbersWithinSixteenBits() {
        assertEquals(0x046D, VirtualCameraComponent.usbId(Map.of("vendorId", "0x046d"), "vendorId", () -> -1));
        assertEquals(0x082D, VirtualCameraComponent.usbId(Map.of("productId", " 0X082D "), "productId", () -> -1));
        assertEquals(4617, VirtualCameraComponent.usbId(Map.of("vendorId", "4617"), "vendorId", () -> -1));
        assertEquals(7, VirtualCameraComponent.usbId(Map.of("vendorId", 7), "vendorId", () -> -1));
        assertEquals(0x1209, VirtualCameraComponent.usbId(Map.of(), "vendorId", () -> 0x1209), "absent: the attribute's default");
        for (Object bad : new Object[] {"xyz", "70000", "-1", 0x10000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VirtualCameraComponent.usbId(Map.of("productId", bad), "productId", () -> 0));
            assertTrue(e.getMessage().startsWith("productId '" + bad + "': use a number from 0 to 0xFFFF"), e.getMessage());
        }
    }
}
