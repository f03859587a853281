package ks.gst;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsProperty;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsWire;

/**
 * Camera controls of a capture filter: the single-value properties of PROPSETID_VIDCAP_VIDEOPROCAMP
 * and PROPSETID_VIDCAP_CAMERACONTROL (Brightness, WhiteBalance, Exposure, Focus, Zoom, ...) as a
 * device reports them, and settings written as {@code Brightness=20,WhiteBalance=auto}: the syntax
 * of kssrc's {@code controls} property and of {@code ./ks capture --control}.
 *
 * <p>Names are those of {@link KsVidcap#name}, matched in any case and with {@code _}, {@code -}
 * and spaces ignored ({@code white_balance} is WhiteBalance). A value is a whole number (a manual
 * value, which turns the control's automatic mode off, as on the device) or {@code auto}. The
 * two-value PanTilt and the relative controls are not settings: set Pan and Tilt.
 */
public final class KsControls {

    /** Property ids probed in each set (CameraControl names 20). */
    private static final int IDS = 20;
    private static final UUID[] SETS = {KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.PROPSETID_VIDCAP_CAMERACONTROL};
    /** KSPROPERTY_DESCRIPTION + KSPROPERTY_MEMBERSHEADER + one KSPROPERTY_STEPPING_LONG: what BASICSUPPORT answers. */
    private static final int BASIC_SUPPORT = 72;
    /** KSPROPERTY_DESCRIPTION + KSPROPERTY_MEMBERSHEADER + the default LONG: what DEFAULTVALUES answers. */
    private static final int DEFAULT_VALUES = 60;

    private KsControls() {
    }

    /**
     * A control as the device reports it.
     *
     * @param auto whether its automatic mode is on
     * @param autoAvailable whether it has an automatic mode
     * @param range whether {@code min}, {@code max} and {@code step} are known (BASICSUPPORT answered)
     * @param hasDefault whether {@code defaultValue} is known (DEFAULTVALUES answered)
     */
    public record Control(UUID set, int id, String name, int value, boolean auto, boolean autoAvailable, boolean range, int min,
            int max, int step, boolean hasDefault, int defaultValue) {
    }

    /** One control to set: {@code auto}, or the manual {@code value}. */
    public record Setting(UUID set, int id, boolean auto, int value) {

        public String name() {
            return KsVidcap.name(set, id);
        }

        @Override
        public String toString() {
            return name() + "=" + (auto ? "auto" : Integer.toString(value));
        }
    }

