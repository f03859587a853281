package ks.gst.bridge.internal;

import org.freedesktop.gstreamer.Gst;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import ks.gst.GStreamer;

/**
 * Owns GStreamer's initialisation in the framework: initialises it when the bridge starts and
 * publishes {@link GStreamer} while it is usable. {@code gst_deinit} ends GStreamer for the rest of
 * the process (it cannot be initialised again), so it runs only when the framework itself is
 * stopping; a bridge bundle that is merely stopped or updated leaves the library initialised for
 * its next start.
 */
@Component(service = GStreamer.class, immediate = true)
public final class GstRuntime implements GStreamer {

    private static final System.Logger LOG = System.getLogger(GstRuntime.class.getName());

    private final BundleContext context;
    private final String version;

    @Activate
    public GstRuntime(BundleContext context) {
        this.context = context;
        this.version = GStreamer.initialise();
        LOG.log(System.Logger.Level.INFO, "GStreamer " + version + " initialised");
    }

    @Override
    public String version() {
        return version;
    }

    @Deactivate
    void deactivate() {
        Bundle system = context.getBundle(0);
        if (system != null && system.getState() == Bundle.STOPPING) {
            Gst.deinit();
            LOG.log(System.Logger.Level.INFO, "GStreamer de-initialised");
        }
    }
}
