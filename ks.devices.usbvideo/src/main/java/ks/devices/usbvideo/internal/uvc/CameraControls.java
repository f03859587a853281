package ks.devices.usbvideo.internal.uvc;

import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.ks.KsVidcap.PROPSETID_VIDCAP_CAMERACONTROL;
import static ks.api.ks.KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ks.api.io.Irp;
import ks.api.io.NtStatus;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsPropertyValues;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsWire;
import ks.devices.usbvideo.internal.descriptor.Entity;
import ks.devices.usbvideo.internal.descriptor.VideoFunction;

/**
 * Camera-terminal and processing-unit controls as PROPSETID_VIDCAP_CAMERACONTROL and
 * PROPSETID_VIDCAP_VIDEOPROCAMP, mapped as ks-video §4.4 lays out. At START every control whose
 * bmControls bit is set is probed with GET_INFO, GET_MIN/MAX/RES/DEF; one that fails (many
 * cameras STALL controls they advertise, uvc.md §4.3) is left out with a warning. Ranges and
 * defaults become BASICSUPPORT / DEFAULTVALUES answers; GET reads GET_CUR live; the KS AUTO/MANUAL
 * flags drive the paired auto control (CT_AE_MODE for exposure and iris).
 *
 * <p>Conversions: exposure is log2 seconds in KS and 100 µs units in UVC
 * ({@code t = round(10000·2^n)}, {@code n = round(log2(t/10000))}, clamped to the device range);
 * pan and tilt are degrees in KS (also for PANTILT, as real usbvideo devices report, ks-video §4.5)
 * and arc-seconds in UVC; iris is f-stop×10 in KS and f-stop×100 in UVC. Relative controls,
 * WHITEBALANCE_COMPONENT, FOCAL_LENGTH and node-addressed (_NODE_S) requests are not offered.
 *
 * <p>MinProperty is a bare KSPROPERTY rather than the 40-byte structure, so a BASICSUPPORT or
 * DEFAULTVALUES query sent with just the KSPROPERTY is answered; MinData is the structure.
 */
final class CameraControls {

    private static final System.Logger LOG = System.getLogger(CameraControls.class.getName());

    /** How a KS value relates to the UVC one. */
    enum Conversion { NONE, EXPOSURE_LOG2, PAN, TILT, PANTILT, IRIS }

    /** What pairs an auto control with a value control. */
    enum Auto { NONE, BOOLEAN, AE_EXPOSURE, AE_IRIS }

    /**
     * One row of the mapping table.
     *
     * @param bit the control's bit in the entity's bmControls
     * @param size wLength of the UVC control
     */
    record Mapping(UUID set, int ksId, boolean cameraTerminal, int selector, int bit, int size, boolean signed, boolean settable,
            Auto auto, int autoSelector, int autoBit, Conversion conversion) {
    }

    private static Mapping pu(int ksId, int selector, int bit, int size, boolean signed) {
        return new Mapping(PROPSETID_VIDCAP_VIDEOPROCAMP, ksId, false, selector, bit, size, signed, true, Auto.NONE, 0, -1,
                Conversion.NONE);
    }

    private static Mapping puAuto(int ksId, int selector, int bit, int autoSelector, int autoBit) {
        return new Mapping(PROPSETID_VIDCAP_VIDEOPROCAMP, ksId, false, selector, bit, 2, ksId == KsVidcap.VIDEOPROCAMP_HUE, true,
                Auto.BOOLEAN, autoSelector, autoBit, Conversion.NONE);
    }

    private static Mapping ct(int ksId, int selector, int bit, int size, boolean signed, Conversion c) {
        return new Mapping(PROPSETID_VIDCAP_CAMERACONTROL, ksId, true, selector, bit, size, signed, true, Auto.NONE, 0, -1, c);
    }

