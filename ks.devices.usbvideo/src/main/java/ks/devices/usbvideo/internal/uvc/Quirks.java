package ks.devices.usbvideo.internal.uvc;

import java.util.Map;

/**
 * Device quirks, keyed by VID:PID and named by symptom (uvc.md §3.4; the Linux uvcvideo table is
 * the source of the device list). Each entry names the device and what it does wrong.
 */
public record Quirks(int bits) {

    /** GET_MIN/GET_MAX on the probe control STALL: negotiate with SET_CUR/GET_CUR only. */
    public static final int PROBE_MINMAX_STALLS = 0x002;
    /** FID never toggles: a frame ends at EOF only. */
    public static final int FID_NEVER_TOGGLES = 0x010;
    /** Only the default frame interval works: always ask for it. */
    public static final int ONLY_DEFAULT_FRAME_RATE = 0x200;
    /** The probe answer carries bFormatIndex in the high byte of bmHint. */
    public static final int FORMAT_INDEX_IN_HINT = 0x10000;

    public static final Quirks NONE = new Quirks(0);

    private static final Map<Integer, Integer> TABLE = Map.of(
            // Genius eFace 2025 (0458:706e): GET_MIN/GET_MAX(PROBE) stall (Linux uvcvideo device table)
            key(0x0458, 0x706e), PROBE_MINMAX_STALLS,
            // Microsoft LifeCam NX-6000 (045e:00f8): GET_MIN/GET_MAX(PROBE) stall (Linux uvcvideo device table)
            key(0x045e, 0x00f8), PROBE_MINMAX_STALLS,
            // Microsoft LifeCam VX-7000 (045e:0723): GET_MIN/GET_MAX(PROBE) stall (Linux uvcvideo device table)
            key(0x045e, 0x0723), PROBE_MINMAX_STALLS,
            // Syntek (174f:5212): the FID bit never toggles (Linux uvcvideo device table)
            key(0x174f, 0x5212), FID_NEVER_TOGGLES,
            // Kurokesu C1 PRO (16d0:0ed1): streams only at the default frame rate (Linux uvcvideo device table)
            key(0x16d0, 0x0ed1), ONLY_DEFAULT_FRAME_RATE,
            // Elgato Cam Link 4K (0fd9:0066): bFormatIndex comes back in bmHint's high byte (uvc.md §2.3)
            key(0x0fd9, 0x0066), FORMAT_INDEX_IN_HINT);

    private static int key(int vid, int pid) {
        return vid << 16 | pid;
    }

    public static Quirks of(int vendorId, int productId) {
        Integer q = TABLE.get(key(vendorId, productId));
        return q == null ? NONE : new Quirks(q);
    }

    public boolean has(int quirk) {
        return (bits & quirk) != 0;
    }
}
