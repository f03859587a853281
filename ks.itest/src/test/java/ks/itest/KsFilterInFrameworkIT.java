package ks.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsStreamIo;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A KS filter factory in one bundle (ks.examples.testpattern) discovered as a DeviceInterface
 * service and streamed by a client in another (this test bundle), in a real Felix with SCR and the
 * verifier on; then the driver bundle stops under streaming and comes back.
 */
class KsFilterInFrameworkIT {

    static final String CAPTURE = "(&(objectClass=" + DeviceInterface.class.getName() + ")(" + DeviceInterface.SERVICE_CLASS
            + "={65E8773D-8F56-11D0-A3B9-00A0C9223196})(" + DeviceInterface.SERVICE_FRIENDLY_NAME + "=Test Pattern Camera))";

    final BundleContext ctx = FrameworkUtil.getBundle(KsFilterInFrameworkIT.class).getBundleContext();
    ServiceTracker<IoManager, IoManager> ioTracker;
    ServiceTracker<KsStreamIo, KsStreamIo> ksTracker;
    ServiceTracker<DeviceInterface, DeviceInterface> cameras;
    KsClient client;

    @BeforeEach
    void services() throws Exception {
        ioTracker = new ServiceTracker<>(ctx, IoManager.class, null);
        ksTracker = new ServiceTracker<>(ctx, KsStreamIo.class, null);
        Filter capture = ctx.createFilter(CAPTURE);
        cameras = new ServiceTracker<>(ctx, capture, null);
        ioTracker.open();
        ksTracker.open();
        cameras.open();
        client = new KsClient(ioTracker.waitForService(10_000), ksTracker.waitForService(10_000));
    }

    @AfterEach
    void close() {
        cameras.close();
        ioTracker.close();
        ksTracker.close();
    }

    DeviceInterface camera() throws InterruptedException {
        DeviceInterface di = cameras.waitForService(10_000);
        assertNotNull(di, "the test pattern camera's KSCATEGORY_CAPTURE interface as a service");
        return di;
    }

    Bundle bundle(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    static KsStreamHeader header() {
        return new KsStreamHeader(ByteBuffer.allocate(640 * 480 * 2)).extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
    }

    @Test
    void shouldDiscoverAndStreamAFilterFromAnotherBundle() throws Exception {
        DeviceInterface di = camera();
        assertEquals("Test Pattern Camera", cameras.getServiceReference().getProperty(DeviceInterface.SERVICE_FRIENDLY_NAME));
        assertEquals(1, client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA).stream()
                .filter(d -> d.friendlyName().equals("Test Pattern Camera")).count());
        ByteBuffer want = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, KsVideo.interval(30), KsVideo.interval(30),
                KsVideo.interval(30), 0);
        try (KsClient.Connection c = client.connect(di.symbolicLink(), 0, want)) {
            assertEquals("YUY2 640x480 @ 30.00 fps", KsVideo.describe(c.format()));
            c.run();
            long lastTime = -1;
            long lastPicture = -1;
            for (int i = 0; i < 5; i++) {
                KsStreamHeader h = header();
                IoStatusBlock iosb = client.streamIo().read(c.pin(), h).toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertEquals(NtStatus.STATUS_SUCCESS, iosb.status());
                assertEquals(640 * 480 * 2, h.dataUsed());
                assertTrue(h.hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID));
                assertEquals(KsVideo.interval(30), h.duration());
                assertTrue(h.presentationTime() > lastTime, "presentation time advances");
                lastTime = h.presentationTime();
                long picture = KsWire.getLong(h.extension(), 8);
                assertTrue(picture > lastPicture, "PictureNumber advances");
                lastPicture = picture;
                int y = h.data().get(0) & 0xFF;
                assertTrue(y == 235 || y == 210 || y == 170 || y == 145 || y == 106 || y == 81 || y == 41 || y == 16,
                        "the first pixel's luma is one of the bars: " + y);
            }
        }
    }

    @Test
    void shouldWithdrawTheInterfaceAndFailQueuedReadsWhenTheDriverBundleStops() throws Exception {
        DeviceInterface di = camera();
        KsClient.Connection c = client.connect(di.symbolicLink(), 0, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16,
                KsVideo.interval(5), 0));
        client.setState(c.pin(), ks.api.ks.KsState.KSSTATE_PAUSE); // queued, not filled
        CompletableFuture<IoStatusBlock> queued = client.streamIo().read(c.pin(), header()).toCompletableFuture();
        Bundle driver = bundle("ks.examples.testpattern");
        driver.stop();
        try {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> queued.get(10, TimeUnit.SECONDS));
            assertEquals(NtStatus.STATUS_DEVICE_REMOVED, ((KsStatusException) e.getCause()).status());
            assertEquals(0, cameras.size(), "the interface service is gone");
        } finally {
            c.close();
            driver.start();
        }
        assertNotNull(cameras.waitForService(10_000), "the interface comes back with the bundle");
    }
}
