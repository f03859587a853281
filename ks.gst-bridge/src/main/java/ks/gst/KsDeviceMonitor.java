package ks.gst;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;

/**
 * The KS video devices kssrc and kssink can use, in the spirit of GstDeviceMonitor: each capture
 * and render device with its display name, device class ({@code Video/Source}, {@code Video/Sink}),
 * the symbolic link to pass as the {@code device} property, and its caps (from the pin's data
 * ranges); and arrival and removal events.
 *
 * <h2>Threading</h2>
 * Events are delivered, in order, on the monitor's own thread (a device is opened to read its caps,
 * which must not happen on the thread that is starting it); {@link #close()} stops that thread.
 */
public final class KsDeviceMonitor implements AutoCloseable {

    /** Source (capture) or sink (render). */
    public record Device(String displayName, String deviceClass, String symbolicLink, String caps) {

        public static final String SOURCE = "Video/Source";
        public static final String SINK = "Video/Sink";

        @Override
        public String toString() {
            return displayName + " (" + deviceClass + ", " + symbolicLink + "): " + caps;
        }
    }

    /** Arrival and removal of devices; called on the monitor's thread. */
    public interface Listener {
        void added(Device device);

        void removed(Device device);
    }

    private static final System.Logger LOG = System.getLogger(KsDeviceMonitor.class.getName());

    private final KsClient client;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Device> known = new ConcurrentHashMap<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ks-device-monitor");
        t.setDaemon(true);
        return t;
    });
    private final AutoCloseable notification;

    /** Starts watching; devices present now are known at once and reported to listeners added later only through {@link #devices()}. */
    public KsDeviceMonitor(KsClient client) {
        this.client = client;
        for (Device d : present(client)) {
            known.put(d.symbolicLink(), d);
        }
        this.notification = client.io().registerPlugPlayNotification(KsGuids.KSCATEGORY_VIDEO, false,
                (arrival, di) -> events.execute(() -> {
                    try {
                        changed(arrival, di);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "device monitor: " + di.symbolicLink() + (arrival ? " arrived" : " left"), e);
                    }
                }));
        ElementHost host = KsElements.boundHost();
        if (host != null) {
            host.track(this); // closed with the bridge
        }
    }

    /** The capture and render devices there are now, in arrival order of their interfaces, without watching for changes. */
    public static List<Device> present(KsClient client) {
        List<Device> all = new ArrayList<>();
        for (DeviceInterface di : client.find(KsGuids.KSCATEGORY_VIDEO)) {
            Device d = describe(client, di);
            if (d != null) {
                all.add(d);
            }
        }
        return all;
    }

    /** The capture and render devices known now, in arrival order of their interfaces. */
    public List<Device> devices() {
        List<Device> all = new ArrayList<>();
        for (DeviceInterface di : client.find(KsGuids.KSCATEGORY_VIDEO)) {
            Device d = known.get(di.symbolicLink());
            if (d != null) {
                all.add(d);
            }
        }
        return all;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void changed(boolean arrival, DeviceInterface di) {
        if (arrival) {
            Device d = describeWhenReady(di);
            if (d != null && known.put(di.symbolicLink(), d) == null) {
                listeners.forEach(l -> l.added(d));
            }
        } else {
            Device d = known.remove(di.symbolicLink());
            if (d != null) {
                listeners.forEach(l -> l.removed(d));
            }
        }
    }

    /**
     * An interface is enabled while its device starts, so opening it may fail for a moment: tries
     * for up to two seconds while the interface stays enabled.
     */
    private Device describeWhenReady(DeviceInterface di) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Device d = describe(client, di);
            if (d != null || !enabled(di)) {
                return d;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private boolean enabled(DeviceInterface di) {
        return client.find(KsGuids.KSCATEGORY_VIDEO).stream().anyMatch(x -> x.symbolicLink().equals(di.symbolicLink()));
    }

    /** Null for a video interface that is neither a capture nor a render device, or cannot be opened. */
    private static Device describe(KsClient client, DeviceInterface di) {
        boolean capture = client.io().deviceInterfaceAlias(di.symbolicLink(), KsGuids.KSCATEGORY_CAPTURE) != null;
        boolean render = client.io().deviceInterfaceAlias(di.symbolicLink(), KsGuids.KSCATEGORY_RENDER) != null;
        if (!capture && !render) {
            return null;
        }
        try {
            FileObject filter = client.openFilter(di.symbolicLink());
            try {
                int pin = KsDevices.pin(client, filter, capture ? KsProperty.KSPIN_DATAFLOW_OUT : KsProperty.KSPIN_DATAFLOW_IN);
                List<ByteBuffer> ranges = client.dataRanges(filter, pin);
                return new Device(di.friendlyName(), capture ? Device.SOURCE : Device.SINK, di.symbolicLink(), KsCaps.caps(ranges));
            } finally {
                client.io().closeFile(filter);
            }
        } catch (KsStatusException e) {
            return null; // gone again, or not a KS filter
        }
    }

    @Override
    public void close() {
        ElementHost host = KsElements.boundHost();
        if (host != null) {
            host.untrack(this);
        }
        try {
            notification.close();
        } catch (Exception e) {
            // unregistering cannot fail in a way the caller could act on
        }
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