    /** The table of ks-video §4.4 (absolute controls). */
    static final List<Mapping> MAPPINGS = List.of(
            pu(KsVidcap.VIDEOPROCAMP_BRIGHTNESS, Uvc.PU_BRIGHTNESS_CONTROL, 0, 2, true),
            puAuto(KsVidcap.VIDEOPROCAMP_CONTRAST, Uvc.PU_CONTRAST_CONTROL, 1, Uvc.PU_CONTRAST_AUTO_CONTROL, 18),
            puAuto(KsVidcap.VIDEOPROCAMP_HUE, Uvc.PU_HUE_CONTROL, 2, Uvc.PU_HUE_AUTO_CONTROL, 11),
            pu(KsVidcap.VIDEOPROCAMP_SATURATION, Uvc.PU_SATURATION_CONTROL, 3, 2, false),
            pu(KsVidcap.VIDEOPROCAMP_SHARPNESS, Uvc.PU_SHARPNESS_CONTROL, 4, 2, false),
            pu(KsVidcap.VIDEOPROCAMP_GAMMA, Uvc.PU_GAMMA_CONTROL, 5, 2, false),
            puAuto(KsVidcap.VIDEOPROCAMP_WHITEBALANCE, Uvc.PU_WHITE_BALANCE_TEMPERATURE_CONTROL, 6,
                    Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL, 12),
            pu(KsVidcap.VIDEOPROCAMP_BACKLIGHT_COMPENSATION, Uvc.PU_BACKLIGHT_COMPENSATION_CONTROL, 8, 2, false),
            pu(KsVidcap.VIDEOPROCAMP_GAIN, Uvc.PU_GAIN_CONTROL, 9, 2, false),
            pu(KsVidcap.VIDEOPROCAMP_POWERLINE_FREQUENCY, Uvc.PU_POWER_LINE_FREQUENCY_CONTROL, 10, 1, false),
            pu(KsVidcap.VIDEOPROCAMP_DIGITAL_MULTIPLIER, Uvc.PU_DIGITAL_MULTIPLIER_CONTROL, 14, 2, false),
            pu(KsVidcap.VIDEOPROCAMP_DIGITAL_MULTIPLIER_LIMIT, Uvc.PU_DIGITAL_MULTIPLIER_LIMIT_CONTROL, 15, 2, false),
            ct(KsVidcap.CAMERACONTROL_PAN, Uvc.CT_PANTILT_ABSOLUTE_CONTROL, 11, 8, true, Conversion.PAN),
            ct(KsVidcap.CAMERACONTROL_TILT, Uvc.CT_PANTILT_ABSOLUTE_CONTROL, 11, 8, true, Conversion.TILT),
            ct(KsVidcap.CAMERACONTROL_ROLL, Uvc.CT_ROLL_ABSOLUTE_CONTROL, 13, 2, true, Conversion.NONE),
            ct(KsVidcap.CAMERACONTROL_ZOOM, Uvc.CT_ZOOM_ABSOLUTE_CONTROL, 9, 2, false, Conversion.NONE),
            new Mapping(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE, true, Uvc.CT_EXPOSURE_TIME_ABSOLUTE_CONTROL, 3,
                    4, false, true, Auto.AE_EXPOSURE, Uvc.CT_AE_MODE_CONTROL, 1, Conversion.EXPOSURE_LOG2),
            new Mapping(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_IRIS, true, Uvc.CT_IRIS_ABSOLUTE_CONTROL, 7,
                    2, false, true, Auto.AE_IRIS, Uvc.CT_AE_MODE_CONTROL, 1, Conversion.IRIS),
            new Mapping(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_FOCUS, true, Uvc.CT_FOCUS_ABSOLUTE_CONTROL, 5,
                    2, false, true, Auto.BOOLEAN, Uvc.CT_FOCUS_AUTO_CONTROL, 17, Conversion.NONE),
            ct(KsVidcap.CAMERACONTROL_SCANMODE, Uvc.CT_SCANNING_MODE_CONTROL, 0, 1, false, Conversion.NONE),
            // GET only, as Windows 11 has it: an application may read the privacy shutter, not move it
            new Mapping(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PRIVACY, true, Uvc.CT_PRIVACY_CONTROL, 18, 1, false,
                    false, Auto.NONE, 0, -1, Conversion.NONE),
            ct(KsVidcap.CAMERACONTROL_PANTILT, Uvc.CT_PANTILT_ABSOLUTE_CONTROL, 11, 8, true, Conversion.PANTILT),
            ct(KsVidcap.CAMERACONTROL_AUTO_EXPOSURE_PRIORITY, Uvc.CT_AE_PRIORITY_CONTROL, 2, 1, false, Conversion.NONE));

    /** A control found on the device, with its range in KS units. */
    final class Control {
        final Mapping m;
        final int entity;
        final long rawMin;
        final long rawMax;
        final int min;
        final int max;
        final int step;
        final int def;
        final int autoModes;
        final int manualModes;
        final boolean hasAuto;

