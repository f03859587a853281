package ks.itest.equinox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.IoManager;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;
import ks.api.ks.KsVideo;
import ks.gst.GStreamer;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The ks bundles (core, fast I/O, USB video with its virtual camera, the GStreamer bridge with
 * gst1-java-core and JNA, the command bundle, the examples and the third-party plugin) resolve and
 * start on Eclipse Equinox, and the same request path works there: the virtual camera arrives
 * through PnP and streams a frame, GStreamer initialises through JNA.
 */
class EquinoxSmokeIT {

    private final BundleContext ctx = FrameworkUtil.getBundle(EquinoxSmokeIT.class).getBundleContext();

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        try {
            T s = t.waitForService(20_000);
            assertNotNull(s, type.getName() + " is not registered on Equinox");
            return s;
        } finally {
            t.close();
        }
    }

    @Test
    void theFrameworkIsEquinoxAndEveryKsBundleIsActive() {
        assertEquals("Eclipse", ctx.getProperty(Constants.FRAMEWORK_VENDOR));
        List<String> ks = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            String name = b.getSymbolicName();
            if (name.startsWith("ks.") || name.equals("com.sun.jna") || name.startsWith("org.freedesktop.gstreamer")) {
                boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                assertTrue(fragment || b.getState() == Bundle.ACTIVE, name + " is not active on Equinox: state " + b.getState());
                ks.add(name);
            }
        }
        for (String expected : List.of("ks.api", "ks.core", "ks.fastio", "ks.cli", "ks.gst-bridge", "ks.devices.usbvideo",
                "ks.examples.plugin", "com.sun.jna", "org.freedesktop.gstreamer.gst1-java-core")) {
            assertTrue(ks.contains(expected), expected + " is missing: " + ks);
        }
    }

    @Test
    void theVirtualCameraStreamsAFrameAndGStreamerInitialises() throws Exception {
        IoManager io = service(IoManager.class);
        KsClient client = new KsClient(io, service(KsStreamIo.class));
        DeviceInterface camera = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (camera == null && System.nanoTime() < deadline) {
            for (DeviceInterface d : client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE)) {
                if (d.friendlyName().equals("ks Virtual Camera")) {
                    camera = d;
                }
            }
            Thread.sleep(20);
        }
        assertNotNull(camera, "the virtual camera did not arrive");
        try (KsClient.Connection c = client.connect(camera.symbolicLink(), 0,
                KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, 0, 0, 0, 0))) {
            c.run();
            KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocateDirect(320 * 240 * 2));
            assertEquals(NtStatus.STATUS_SUCCESS, client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
            assertEquals(320 * 240 * 2, h.dataUsed());
        }
        assertTrue(service(GStreamer.class).version().startsWith("1."), "GStreamer through JNA on Equinox");
        assertTrue(io.verifierViolations().isEmpty(), io.verifierViolations().toString());
    }
}
