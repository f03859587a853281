package ks.cli.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ks.api.io.DeviceInterface;
import ks.api.ks.KsClient;
import ks.gst.KsControls;

/**
 * {@code ks control DEVICE [NAME=VALUE|NAME=auto ...] [--json]}: sets a video device's camera
 * controls (VideoProcAmp and CameraControl properties, {@link KsControls}) in the order given, then
 * shows them all as {@code describe} does. Every setting is checked against the device before any
 * is made, so a mistake changes nothing.
 */
final class Control {

    static final String USAGE = "ks control DEVICE [NAME=VALUE|NAME=auto ...] [--json]   (e.g. ks control 0 Brightness=20 WhiteBalance=auto)";

    private Control() {
    }

    static int run(KsClient client, String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse("control", USAGE, args, Set.of(), Set.of("--json"), Integer.MAX_VALUE);
            if (o.positional().isEmpty()) {
                throw o.usage("name the device");
            }
            List<KsControls.Setting> settings;
            try {
                settings = KsControls.parse(String.join(",", o.positional().subList(1, o.positional().size())));
            } catch (IllegalArgumentException e) {
                throw o.usage(e.getMessage());
            }
            Map<String, Object> result = control(client, o.positional().get(0), settings);
            if (o.has("--json")) {
                out.println(Json.write(result));
            } else {
                StringBuilder b = new StringBuilder().append(result.get("name")).append('\n');
                Describe.controlsText(b, castList(result.get("controls")));
                out.println(b.toString().stripTrailing());
            }
            return 0;
        } catch (CliException e) {
            return e.report(out, err);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }

    /** Sets {@code settings} on the device {@code name} names; returns its name and its controls afterwards. */
    static Map<String, Object> control(KsClient client, String name, List<KsControls.Setting> settings) throws CliException {
        DeviceInterface device = Describe.videoDevice(client, "control", name);
        return GstJob.onFilter(client, "control", device, filter -> {
            KsControls.apply(client, filter, device.friendlyName(), settings);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", device.friendlyName());
            m.put("controls", Describe.controls(client, filter));
            return m;
        });
    }
}