        Control(Mapping m, int entity, long rawMin, long rawMax, long rawRes, long rawDef, int aeModes, boolean hasAutoControl) {
            this.m = m;
            this.entity = entity;
            this.rawMin = rawMin;
            this.rawMax = rawMax;
            Conversion range = m.conversion == Conversion.TILT || m.conversion == Conversion.PANTILT ? Conversion.PAN : m.conversion;
            this.min = toKs(range, rawMin);
            this.max = toKs(range, rawMax);
            this.def = toKs(range, rawDef);
            this.step = m.conversion == Conversion.EXPOSURE_LOG2 ? 1 : Math.max(1, toKs(range, rawRes));
            int autos = m.auto == Auto.AE_EXPOSURE ? Uvc.AE_MODE_AUTO | Uvc.AE_MODE_APERTURE_PRIORITY
                    : m.auto == Auto.AE_IRIS ? Uvc.AE_MODE_AUTO | Uvc.AE_MODE_SHUTTER_PRIORITY : 0;
            this.autoModes = aeModes & autos;
            this.manualModes = aeModes & ~autos & 0x0F;
            this.hasAuto = m.auto == Auto.BOOLEAN ? hasAutoControl : autoModes != 0;
        }

        int capabilities() {
            return KsVidcap.FLAGS_MANUAL | (hasAuto ? KsVidcap.FLAGS_AUTO : 0);
        }

        KsPropertyItem item() {
            KsPropertyItem.Handler set = m.settable ? (irp, req, data) -> set(irp, data) : null;
            return new KsPropertyItem(m.ksId, (irp, req, data) -> get(irp, req, data), set, ks.api.ks.KsProperty.SIZEOF, KsVidcap.SIZEOF_S)
                    .withValues(KsPropertyValues.steppedLong(step, min, max, def));
        }

        private int get(Irp irp, ByteBuffer req, ByteBuffer data) {
            long[] cur = new long[1];
            int status = read(Uvc.GET_CUR, entity, m.selector, m.size, m.signed, cur);
            if (!NtStatus.NT_SUCCESS(status)) {
                return status;
            }
            int[] auto = new int[1];
            status = autoState(auto);
            if (!NtStatus.NT_SUCCESS(status)) {
                return status;
            }
            data.put(0, req, 0, ks.api.ks.KsProperty.SIZEOF); // the KSPROPERTY comes back as it went
            if (m.conversion == Conversion.PANTILT) {
                KsWire.putInt(data, KsVidcap.VALUE, toKs(Conversion.PAN, cur[0]));
                KsWire.putInt(data, KsVidcap.VALUE2, toKs(Conversion.TILT, cur[0]));
            } else {
                KsWire.putInt(data, KsVidcap.VALUE, toKs(m.conversion, cur[0]));
            }
            KsWire.putInt(data, KsVidcap.FLAGS, auto[0] != 0 ? KsVidcap.FLAGS_AUTO : KsVidcap.FLAGS_MANUAL);
            KsWire.putInt(data, KsVidcap.CAPABILITIES, capabilities());
            irp.ioStatus().information(KsVidcap.SIZEOF_S);
            return STATUS_SUCCESS;
        }

        private int set(Irp irp, ByteBuffer data) {
            int flags = KsWire.getInt(data, KsVidcap.FLAGS);
            if ((flags & KsVidcap.FLAGS_AUTO) != 0) {
                return hasAuto ? setAuto(true) : STATUS_INVALID_PARAMETER;
            }
            int value = KsWire.getInt(data, KsVidcap.VALUE);
            if (value < min || value > max || m.conversion == Conversion.PANTILT
                    && (KsWire.getInt(data, KsVidcap.VALUE2) < min || KsWire.getInt(data, KsVidcap.VALUE2) > max)) {
                return STATUS_INVALID_PARAMETER;
            }
            if (hasAuto) {
                int status = setAuto(false);
                if (!NtStatus.NT_SUCCESS(status)) {
                    return status;
                }
            }
            long raw;
            switch (m.conversion) {
                case PAN:
                case TILT: {
                    long[] cur = new long[1];
                    int status = read(Uvc.GET_CUR, entity, m.selector, 8, true, cur);
                    if (!NtStatus.NT_SUCCESS(status)) {
                        return status;
                    }
                    long arc = clamp((long) value * 3600);
                    raw = m.conversion == Conversion.PAN ? cur[0] & 0xFFFF_FFFF_0000_0000L | arc & 0xFFFF_FFFFL
                            : cur[0] & 0xFFFF_FFFFL | arc << 32;
                    break;
                }
                case PANTILT:
                    raw = clamp((long) value * 3600) & 0xFFFF_FFFFL | clamp((long) KsWire.getInt(data, KsVidcap.VALUE2) * 3600) << 32;
                    break;
                default:
                    raw = clamp(toUvc(m.conversion, value));
                    break;
            }
            return write(entity, m.selector, m.size, raw);
        }

