package ks.gst;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Pointer;

import ks.api.ks.KsClient;
import ks.gst.internal.GstNative;
import ks.gst.types.KsDeviceInfo;
import ks.gst.types.KsElement;
import ks.gst.types.KsElementImplementation;
import ks.gst.types.KsElementTypes;

/**
 * The ks bridge's side of the ks elements while it runs: bound to {@link KsElementTypes}, it
 * gives each kssrc and kssink instance its stream object ({@link KsSrc} / {@link KsSink},
 * attached to the instance) and forwards every vfunc to it. It owns what
 * the bridge started — the elements' streams and the device monitors — so that closing it (the
 * bridge stopping) ends each one: a stream still running posts an ERROR saying the bridge
 * stopped and releases its device, and the elements answer as unbound afterwards.
 *
 * <p>Bound by the bridge's component in a container ({@code GstElementsComponent}), or on demand
 * outside one ({@link KsElements}).
 */
final class ElementHost implements KsElementImplementation, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ElementHost.class.getName());

    private final KsClient defaultClient;
    private final boolean implicit;
    private final Set<AutoCloseable> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param defaultClient the KS client elements open their devices through unless told another
     *     (null: each element must be given one before it starts)
     * @param implicit whether this host was bound on demand, outside a container, and may give
     *     way to one installed explicitly
     */
    ElementHost(KsClient defaultClient, boolean implicit) {
        this.defaultClient = defaultClient;
        this.implicit = implicit;
    }

    boolean implicit() {
        return implicit;
    }

    /**
     * The stream of a kssrc or kssink, made on first use; an attachment made by an earlier bridge
     * (another class loader's ElementStream) is replaced.
     */
    ElementStream stream(KsElement e) {
        synchronized (e) {
            if (e.attachment() instanceof ElementStream s) {
                return s;
            }
            ElementStream s = e.factory().equals(KsElementTypes.SOURCE) ? new KsSrc(e, defaultClient) : new KsSink(e, defaultClient);
            e.attach(s);
            return s;
        }
    }

    /** The stream of a kssrc. */
    KsSrc source(KsElement e) {
        return (KsSrc) stream(e);
    }

    /** The stream of a kssink. */
    KsSink sink(KsElement e) {
        return (KsSink) stream(e);
    }

    /** {@code resource} (a device monitor) ends when this host closes, unless it was closed before. */
    void track(AutoCloseable resource) {
        live.add(resource);
    }

    void untrack(AutoCloseable resource) {
        live.remove(resource);
    }

    /** Unbinds, then ends every stream and tracked resource. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        KsElementTypes.unbind(this);
        int ended = 0;
        for (KsElement e : KsElementTypes.elements()) {
            if (e.attachment() instanceof ElementStream stream) {
                try {
                    stream.bridgeStopped();
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "stopping " + e + " failed", ex);
                }
                e.attach(null);
                ended++;
            }
        }
        for (AutoCloseable r : live) {
            try {
                r.close();
            } catch (Exception ex) {
                LOG.log(System.Logger.Level.WARNING, "closing " + r + " failed", ex);
            }
            ended++;
        }
        live.clear();
        if (ended > 0) {
            LOG.log(System.Logger.Level.INFO, "stopped " + ended + " kssrc/kssink streams and device monitors");
        }
    }

    boolean closed() {
        return closed;
    }

    // ------------------------------------------------------------------ KsElementImplementation

    @Override
    public boolean start(KsElement element) {
        return stream(element).start();
    }

    @Override
    public boolean stop(KsElement element) {
        return stream(element).stop();
    }

    @Override
    public boolean setCaps(KsElement element, Pointer caps) {
        return stream(element).setCaps(caps);
    }

    @Override
    public void unlock(KsElement element) {
        stream(element).unlock();
    }

    @Override
    public void unlockStop(KsElement element) {
        stream(element).unlockStop();
    }

    @Override
    public Pointer sourceCaps(KsElement src, Pointer filter) {
        return source(src).caps(filter);
    }

    @Override
    public Pointer sourceFixate(KsElement src, Pointer caps) {
        return GstNative.fixateFastest(caps);
    }

    @Override
    public Boolean sourceQuery(KsElement src, Pointer query) {
        return source(src).query(query);
    }

    @Override
    public int sourceCreate(KsElement src, Pointer bufferOut) {
        try {
            return source(src).create(bufferOut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FLOW_FLUSHING;
        }
    }

    @Override
    public int sinkRender(KsElement sink, Pointer buffer) {
        try {
            return sink(sink).render(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FLOW_FLUSHING;
        }
    }

    @Override
    public void sinkEvent(KsElement sink, Pointer event) {
        try {
            sink(sink).event(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void finalized(KsElement element) {
        // the attachment goes with the element; a stream still open was stopped by GStreamer first
    }

    @Override
    public List<KsDeviceInfo> devices() {
        if (defaultClient == null) {
            return List.of();
        }
        return KsDeviceMonitor.present(defaultClient).stream().map(ElementHost::info).toList();
    }

    @Override
    public AutoCloseable watchDevices(DeviceListener listener) {
        if (defaultClient == null) {
            return () -> { };
        }
        KsDeviceMonitor monitor = new KsDeviceMonitor(defaultClient);
        monitor.addListener(new KsDeviceMonitor.Listener() {
            @Override
            public void added(KsDeviceMonitor.Device device) {
                listener.added(info(device));
            }

            @Override
            public void removed(KsDeviceMonitor.Device device) {
                listener.removed(info(device));
            }
        });
        for (KsDeviceMonitor.Device d : monitor.devices()) {
            listener.added(info(d));
        }
        return monitor;
    }

    private static KsDeviceInfo info(KsDeviceMonitor.Device d) {
        return new KsDeviceInfo(d.displayName(), d.deviceClass(), d.caps(), d.symbolicLink());
    }
}
