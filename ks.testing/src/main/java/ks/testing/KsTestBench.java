package ks.testing;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsDriver;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsFramework;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;

/**
 * A driver's test bench: the real I/O manager with the verifier on, KsStreamIo, the KS class
 * driver and a KS client, embedded without OSGi. Load drivers as the container would, build
 * device stacks by hand, open pins with {@link #client()}, and end with {@link #assertClean()} (or
 * let the {@link KsBench} extension do it).
 *
 * <pre>{@code
 * try (KsTestBench bench = new KsTestBench()) {
 *     bench.load("MyCamera", new MyCameraDriver(bench.framework()));
 *     DeviceInterface cam = bench.awaitInterface("My Camera", Duration.ofSeconds(5));
 *     try (KsClient.Connection c = bench.client().connect(cam.symbolicLink(), 0, myFormat)) {
 *         c.run();
 *         KsStreamHeader frame = bench.readFrame(c, 640 * 480 * 2, Duration.ofSeconds(5));
 *     }
 *     bench.assertClean();
 * }
 * }</pre>
 *
 * <h2>Threading</h2>
 * Requests run on the calling thread, as in a container; the bench itself is for one test at a time.
 */
public final class KsTestBench implements AutoCloseable {

    private final IoManagerImpl io;
    private final KsStreamIoImpl streamIo;
    private final KsFrameworkImpl framework;
    private final KsClient client;
    private final List<DriverObject> loaded = new ArrayList<>();

    /** A bench with the verifier on. */
    public KsTestBench() {
        this(true);
    }

    /** A bench with the verifier on or off (off: to measure, as a production container runs). */
    public KsTestBench(boolean verifier) {
        this.io = new IoManagerImpl(verifier);
        this.streamIo = new KsStreamIoImpl(io);
        this.framework = new KsFrameworkImpl(io, streamIo);
        this.client = new KsClient(io, streamIo);
    }

    public IoManager io() {
        return io;
    }

    public KsStreamIo streamIo() {
        return streamIo;
    }

    /** The KS class driver, for a minidriver's {@code KsFramework.initializeDriver}. */
    public KsFramework framework() {
        return framework;
    }

    public KsClient client() {
        return client;
    }

    // ---------------------------------------------------------------- drivers

    /** Loads a driver with a root-enumerated device, as {@code ks.driver.root=true} does. */
    public DriverObject load(String name, KsDriver driver) {
        return load(name, driver, true, List.of(), 0);
    }

    /**
     * Loads a driver as the container does for a {@link KsDriver} service: DriverEntry, a
     * root-enumerated device when {@code root}, and registration as the function driver for
     * {@code ids} (most specific first) with {@code ranking}.
     *
     * @throws AssertionError when DriverEntry fails
     */
    public DriverObject load(String name, KsDriver driver, boolean root, List<String> ids, int ranking) {
        DriverObject d = io.loadDriver(driver, name, root, ids, ranking);
        if (d == null) {
            throw new AssertionError("driver " + name + " failed to load (DriverEntry or AddDevice failed; see the log)");
        }
        loaded.add(d);
        return d;
    }

    /** Unloads a driver {@link #load} loaded: its devices are removed, then DriverUnload runs. */
    public void unload(DriverObject driver) {
        loaded.remove(driver);
        io.unloadDriver(driver);
    }

    /** Puts a loaded driver into the stacks of devices matching {@code ids} as an upper or lower filter (a {@code ks.filter} binding). */
    public void filter(String id, String driverName, List<String> ids, boolean upper, int order) {
        io.setFilter(id, driverName, ids, upper, order);
    }

    /** Waits for an enabled device interface whose friendly name is {@code friendlyName}. */
    public DeviceInterface awaitInterface(String friendlyName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (DeviceInterface di : io.deviceInterfaces(null)) {
                if (friendlyName.equals(di.friendlyName())) {
                    return di;
                }
            }
            Thread.sleep(5);
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("no device interface named '" + friendlyName + "' within " + timeout + "; enabled: "
                + io.deviceInterfaces(null).stream().map(DeviceInterface::friendlyName).toList());
    }

    // ---------------------------------------------------------------- virtual cameras

    /** A virtual UVC camera plugged into the bench's USB bus; {@link #unplug} takes it out (surprise removal). */
    public final class VirtualCamera {
        private final ks.devices.usbvideo.internal.virtual.VirtualUvcCamera camera;
        private final DeviceInterface capture;

        private VirtualCamera(ks.devices.usbvideo.internal.virtual.VirtualUvcCamera camera, DeviceInterface capture) {
            this.camera = camera;
            this.capture = capture;
        }

        /** The camera's KS capture interface (from the UVC function driver). */
        public DeviceInterface captureInterface() {
            return capture;
        }

        /** The camera's USB IDs as the bus reports them, for a filter binding: {@code USB\VID_1209&PID_pppp}. */
        public String hardwareId() {
            return String.format(java.util.Locale.ROOT, "USB\\VID_1209&PID_%04X", camera.spec().productId());
        }

        /** Unplugs the camera: its stack gets a surprise removal, then REMOVE_DEVICE. */
        public void unplug() {
            usbBus().removeBackend(camera);
        }
    }