        /** Pan and tilt limits are per half of the 8-byte control; the device reports them alike. */
        private long clamp(long raw) {
            long lo = m.size == 8 ? (int) rawMin : rawMin;
            long hi = m.size == 8 ? (int) rawMax : rawMax;
            return Math.max(lo, Math.min(hi, raw));
        }

        /** 1 in {@code out[0]} when the paired auto control is on. */
        private int autoState(int[] out) {
            out[0] = 0;
            if (!hasAuto) {
                return STATUS_SUCCESS;
            }
            long[] cur = new long[1];
            int status = read(Uvc.GET_CUR, entity, m.autoSelector, 1, false, cur);
            if (NtStatus.NT_SUCCESS(status)) {
                out[0] = m.auto == Auto.BOOLEAN ? (cur[0] != 0 ? 1 : 0) : ((cur[0] & autoModes) != 0 ? 1 : 0);
            }
            return status;
        }

        private int setAuto(boolean on) {
            int[] state = new int[1];
            int status = autoState(state);
            if (!NtStatus.NT_SUCCESS(status) || (state[0] != 0) == on) {
                return status;
            }
            long value;
            if (m.auto == Auto.BOOLEAN) {
                value = on ? 1 : 0;
            } else if (on) {
                value = Integer.lowestOneBit(autoModes);
            } else {
                value = manualModes != 0 ? Integer.lowestOneBit(manualModes) : Uvc.AE_MODE_MANUAL;
            }
            return write(entity, m.autoSelector, 1, value);
        }
    }

    private final UsbLink link;
    private final int iface;
    private final List<Control> controls = new ArrayList<>();
    private final java.util.Map<Integer, long[]> probed = new java.util.HashMap<>();

    private CameraControls(UsbLink link, int iface) {
        this.link = link;
        this.iface = iface;
    }

    /** Probes the function's camera terminal and processing unit. */
    static CameraControls probe(UsbLink link, VideoFunction function) {
        CameraControls c = new CameraControls(link, function.controlInterface());
        Entity camera = null;
        Entity processing = null;
        for (Entity e : function.entities()) {
            if (camera == null && e.isCameraTerminal()) {
                camera = e;
            } else if (processing == null && e.subtype() == Entity.VC_PROCESSING_UNIT) {
                processing = e;
            }
        }
        int aeModes = -1;
        for (Mapping m : MAPPINGS) {
            Entity e = m.cameraTerminal ? camera : processing;
            if (e == null || !e.hasControl(m.bit)) {
                continue;
            }
            if (m.auto == Auto.AE_EXPOSURE || m.auto == Auto.AE_IRIS) {
                if (aeModes < 0) {
                    aeModes = c.aeModes(e);
                }
            }
            Control found = c.probe(m, e, Math.max(0, aeModes));
            if (found != null) {
                c.controls.add(found);
            }
        }
        return c;
    }

    /** GET_RES of CT_AE_MODE: the bitmap of supported modes (0 when the control is absent or fails). */
    private int aeModes(Entity camera) {
        if (!camera.hasControl(1)) {
            return 0;
        }
        long[] res = new long[1];
        return NtStatus.NT_SUCCESS(read(Uvc.GET_RES, camera.id(), Uvc.CT_AE_MODE_CONTROL, 1, false, res)) ? (int) res[0] : 0;
    }

    /** GET_INFO, MIN, MAX, RES, DEF of a control, read once (PAN, TILT and PANTILT share one), or null if it does not answer. */
    private long[] answers(Mapping m, int entity) {
        return probed.computeIfAbsent(entity << 8 | m.selector, k -> {
            long[] v = new long[1];
            long[] out = new long[5];
            int[] requests = { Uvc.GET_INFO, Uvc.GET_MIN, Uvc.GET_MAX, Uvc.GET_RES, Uvc.GET_DEF };
            for (int i = 0; i < requests.length; i++) {
                int size = i == 0 ? 1 : m.size;
                if (!NtStatus.NT_SUCCESS(read(requests[i], entity, m.selector, size, i > 0 && m.signed, v))
                        || i == 0 && (v[0] & Uvc.INFO_GET) == 0) {
                    return null;
                }
                out[i] = v[0];
            }
            return out;
        });
    }

