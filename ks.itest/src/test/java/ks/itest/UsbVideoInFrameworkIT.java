package ks.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import ks.api.io.DeviceInterface;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

/**
 * The usbvideo bundle in a real Felix with SCR and Config Admin: the default virtual camera on the
 * USB bus, bound by the UVC driver, streamed and controlled by a client in another bundle; a second
 * camera plugged and unplugged through a factory configuration; the libusb component up (natives
 * loaded inside the framework) with no camera attached.
 */
class UsbVideoInFrameworkIT {

    final BundleContext ctx = FrameworkUtil.getBundle(UsbVideoInFrameworkIT.class).getBundleContext();
    ServiceTracker<IoManager, IoManager> io;
    ServiceTracker<KsStreamIo, KsStreamIo> ks;
    ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm;
    ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;
    KsClient client;

    @BeforeEach
    void services() throws Exception {
        io = new ServiceTracker<>(ctx, IoManager.class, null);
        ks = new ServiceTracker<>(ctx, KsStreamIo.class, null);
        cm = new ServiceTracker<>(ctx, ConfigurationAdmin.class, null);
        scr = new ServiceTracker<>(ctx, ServiceComponentRuntime.class, null);
        io.open();
        ks.open();
        cm.open();
        scr.open();
        client = new KsClient(io.waitForService(10_000), ks.waitForService(10_000));
    }

    @AfterEach
    void close() {
        io.close();
        ks.close();
        cm.close();
        scr.close();
    }

    /** The capture interfaces named {@code name}, waiting up to 10 s for {@code count} of them. */
    long await(String name, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long n;
        do {
            n = client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).stream().filter(d -> d.friendlyName().equals(name)).count();
            if (n == count) {
                return n;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return n;
    }

    DeviceInterface find(String name) {
        return client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).stream().filter(d -> d.friendlyName().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void theDefaultVirtualCameraStreamsAndAnswersControls() throws Exception {
        assertEquals(1, await("ks Virtual Camera", 1));
        DeviceInterface di = find("ks Virtual Camera");
        long interval = KsVideo.interval(30);
        try (KsClient.Connection c = client.connect(di.symbolicLink(), 0,
                KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, interval, interval, interval, 0))) {
            ByteBuffer g = KsDataFormat.allocate(KsVidcap.SIZEOF_S);
            assertEquals(NtStatus.STATUS_SUCCESS, client.property(c.filter(),
                    KsVidcap.get(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS), g, new IoStatusBlock()));
            assertEquals(KsVidcap.FLAGS_MANUAL, KsWire.getInt(g, KsVidcap.CAPABILITIES));
            c.run();
            for (int i = 0; i < 3; i++) {
                KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(320 * 240 * 2));
                IoStatusBlock iosb = client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertEquals(NtStatus.STATUS_SUCCESS, iosb.status());
                assertEquals(320 * 240 * 2, h.dataUsed());
            }
        }
    }

    @Test
    void aFactoryConfigurationPlugsAndUnplugsAnotherCamera() throws Exception {
        ConfigurationAdmin admin = cm.waitForService(10_000);
        assertNotNull(admin);
        Configuration config = admin.getFactoryConfiguration("ks.usbvideo.camera", "it-bulk", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "IT Bulk Camera");
        props.put("transfer", "bulk");
        props.put("formats", new String[] { "MJPG" });
        props.put("sizes", new String[] { "320x240" });
        config.update(props);
        try {
            assertEquals(1, await("IT Bulk Camera", 1), "the configured camera arrives");
            assertEquals(0, await("ks Virtual Camera", 0), "the default camera exists only while no camera is configured");
        } finally {
            config.delete();
        }
        assertEquals(0, await("IT Bulk Camera", 0), "deleting the configuration unplugs it");
        assertEquals(1, await("ks Virtual Camera", 1), "and the default camera is back");
    }