    /**
     * Parses {@code NAME=VALUE[,NAME=VALUE...]}; an empty text is no setting.
     *
     * @throws IllegalArgumentException naming the item that is not a setting, and the names there are
     */
    public static List<Setting> parse(String text) {
        List<Setting> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0 || eq == t.length() - 1) {
                throw new IllegalArgumentException("'" + t + "' is no control setting: write NAME=VALUE or NAME=auto, e.g. Brightness=20");
            }
            String name = t.substring(0, eq).trim();
            String value = t.substring(eq + 1).trim();
            Setting s = find(name, value);
            if (s == null) {
                throw new IllegalArgumentException("no camera control '" + name + "' (controls: " + String.join(", ", names()) + ")");
            }
            out.add(s);
        }
        return out;
    }

    private static Setting find(String name, String value) {
        String wanted = plain(name);
        for (UUID set : SETS) {
            for (int id = 0; id < IDS; id++) {
                String known = KsVidcap.name(set, id);
                if (settable(known) && plain(known).equals(wanted)) {
                    if (value.equalsIgnoreCase("auto")) {
                        return new Setting(set, id, true, 0);
                    }
                    try {
                        return new Setting(set, id, false, Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(known + " takes a whole number or auto, not '" + value + "'");
                    }
                }
            }
        }
        return null;
    }

    /** The names a setting can use. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (UUID set : SETS) {
            for (int id = 0; id < IDS; id++) {
                String n = KsVidcap.name(set, id);
                if (settable(n)) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static boolean settable(String name) {
        return !name.startsWith("Id ") && !name.startsWith("PanTilt") && !name.endsWith("Relative");
    }

    private static String plain(String name) {
        return name.replaceAll("[_\\-\\s]", "").toLowerCase(Locale.ROOT);
    }

    /** The controls {@code filter} answers a GET for, VideoProcAmp first, each with its range and default where the device tells them. */
    public static List<Control> read(KsClient client, FileObject filter) {
        List<Control> controls = new ArrayList<>();
        IoStatusBlock iosb = new IoStatusBlock();
        for (UUID set : SETS) {
            for (int id = 0; id < IDS; id++) {
                ByteBuffer value = KsVidcap.get(set, id);
                if (client.property(filter, KsVidcap.get(set, id), value, iosb) != NtStatus.STATUS_SUCCESS) {
                    continue;
                }
                ByteBuffer support = KsDataFormat.allocate(BASIC_SUPPORT);
                boolean range = client.property(filter, KsVidcap.request(set, id, KsProperty.KSPROPERTY_TYPE_BASICSUPPORT), support,
                        iosb) == NtStatus.STATUS_SUCCESS && iosb.information() >= BASIC_SUPPORT;
                ByteBuffer def = KsDataFormat.allocate(DEFAULT_VALUES);
                boolean hasDefault = client.property(filter, KsVidcap.request(set, id, KsProperty.KSPROPERTY_TYPE_DEFAULTVALUES), def,
                        iosb) == NtStatus.STATUS_SUCCESS && iosb.information() >= DEFAULT_VALUES;
                controls.add(new Control(set, id, KsVidcap.name(set, id), KsWire.getInt(value, KsVidcap.VALUE),
                        (KsWire.getInt(value, KsVidcap.FLAGS) & KsVidcap.FLAGS_AUTO) != 0,
                        (KsWire.getInt(value, KsVidcap.CAPABILITIES) & KsVidcap.FLAGS_AUTO) != 0,
                        range, range ? KsWire.getInt(support, 64) : 0, range ? KsWire.getInt(support, 68) : 0,
                        range ? KsWire.getInt(support, 56) : 0, hasDefault, hasDefault ? KsWire.getInt(def, 56) : 0));
            }
        }
        return controls;
    }

    /**
     * Checks each setting against the controls {@code filter} has (as {@link #read} finds them), so
     * that a mistake is named before anything is changed.
     *
     * @param device the device's friendly name, for the messages
     * @throws KsStatusException STATUS_NOT_FOUND for a control the device does not have (naming the
     *         ones it has), STATUS_INVALID_PARAMETER for a value outside its range or {@code auto}
     *         where it has no automatic mode
     */
    public static void check(KsClient client, FileObject filter, String device, List<Setting> settings) throws KsStatusException {
        List<Control> controls = settings.isEmpty() ? List.of() : read(client, filter);
        for (Setting s : settings) {
            Control c = controls.stream().filter(x -> x.set().equals(s.set()) && x.id() == s.id()).findFirst().orElse(null);
            if (c == null) {
                throw new KsStatusException(NtStatus.STATUS_NOT_FOUND, device + " has no " + s.name() + " control (it has: "
                        + (controls.isEmpty() ? "none" : String.join(", ", controls.stream().map(Control::name).filter(KsControls::settable).toList()))
                        + ")");
            }
            if (s.auto() && !c.autoAvailable()) {
                throw new KsStatusException(NtStatus.STATUS_INVALID_PARAMETER, device + ": " + s.name() + " has no automatic mode");
            }
            if (!s.auto() && c.range() && (s.value() < c.min() || s.value() > c.max())) {
                throw new KsStatusException(NtStatus.STATUS_INVALID_PARAMETER, device + ": " + s + " is outside its range " + c.min() + ".."
                        + c.max());
            }
        }
    }

    /**
     * {@link #check}s the settings, then sets them on {@code filter} in order.
     *
     * @throws KsStatusException as {@link #check}, or the device's own status when it refuses a SET
     */
    public static void apply(KsClient client, FileObject filter, String device, List<Setting> settings) throws KsStatusException {
        check(client, filter, device, settings);
        IoStatusBlock iosb = new IoStatusBlock();
        for (Setting s : settings) {
            ByteBuffer request = KsVidcap.set(s.set(), s.id(), s.value(), s.auto() ? KsVidcap.FLAGS_AUTO : KsVidcap.FLAGS_MANUAL);
            int status = client.property(filter, request, request.duplicate().order(request.order()), iosb);
            if (status != NtStatus.STATUS_SUCCESS) {
                throw new KsStatusException(status, device + " refused " + s + ": " + NtStatus.toString(status));
            }
        }
    }
}
