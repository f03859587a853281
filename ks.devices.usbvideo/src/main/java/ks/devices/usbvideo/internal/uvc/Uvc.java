package ks.devices.usbvideo.internal.uvc;

/** UVC constants (UVC 1.5 appendix A), spelled as in the specification. */
public final class Uvc {

    private Uvc() {
    }

    // class-specific requests (A.8)
    public static final int SET_CUR = 0x01;
    public static final int GET_CUR = 0x81;
    public static final int GET_MIN = 0x82;
    public static final int GET_MAX = 0x83;
    public static final int GET_RES = 0x84;
    public static final int GET_LEN = 0x85;
    public static final int GET_INFO = 0x86;
    public static final int GET_DEF = 0x87;

    // bmRequestType of class requests to an interface or entity
    public static final int REQ_GET = 0xA1;
    public static final int REQ_SET = 0x21;

    // VS interface control selectors (A.9.8)
    public static final int VS_PROBE_CONTROL = 0x01;
    public static final int VS_COMMIT_CONTROL = 0x02;
    public static final int VS_STREAM_ERROR_CODE_CONTROL = 0x06;

    // VC interface control selectors (A.9.1)
    public static final int VC_REQUEST_ERROR_CODE_CONTROL = 0x02;

    // camera terminal control selectors (A.9.4)
    public static final int CT_SCANNING_MODE_CONTROL = 0x01;
    public static final int CT_AE_MODE_CONTROL = 0x02;
    public static final int CT_AE_PRIORITY_CONTROL = 0x03;
    public static final int CT_EXPOSURE_TIME_ABSOLUTE_CONTROL = 0x04;
    public static final int CT_FOCUS_ABSOLUTE_CONTROL = 0x06;
    public static final int CT_FOCUS_AUTO_CONTROL = 0x08;
    public static final int CT_IRIS_ABSOLUTE_CONTROL = 0x09;
    public static final int CT_ZOOM_ABSOLUTE_CONTROL = 0x0B;
    public static final int CT_PANTILT_ABSOLUTE_CONTROL = 0x0D;
    public static final int CT_ROLL_ABSOLUTE_CONTROL = 0x0F;
    public static final int CT_PRIVACY_CONTROL = 0x11;

    // processing unit control selectors (A.9.5)
    public static final int PU_BACKLIGHT_COMPENSATION_CONTROL = 0x01;
    public static final int PU_BRIGHTNESS_CONTROL = 0x02;
    public static final int PU_CONTRAST_CONTROL = 0x03;
    public static final int PU_GAIN_CONTROL = 0x04;
    public static final int PU_POWER_LINE_FREQUENCY_CONTROL = 0x05;
    public static final int PU_HUE_CONTROL = 0x06;
    public static final int PU_SATURATION_CONTROL = 0x07;
    public static final int PU_SHARPNESS_CONTROL = 0x08;
    public static final int PU_GAMMA_CONTROL = 0x09;
    public static final int PU_WHITE_BALANCE_TEMPERATURE_CONTROL = 0x0A;
    public static final int PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL = 0x0B;
    public static final int PU_DIGITAL_MULTIPLIER_CONTROL = 0x0E;
    public static final int PU_DIGITAL_MULTIPLIER_LIMIT_CONTROL = 0x0F;
    public static final int PU_HUE_AUTO_CONTROL = 0x10;
    public static final int PU_CONTRAST_AUTO_CONTROL = 0x13;

    // CT_AE_MODE_CONTROL values (a bitmap in GET_RES)
    public static final int AE_MODE_MANUAL = 0x01;
    public static final int AE_MODE_AUTO = 0x02;
    public static final int AE_MODE_SHUTTER_PRIORITY = 0x04;
    public static final int AE_MODE_APERTURE_PRIORITY = 0x08;

    // GET_INFO bits
    public static final int INFO_GET = 0x01;
    public static final int INFO_SET = 0x02;
    public static final int INFO_AUTO_DISABLED = 0x04;

    // payload header bmHeaderInfo (2.4.3.3)
    public static final int UVC_STREAM_FID = 0x01;
    public static final int UVC_STREAM_EOF = 0x02;
    public static final int UVC_STREAM_PTS = 0x04;
    public static final int UVC_STREAM_SCR = 0x08;
    public static final int UVC_STREAM_EOS = 0x10;
    public static final int UVC_STREAM_STI = 0x20;
    public static final int UVC_STREAM_ERR = 0x40;
    public static final int UVC_STREAM_EOH = 0x80;

    // interface class codes
    public static final int CC_VIDEO = 0x0E;
    public static final int SC_VIDEOCONTROL = 0x01;
    public static final int SC_VIDEOSTREAMING = 0x02;
    public static final int SC_VIDEO_INTERFACE_COLLECTION = 0x03;

    /** The probe/commit block size for a bcdUVC: 26 (1.0), 34 (1.1), 48 (1.5). */
    public static int probeLength(int bcdUVC) {
        return bcdUVC < 0x0110 ? 26 : bcdUVC < 0x0150 ? 34 : 48;
    }
}