    /** One 320x240 YUY2 frame from an open connection: the read's status, and the frame when it succeeded. */
    private ByteBuffer read(KsClient.Connection c) throws Exception {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(320 * 240 * 2));
        IoStatusBlock iosb = client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(NtStatus.STATUS_SUCCESS, iosb.status());
        return h.data();
    }

    /** The driver at the top of the named camera's stack, or "" while it is not there. */
    private String topDriver(String name) {
        return client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).stream().filter(d -> d.friendlyName().equals(name))
                .findFirst().map(d -> d.physicalDevice().topOfStack().driverObject().driverName()).orElse("");
    }

    /** The final status of one read: from its status block, or from the exception it completed with. */
    private int readStatus(KsClient.Connection c) throws Exception {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(320 * 240 * 2));
        try {
            return client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS).status();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ks.api.io.KsStatusException) {
                return ((ks.api.io.KsStatusException) e.getCause()).status();
            }
            throw e;
        }
    }

    private KsClient.Connection connect(String name) throws Exception {
        KsClient.Connection c = client.connect(find(name).symbolicLink(), 0,
                KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, 0, 0, 0, 0));
        c.run();
        return c;
    }

    @Test
    void liveConfigurationChangesWhileAClientIsConnected() throws Exception {
        ConfigurationAdmin admin = cm.waitForService(10_000);
        Configuration camera = admin.getFactoryConfiguration("ks.usbvideo.camera", "it-live", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "IT Live Camera");
        props.put("formats", new String[] {"YUY2"});
        props.put("sizes", new String[] {"320x240"});
        camera.update(props);
        Configuration filter = admin.getFactoryConfiguration("ks.filter", "it-negative", "?");
        try {
            assertEquals(1, await("IT Live Camera", 1));
            ByteBuffer plain;
            int row = 220 * 320 * 2;
            try (KsClient.Connection c = connect("IT Live Camera")) {
                plain = read(c);
                // insert the example filter while the client streams: the device restarts with it on top
                Dictionary<String, Object> f = new Hashtable<>();
                f.put("driver", "KsNegative");
                f.put("ids", new String[] {"USB\\VID_1209&PID_0001*"});
                filter.update(f);
                int gone = NtStatus.STATUS_SUCCESS;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (gone == NtStatus.STATUS_SUCCESS && System.nanoTime() < deadline) {
                    gone = readStatus(c);
                }
                assertEquals(NtStatus.STATUS_DEVICE_REMOVED, gone, "the old stack is gone: " + NtStatus.toString(gone));
            }
            assertEquals(1, await("IT Live Camera", 1), "the camera is back with its new stack");
            ks.api.io.DeviceObject top = find("IT Live Camera").physicalDevice().topOfStack();
            assertEquals("\\Driver\\KsNegative", top.driverObject().driverName());
            try (KsClient.Connection c = connect("IT Live Camera")) {
                ByteBuffer negative = read(c);
                assertEquals(255 - (plain.get(row) & 0xFF), negative.get(row) & 0xFF, "the filter inverts the luma");
            }

            filter.delete();
            // the device restarts without the filter; while the old stack is torn down its filter leaves
            // first, so the usbvideo device is briefly on top of the old stack too: wait until that holds for 300 ms
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long since = 0;
            String topNow = "";
            while (System.nanoTime() < deadline && (since == 0 || System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(300))) {
                topNow = topDriver("IT Live Camera");
                since = !topNow.endsWith("usbvideo") ? 0 : since == 0 ? System.nanoTime() : since;
                Thread.sleep(10);
            }
            assertTrue(topNow.endsWith("usbvideo"), "the filter binding was deleted: top of the stack " + topNow);
            // modify the camera while connected: it is replaced by one with the new name
            try (KsClient.Connection c = connect("IT Live Camera")) {
                read(c);
                props.put("name", "IT Renamed Camera");
                camera.update(props);
                assertEquals(1, await("IT Renamed Camera", 1));
                assertEquals(0, await("IT Live Camera", 0));
            }
        } finally {
            camera.delete();
            if (admin.listConfigurations("(service.factoryPid=ks.filter)") != null) {
                filter.delete();
            }
        }
        assertEquals(0, await("IT Renamed Camera", 0), "deleting the configuration unplugs it");
        assertTrue(io.getService().verifierViolations().isEmpty(), io.getService().verifierViolations().toString());
    }

    @Test
    void theLibusbComponentIsActiveInsideTheFramework() throws Exception {
        ServiceComponentRuntime runtime = scr.waitForService(10_000);
        ComponentDescriptionDTO d = runtime.getComponentDescriptionDTOs().stream()
                .filter(x -> x.name.equals("ks.devices.usbvideo.internal.libusb.LibUsbComponent")).findFirst().orElseThrow();
        assertTrue(runtime.isComponentEnabled(d));
        ComponentConfigurationDTO cc = runtime.getComponentConfigurationDTOs(d).iterator().next();
        assertEquals(ComponentConfigurationDTO.ACTIVE, cc.state, "activated (its constructor loads libusb4java.so)");
    }
}
