package ks.gst.bridge.internal;

import org.freedesktop.gstreamer.Gst;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import ks.gst.GStreamer;
import ks.gst.internal.GstNative;

/**
 * Owns GStreamer's initialisation in the framework: initialises it when the bridge starts and
 * publishes {@link GStreamer} while it is usable. {@code gst_deinit} ends GStreamer for the rest of
 * the process (it cannot be initialised again), so it runs only when the framework itself is
 * stopping; a bridge bundle that is merely stopped or updated leaves the library initialised for
 * its next start. The ks elements' streams end before it, with {@link GstElementsComponent}.
 *
 * <p>With the framework property {@code ks.gst.embedded=true} (the container the plugin file
 * libgstks.so boots inside a GStreamer application) GStreamer is never de-initialised: it is the
 * application's.
 *
 * <p>The framework property {@code ks.gst.tracers} (e.g. {@code leaks} or {@code latency}) switches
 * GStreamer tracers on as GST_TRACERS does, when that variable is not set already; it must be set
 * before GStreamer is first initialised in the process.
 */
@Component(service = GStreamer.class, immediate = true)
public final class GstRuntime implements GStreamer {

    private static final System.Logger LOG = System.getLogger(GstRuntime.class.getName());

    private final BundleContext context;
    private final String version;

    @Activate
    public GstRuntime(BundleContext context) {
        this.context = context;
        String tracers = context.getProperty("ks.gst.tracers");
        if (tracers != null && !tracers.isBlank() && System.getenv("GST_TRACERS") == null) {
            GstNative.setEnvironment("GST_TRACERS", tracers);
        }
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
        // a container booted inside a GStreamer application (the plugin file) leaves GStreamer to that application
        boolean embedded = Boolean.parseBoolean(context.getProperty("ks.gst.embedded"));
        if (!embedded && system != null && system.getState() == Bundle.STOPPING) {
            Gst.deinit();
            LOG.log(System.Logger.Level.INFO, "GStreamer de-initialised");
        }
    }
}
