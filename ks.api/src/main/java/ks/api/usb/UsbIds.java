package ks.api.usb;

import java.util.List;
import java.util.Locale;

/**
 * The IDs a USB device is matched by, most specific first, with the match values of the OSGi USB
 * Information device category: {@code USB\VID_v&PID_p&REV_r} 50, {@code USB\VID_v&PID_p} 40 (the
 * hardware IDs), {@code USB\Class_c&SubClass_s&Prot_p} 30, {@code USB\Class_c&SubClass_s} 20,
 * {@code USB\Class_c} 10 (the compatible IDs). A driver lists the IDs it serves in the
 * {@code ks.driver.ids} service property; the device goes to the driver with the best match.
 */
public final class UsbIds {

    private UsbIds() {
    }

    public static final int MATCH_VID_PID_REV = 50;
    public static final int MATCH_VID_PID = 40;
    public static final int MATCH_CLASS_SUBCLASS_PROTOCOL = 30;
    public static final int MATCH_CLASS_SUBCLASS = 20;
    public static final int MATCH_CLASS = 10;

    /** {@code USB\VID_046D&PID_0825&REV_0010}, {@code USB\VID_046D&PID_0825}. */
    public static List<String> hardwareIds(int vendorId, int productId, int bcdDevice) {
        String vp = String.format(Locale.ROOT, "USB\\VID_%04X&PID_%04X", vendorId, productId);
        return List.of(vp + String.format(Locale.ROOT, "&REV_%04X", bcdDevice), vp);
    }

    /** {@code USB\Class_0E&SubClass_03&Prot_00}, {@code USB\Class_0E&SubClass_03}, {@code USB\Class_0E}. */
    public static List<String> compatibleIds(int deviceClass, int subClass, int protocol) {
        String c = String.format(Locale.ROOT, "USB\\Class_%02X", deviceClass);
        String cs = c + String.format(Locale.ROOT, "&SubClass_%02X", subClass);
        return List.of(cs + String.format(Locale.ROOT, "&Prot_%02X", protocol), cs, c);
    }

    /** The match value of a USB ID (50 … 10), or 0 for an ID of another form. */
    public static int matchValue(String id) {
        String u = id.toUpperCase(Locale.ROOT);
        if (!u.startsWith("USB\\")) {
            return 0;
        }
        if (u.contains("&REV_")) {
            return MATCH_VID_PID_REV;
        }
        if (u.contains("&PID_")) {
            return MATCH_VID_PID;
        }
        if (u.contains("&PROT_")) {
            return MATCH_CLASS_SUBCLASS_PROTOCOL;
        }
        if (u.contains("&SUBCLASS_")) {
            return MATCH_CLASS_SUBCLASS;
        }
        return u.startsWith("USB\\CLASS_") ? MATCH_CLASS : 0;
    }
}