    private ks.devices.usbvideo.internal.bus.UsbBusDriver bus;
    private int cameras;

    private synchronized ks.devices.usbvideo.internal.bus.UsbBusDriver usbBus() {
        if (bus == null) {
            bus = new ks.devices.usbvideo.internal.bus.UsbBusDriver(io);
            load("UsbHub", bus, true, List.of(), 0);
            load("usbvideo", new ks.devices.usbvideo.internal.uvc.UvcFunctionDriver(framework, io), false,
                    List.of("USB\\Class_0E&SubClass_03"), 0);
        }
        return bus;
    }

    /**
     * Plugs a virtual UVC camera into the bench's USB bus (loaded with the UVC function driver on
     * first use, as the container wires them) and waits for its capture interface: the stack a
     * filter driver sits in on a real camera (bus PDO, usbvideo, your filter). {@code format} is a
     * FOURCC (YUY2, MJPG, NV12, ...), {@code size} WIDTHxHEIGHT; frames are paced at {@code fps}.
     *
     * @throws AssertionError when the interface does not come within 10 s
     */
    public synchronized VirtualCamera plugVirtualCamera(String friendlyName, String format, String size, int fps) throws InterruptedException {
        int productId = 0x0100 + cameras++;
        ks.devices.usbvideo.internal.virtual.VirtualUvcCamera camera = new ks.devices.usbvideo.internal.virtual.VirtualUvcCamera(
                "BenchCamera" + productId, ks.devices.usbvideo.internal.virtual.VirtualCameraSpec.of(friendlyName, 0x1209, productId, "1.1",
                        "iso", true, new String[] {format}, new String[] {size}, new int[] {fps}, new String[0]));
        usbBus().addBackend(camera);
        return new VirtualCamera(camera, awaitInterface(friendlyName, Duration.ofSeconds(10)));
    }

    // ---------------------------------------------------------------- hand-built stacks

    /**
     * A named device (\Device\NAME) whose driver handles every major function with {@code dispatch},
     * ready for requests.
     */
    public DeviceObject device(String name, DriverDispatch dispatch) {
        DriverObject d = io.createDriverObject(name);
        for (int i = 0; i < IrpMajorFunction.COUNT; i++) {
            d.dispatch(i, dispatch);
        }
        try {
            DeviceObject dev = io.createDevice(d, "\\Device\\" + name, IoControlCode.FILE_DEVICE_KS, null);
            dev.flags(dev.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
            return dev;
        } catch (KsStatusException e) {
            throw new AssertionError("device " + name + ": " + e.getMessage(), e);
        }
    }

    /** Attaches {@code uppers} in order on top of {@code bottom}; returns the top of the stack. */
    public DeviceObject stack(DeviceObject bottom, DeviceObject... uppers) {
        DeviceObject top = bottom;
        for (DeviceObject u : uppers) {
            io.attachDeviceToDeviceStack(u, top);
            top = u;
        }
        return top;
    }

    // ---------------------------------------------------------------- streaming

    /**
     * Reads one frame from a running capture pin through KsStreamIo: a header with a
     * {@code frameBytes} data buffer (and a KS_FRAME_INFO extension when {@code frameInfo}).
     *
     * @throws AssertionError when the read fails or takes longer than {@code timeout}
     */
    public KsStreamHeader readFrame(KsClient.Connection connection, int frameBytes, boolean frameInfo, Duration timeout)
            throws InterruptedException {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocateDirect(frameBytes));
        if (frameInfo) {
            h.extension(ByteBuffer.allocate(ks.api.ks.KsVideo.SIZEOF_KS_FRAME_INFO));
        }
        try {
            IoStatusBlock iosb = streamIo.read(connection.pin(), h).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (iosb.status() != ks.api.io.NtStatus.STATUS_SUCCESS) {
                throw new AssertionError("read finished with " + ks.api.io.NtStatus.toString(iosb.status()));
            }
            return h;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("read failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no frame within " + timeout + " (is the pin running? does the driver fill reads?)", e);
        }
    }

    // ---------------------------------------------------------------- checks

    /** Violations the verifier has reported so far, oldest first. */
    public List<String> violations() {
        return io.verifierViolations();
    }

    /**
     * No verifier violation, and every IRP back in the pool: a request's completion stage completes
     * in its completion routine, just before final completion returns the IRP, so this waits up to
     * a second for those.
     *
     * @throws AssertionError naming each violation or the IRPs still held, with their age
     */
    public void assertClean() {
        List<String> v = io.verifierViolations();
        if (!v.isEmpty()) {
            throw new AssertionError(v.size() + " verifier violation(s):\n  " + String.join("\n  ", v));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (io.outstandingIrps() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int outstanding = io.outstandingIrps();
        if (outstanding > 0) {
            throw new AssertionError(outstanding + " IRP(s) never completed or freed; in flight: " + io.inFlightIrps());
        }
    }

    /** Unloads the drivers this bench loaded and stops the PnP manager. */
    @Override
    public void close() {
        for (DriverObject d : List.copyOf(loaded)) {
            unload(d);
        }
        io.shutdown();
    }
}
