package ks.gst.bridge.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import ks.api.io.IoManager;
import ks.api.ks.KsClient;
import ks.api.ks.KsStreamIo;
import ks.gst.GStreamer;
import ks.gst.KsElements;

/**
 * Binds the ks GStreamer elements ({@code kssrc}, {@code kssink}) to this container's I/O manager
 * while GStreamer, the I/O manager and KsStreamIo are there: any pipeline in the process —
 * {@code ./ks launch}, an application's gst_parse_launch, {@code ElementFactory.make("kssrc")} —
 * then opens ks devices. On deactivation every stream still running posts an ERROR ("the ks
 * GStreamer bridge stopped") and releases its device, and the elements answer as unbound until a
 * bridge binds them again. The element types themselves stay registered (ks.gst-types).
 */
@Component(immediate = true, service = {})
public final class GstElementsComponent {

    private static final System.Logger LOG = System.getLogger(GstElementsComponent.class.getName());

    private final KsElements.Installation installation;

    @Activate
    public GstElementsComponent(@Reference GStreamer gst, @Reference IoManager io, @Reference KsStreamIo streamIo) {
        this.installation = KsElements.install(new KsClient(io, streamIo));
        LOG.log(System.Logger.Level.DEBUG, "kssrc and kssink bound to the I/O manager (GStreamer " + gst.version() + ")");
    }

    @Deactivate
    void deactivate() {
        installation.close();
    }
}