    private Control probe(Mapping m, Entity e, int aeModes) {
        int id = e.id();
        boolean wide = m.size == 8;
        long[] a = answers(m, id);
        if (a == null) {
            LOG.log(System.Logger.Level.WARNING, String.format("control %s of entity %d does not answer (USBD status %s); not offered",
                    KsVidcap.name(m.set, m.ksId), id, ks.api.usb.Usb.usbdStatusName(link.lastUsbdStatus())));
            return null;
        }
        long min = a[1];
        long max = a[2];
        long res = a[3];
        long def = a[4];
        if (wide) {
            // the signed pan half (PAN, PANTILT) or tilt half (TILT) of the 8-byte control
            int shift = m.conversion == Conversion.TILT ? 32 : 0;
            min = (int) (min >> shift);
            max = (int) (max >> shift);
            res = (int) (res >> shift);
            def = (int) (def >> shift);
        }
        if (min > max) {
            LOG.log(System.Logger.Level.WARNING, String.format("control %s of entity %d reports MIN %d > MAX %d; not offered",
                    KsVidcap.name(m.set, m.ksId), id, min, max));
            return null;
        }
        boolean hasAutoControl = m.auto == Auto.BOOLEAN && e.hasControl(m.autoBit);
        return new Control(m, id, min, max, res, def, aeModes, hasAutoControl);
    }

    /** The property sets to put on the filter (only sets with at least one control). */
    List<KsPropertySet> propertySets() {
        List<KsPropertySet> sets = new ArrayList<>(2);
        for (UUID set : List.of(PROPSETID_VIDCAP_VIDEOPROCAMP, PROPSETID_VIDCAP_CAMERACONTROL)) {
            List<KsPropertyItem> items = new ArrayList<>();
            for (Control c : controls) {
                if (c.m.set.equals(set)) {
                    items.add(c.item());
                }
            }
            if (!items.isEmpty()) {
                sets.add(new KsPropertySet(set, items));
            }
        }
        return sets;
    }

    List<Control> controls() {
        return controls;
    }

    // ------------------------------------------------------------------ conversions

    /** A UVC value in KS units; for PAN/TILT/PANTILT {@code raw} is the whole 8-byte control (or one half of it). */
    static int toKs(Conversion c, long raw) {
        switch (c) {
            case EXPOSURE_LOG2:
                return (int) Math.round(Math.log(Math.max(1, raw) / 10000.0) / Math.log(2));
            case PAN:
            case PANTILT:
                return (int) Math.round((int) raw / 3600.0);
            case TILT:
                return (int) Math.round((int) (raw >> 32) / 3600.0);
            case IRIS:
                return (int) Math.round(raw / 10.0);
            default:
                return (int) raw;
        }
    }

    static long toUvc(Conversion c, int value) {
        switch (c) {
            case EXPOSURE_LOG2:
                return Math.round(10000 * Math.pow(2, value));
            case IRIS:
                return value * 10L;
            default:
                return value;
        }
    }

    // ------------------------------------------------------------------ requests

    private int read(int request, int entity, int selector, int size, boolean signed, long[] out) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int n = link.classGet(request, selector, entity, iface, b, size);
        if (n < 0) {
            return n;
        }
        int expected = request == Uvc.GET_INFO ? 1 : size;
        if (n < expected) {
            return NtStatus.STATUS_DEVICE_DATA_ERROR;
        }
        switch (expected) {
            case 1: out[0] = signed ? b.get(0) : b.get(0) & 0xFF; break;
            case 2: out[0] = signed ? b.getShort(0) : b.getShort(0) & 0xFFFF; break;
            case 4: out[0] = signed ? b.getInt(0) : b.getInt(0) & 0xFFFF_FFFFL; break;
            default: out[0] = b.getLong(0); break;
        }
        return STATUS_SUCCESS;
    }

    private int write(int entity, int selector, int size, long value) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        switch (size) {
            case 1: b.put(0, (byte) value); break;
            case 2: b.putShort(0, (short) value); break;
            case 4: b.putInt(0, (int) value); break;
            default: b.putLong(0, value); break;
        }
        int n = link.classSet(selector, entity, iface, b, size);
        return n < 0 ? n : STATUS_SUCCESS;
    }
}
