package ks.devices.usbvideo.internal.libusb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.usb4java.ConfigDescriptor;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.Interface;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

/**
 * One libusb context: the event thread that completes transfers, and the video-class devices on
 * the machine — found at start and then through libusb hotplug where the platform has it, or by a
 * rescan every {@code rescanMillis} where it does not. Each device that can be opened becomes a
 * {@link LibUsbCamera} handed to the {@link Listener}; one that cannot (permissions, another driver)
 * is skipped with a message naming the fix.
 *
 * <h2>Threading</h2>
 * Hotplug callbacks come on the event thread, which must not open devices; arrivals and departures
 * are handled on the host's own "ks-libusb" thread, which also reports refused transfers.
 */
public final class LibUsbHost implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LibUsbHost.class.getName());
    private static final int CC_VIDEO = 0x0E;

    /** Told about cameras arriving and leaving. */
    public interface Listener {
        void arrived(LibUsbCamera camera);

        void left(LibUsbCamera camera);
    }

    /** A video-class device seen on the bus. */
    public record Found(int bus, int address, int vendorId, int productId, int deviceClass, boolean opened, String problem) {
    }

    private final Context context = new Context();
    private final Listener listener;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ks-libusb");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, LibUsbCamera> cameras = new HashMap<>();
    private final List<Found> found = new ArrayList<>();
    private final HotplugCallbackHandle hotplug = new HotplugCallbackHandle();
    private final long rescanMillis;
    private volatile boolean running = true;
    private Thread events;
    private boolean hotplugRegistered;

    private LibUsbHost(Listener listener, long rescanMillis) {
        this.listener = listener;
        this.rescanMillis = rescanMillis;
    }

    /**
     * Initialises libusb, starts the event thread and looks for cameras.
     *
     * @throws IllegalStateException when libusb cannot be initialised (message names the libusb error)
     * @throws LinkageError when the native library does not load on this platform
     */
    public static LibUsbHost start(Listener listener, long rescanMillis) {
        LibUsbHost h = new LibUsbHost(listener, rescanMillis);
        int r = LibUsb.init(h.context);
        if (r != LibUsb.SUCCESS) {
            h.worker.shutdown();
            throw new IllegalStateException("libusb init failed: " + LibUsb.errorName(r));
        }
        h.events = new Thread(h::eventLoop, "ks-libusb-events");
        h.events.setDaemon(true);
        h.events.start();
        h.watch();
        return h;
    }

    /** "libusb 1.0.22", for logs and the command line. */
    public static String version() {
        var v = LibUsb.getVersion();
        return "libusb " + v.major() + "." + v.minor() + "." + v.micro();
    }

    /** Whether arrivals and departures come from libusb hotplug (else from rescans). */
    public synchronized boolean hotplug() {
        return hotplugRegistered;
    }

    /** Waits (up to {@code millis}) until the arrivals and departures reported so far have been handled. */
    public void settle(long millis) throws InterruptedException {
        try {
            worker.submit(() -> { }).get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "libusb host did not settle in " + millis + " ms");
        }
    }

    /** The video-class devices seen by the last scan (or hotplug arrivals), opened or not. */
    public synchronized List<Found> found() {
        return List.copyOf(found);
    }

    private void watch() {
        if (LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG)) {
            int r = LibUsb.hotplugRegisterCallback(context, LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT,
                    LibUsb.HOTPLUG_ENUMERATE, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY,
                    (ctx, device, event, data) -> {
                        LibUsb.refDevice(device);
                        worker.execute(() -> {
                            try {
                                if (event == LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED) {
                                    consider(device);
                                } else {
                                    left(key(device));
                                }
                            } finally {
                                LibUsb.unrefDevice(device);
                            }
                        });
                        return 0;
                    }, null, hotplug);
            synchronized (this) {
                hotplugRegistered = r == LibUsb.SUCCESS;
            }
            if (r != LibUsb.SUCCESS) {
                LOG.log(System.Logger.Level.WARNING, "libusb hotplug registration failed (" + LibUsb.errorName(r) + "); rescanning instead");
            }
        }
        if (!hotplug()) {
            worker.execute(this::rescan);
        }
    }

    /** Enumerates the bus: new video devices arrive, vanished ones leave. */
    private void rescan() {
        if (!running) {
            return;
        }
        DeviceList list = new DeviceList();
        int n = LibUsb.getDeviceList(context, list);
        if (n < 0) {
            LOG.log(System.Logger.Level.WARNING, "libusb device list failed: " + LibUsb.errorName(n));
        } else {
            Set<String> present = new HashSet<>();
            try {
                for (Device d : list) {
                    present.add(key(d));
                    consider(d);
                }
            } finally {
                LibUsb.freeDeviceList(list, true);
            }
            for (String k : knownKeys()) {
                if (!present.contains(k)) {
                    left(k);
                }
            }
        }
        if (running && rescanMillis > 0) {
            worker.schedule(this::rescan, rescanMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized List<String> knownKeys() {
        return new ArrayList<>(cameras.keySet());
    }

    private static String key(Device d) {
        return LibUsb.getBusNumber(d) + "-" + LibUsb.getDeviceAddress(d);
    }

    /** Opens {@code d} if it is a video-class device not yet known. */
    private void consider(Device d) {
        String key = key(d);
        synchronized (this) {
            if (cameras.containsKey(key) || !running) {
                return;
            }
        }
        DeviceDescriptor dd = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(d, dd) != LibUsb.SUCCESS || !isVideo(d, dd)) {
            return;
        }
        int vid = dd.idVendor() & 0xFFFF;
        int pid = dd.idProduct() & 0xFFFF;
        DeviceHandle handle = new DeviceHandle();
        int r = LibUsb.open(d, handle);
        String problem = null;
        if (r != LibUsb.SUCCESS) {
            problem = LibUsb.errorName(r) + (r == LibUsb.ERROR_ACCESS
                    ? String.format(" — give this user access to /dev/bus/usb/%03d/%03d (for example a udev rule for %04x:%04x)",
                            LibUsb.getBusNumber(d), LibUsb.getDeviceAddress(d), vid, pid)
                    : "");
            LOG.log(System.Logger.Level.WARNING, String.format("cannot open USB camera %04x:%04x: %s", vid, pid, problem));
        }
        synchronized (this) {
            found.add(new Found(LibUsb.getBusNumber(d), LibUsb.getDeviceAddress(d), vid, pid, dd.bDeviceClass() & 0xFF, r == 0, problem));
        }
        if (r != LibUsb.SUCCESS) {
            return;
        }
        LibUsbCamera camera = new LibUsbCamera("USB-" + key, LibUsb.refDevice(d), handle, descriptorBytes(dd), worker);
        synchronized (this) {
            cameras.put(key, camera);
        }
        LOG.log(System.Logger.Level.INFO, String.format("USB camera %04x:%04x at %s", vid, pid, key));
        listener.arrived(camera);
    }

    private void left(String key) {
        LibUsbCamera camera;
        synchronized (this) {
            camera = cameras.remove(key);
            found.removeIf(f -> key.equals(f.bus() + "-" + f.address()));
        }
        if (camera == null) {
            return;
        }
        camera.gone();
        listener.left(camera);
        camera.close();
        LibUsb.unrefDevice(camera.device());
    }

    /** Device class 0x0E, or any interface of the first configuration in class 0x0E. */
    private static boolean isVideo(Device d, DeviceDescriptor dd) {
        if ((dd.bDeviceClass() & 0xFF) == CC_VIDEO) {
            return true;
        }
        ConfigDescriptor cd = new ConfigDescriptor();
        if (LibUsb.getConfigDescriptor(d, (byte) 0, cd) != LibUsb.SUCCESS) {
            return false;
        }
        try {
            for (Interface i : cd.iface()) {
                for (InterfaceDescriptor alt : i.altsetting()) {
                    if ((alt.bInterfaceClass() & 0xFF) == CC_VIDEO) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            LibUsb.freeConfigDescriptor(cd);
        }
    }

    /** The 18 bytes of the device descriptor, rebuilt from libusb's parsed copy (no device access needed). */
    static byte[] descriptorBytes(DeviceDescriptor dd) {
        ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 18).put((byte) 1).putShort(dd.bcdUSB()).put(dd.bDeviceClass()).put(dd.bDeviceSubClass())
                .put(dd.bDeviceProtocol()).put(dd.bMaxPacketSize0()).putShort(dd.idVendor()).putShort(dd.idProduct())
                .putShort(dd.bcdDevice()).put(dd.iManufacturer()).put(dd.iProduct()).put(dd.iSerialNumber())
                .put(dd.bNumConfigurations());
        return b.array();
    }

    private void eventLoop() {
        while (running) {
            int r = LibUsb.handleEventsTimeout(context, 250_000);
            if (r != LibUsb.SUCCESS && r != LibUsb.ERROR_INTERRUPTED && running) {
                LOG.log(System.Logger.Level.WARNING, "libusb event handling: " + LibUsb.errorName(r));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Every camera leaves, then the event thread stops and libusb is shut down. */
    @Override
    public void close() {
        running = false;
        if (hotplug()) {
            LibUsb.hotplugDeregisterCallback(context, hotplug);
        }
        try {
            worker.submit(() -> {
                for (String k : knownKeys()) {
                    left(k);
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "libusb cameras did not close in time", e);
        }
        worker.shutdown();
        try {
            events.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibUsb.exit(context);
    }
}
