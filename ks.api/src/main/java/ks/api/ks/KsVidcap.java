package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * PROPSETID_VIDCAP_VIDEOPROCAMP and PROPSETID_VIDCAP_CAMERACONTROL (ks-video §4): the property ids,
 * the AUTO/MANUAL flags, and the 40-byte KSPROPERTY_VIDEOPROCAMP_S / KSPROPERTY_CAMERACONTROL_S
 * (Value @24, Flags @28, Capabilities @32) and _S2 (Value1 @24, Value2 @36) structures, which
 * are both the request and the value of a GET or SET.
 */
public final class KsVidcap {

    public static final UUID PROPSETID_VIDCAP_VIDEOPROCAMP = UUID.fromString("C6E13360-30AC-11D0-A18C-00A0C9118956");
    public static final UUID PROPSETID_VIDCAP_CAMERACONTROL = UUID.fromString("C6E13370-30AC-11D0-A18C-00A0C9118956");

    /** sizeof(KSPROPERTY_VIDEOPROCAMP_S) = sizeof(KSPROPERTY_CAMERACONTROL_S) = sizeof(the _S2 forms). */
    public static final int SIZEOF_S = 40;
    public static final int VALUE = 24;
    public static final int FLAGS = 28;
    public static final int CAPABILITIES = 32;
    public static final int VALUE2 = 36;

    public static final int FLAGS_AUTO = 0x0001;
    public static final int FLAGS_MANUAL = 0x0002;

    // KSPROPERTY_VIDCAP_VIDEOPROCAMP
    public static final int VIDEOPROCAMP_BRIGHTNESS = 0;
    public static final int VIDEOPROCAMP_CONTRAST = 1;
    public static final int VIDEOPROCAMP_HUE = 2;
    public static final int VIDEOPROCAMP_SATURATION = 3;
    public static final int VIDEOPROCAMP_SHARPNESS = 4;
    public static final int VIDEOPROCAMP_GAMMA = 5;
    public static final int VIDEOPROCAMP_COLORENABLE = 6;
    public static final int VIDEOPROCAMP_WHITEBALANCE = 7;
    public static final int VIDEOPROCAMP_BACKLIGHT_COMPENSATION = 8;
    public static final int VIDEOPROCAMP_GAIN = 9;
    public static final int VIDEOPROCAMP_DIGITAL_MULTIPLIER = 10;
    public static final int VIDEOPROCAMP_DIGITAL_MULTIPLIER_LIMIT = 11;
    public static final int VIDEOPROCAMP_WHITEBALANCE_COMPONENT = 12;
    public static final int VIDEOPROCAMP_POWERLINE_FREQUENCY = 13;

    // KSPROPERTY_VIDCAP_CAMERACONTROL
    public static final int CAMERACONTROL_PAN = 0;
    public static final int CAMERACONTROL_TILT = 1;
    public static final int CAMERACONTROL_ROLL = 2;
    public static final int CAMERACONTROL_ZOOM = 3;
    public static final int CAMERACONTROL_EXPOSURE = 4;
    public static final int CAMERACONTROL_IRIS = 5;
    public static final int CAMERACONTROL_FOCUS = 6;
    public static final int CAMERACONTROL_SCANMODE = 7;
    public static final int CAMERACONTROL_PRIVACY = 8;
    public static final int CAMERACONTROL_PANTILT = 9;
    public static final int CAMERACONTROL_AUTO_EXPOSURE_PRIORITY = 19;

    private static final String[] PROCAMP_NAMES = {"Brightness", "Contrast", "Hue", "Saturation", "Sharpness", "Gamma",
        "ColorEnable", "WhiteBalance", "BacklightCompensation", "Gain", "DigitalMultiplier", "DigitalMultiplierLimit",
        "WhiteBalanceComponent", "PowerlineFrequency"};
    private static final String[] CAMERA_NAMES = {"Pan", "Tilt", "Roll", "Zoom", "Exposure", "Iris", "Focus", "ScanMode",
        "Privacy", "PanTilt", "PanRelative", "TiltRelative", "RollRelative", "ZoomRelative", "ExposureRelative",
        "IrisRelative", "FocusRelative", "PanTiltRelative", "FocalLength", "AutoExposurePriority"};

    private KsVidcap() {
    }

    /** A GET request (also the value buffer's shape): the struct with KSPROPERTY_TYPE_GET. */
    public static ByteBuffer get(UUID set, int id) {
        return struct(set, id, KsProperty.KSPROPERTY_TYPE_GET, 0, 0, 0);
    }

    /**
     * The whole KSPROPERTY_VIDEOPROCAMP_S / KSPROPERTY_CAMERACONTROL_S with {@code type}
     * (KSPROPERTY_TYPE_BASICSUPPORT, DEFAULTVALUES, ...) and no value, as Windows clients send
     * every request of these sets: a driver declaring MinProperty 40 accepts it.
     */
    public static ByteBuffer request(UUID set, int id, int type) {
        return struct(set, id, type, 0, 0, 0);
    }

    /** A SET of {@code value} with {@code flags} (FLAGS_AUTO or FLAGS_MANUAL). */
    public static ByteBuffer set(UUID set, int id, int value, int flags) {
        return struct(set, id, KsProperty.KSPROPERTY_TYPE_SET, value, flags, 0);
    }

    /** A SET of a two-value (_S2) property such as PANTILT. */
    public static ByteBuffer set2(UUID set, int id, int value1, int value2, int flags) {
        return struct(set, id, KsProperty.KSPROPERTY_TYPE_SET, value1, flags, value2);
    }

    private static ByteBuffer struct(UUID set, int id, int type, int value, int flags, int value2) {
        ByteBuffer b = KsDataFormat.allocate(SIZEOF_S);
        KsWire.putGuid(b, 0, set);
        KsWire.putInt(b, 16, id);
        KsWire.putInt(b, 20, type);
        KsWire.putInt(b, VALUE, value);
        KsWire.putInt(b, FLAGS, flags);
        KsWire.putInt(b, VALUE2, value2);
        return b;
    }

    /** "Brightness", "Exposure", ... or "Id N" for an id this class does not name. */
    public static String name(UUID set, int id) {
        String[] names = PROPSETID_VIDCAP_VIDEOPROCAMP.equals(set) ? PROCAMP_NAMES
                : PROPSETID_VIDCAP_CAMERACONTROL.equals(set) ? CAMERA_NAMES : new String[0];
        return id >= 0 && id < names.length ? names[id] : "Id " + id;
    }
}
