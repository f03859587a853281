package ks.devices.usbvideo.internal.uvc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;
import ks.devices.usbvideo.internal.bus.UsbBusDriver;
import ks.devices.usbvideo.internal.virtual.TestPattern;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/** Capture through the real I/O manager, KS framework, USB bus and UVC driver from the virtual camera. */
class VirtualCameraEndToEndTest {

    /** Frames captured: frame numbers read from the pixels, options, times, sizes. */
    record Captured(List<Long> numbers, List<Integer> options, List<Long> times, List<Integer> sizes, List<Long> pictureNumbers) {
    }

    static Captured capture(VirtualCameraRig rig, KsClient.Connection c, int frames, boolean mjpeg, int w, int h, int bytes)
            throws Exception {
        rig.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
        List<CompletableFuture<VirtualCameraRig.Read>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(rig.read(c.pin(), bytes));
        }
        c.run();
        Captured out = new Captured(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        while (out.numbers().size() < frames) {
            VirtualCameraRig.Read r = inFlight.remove(0).get(10, TimeUnit.SECONDS);
            assertEquals(NtStatus.STATUS_SUCCESS, r.iosb().status(), NtStatus.toString(r.iosb().status()));
            ByteBuffer data = r.header().data();
            int used = r.header().dataUsed();
            long n;
            if (mjpeg) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(data.array(), 0, used));
                assertEquals(w, img.getWidth());
                n = TestPattern.frameNumberRgb(img);
            } else {
                assertEquals(w * h * 2, used, "YUY2 frame size");
                n = TestPattern.frameNumberYuy2(data, w, h);
            }
            out.numbers().add(n);
            out.options().add(r.header().optionsFlags());
            out.times().add(r.header().presentationTime100ns());
            out.sizes().add(used);
            out.pictureNumbers().add(KsWire.getLong(r.header().extension(), 8));
            inFlight.add(rig.read(c.pin(), bytes));
        }
        c.stop();
        for (CompletableFuture<VirtualCameraRig.Read> f : inFlight) {
            int status = f.get(10, TimeUnit.SECONDS).iosb().status();
            assertTrue(status == NtStatus.STATUS_CANCELLED || status == NtStatus.STATUS_SUCCESS, NtStatus.toString(status));
        }
        return out;
    }

    static KsClient.Connection connect(VirtualCameraRig rig, boolean mjpeg, int w, int h, int fps) throws KsStatusException {
        String link = rig.captureInterfaces().get(0).symbolicLink();
        long interval = KsVideo.interval(fps);
        return rig.client.connect(link, 0, KsVideo.range(mjpeg ? KsGuids.MEDIASUBTYPE_MJPG : KsGuids.MEDIASUBTYPE_YUY2, w, h,
                mjpeg ? 24 : 16, interval, interval, interval, 0));
    }

    private static void assertIncreasing(List<Long> numbers) {
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i) > numbers.get(i - 1), "frame numbers go forward: " + numbers);
        }
    }

    @ParameterizedTest(name = "UVC {0} {1} {2}")
    @CsvSource({ "1.0, iso, YUY2", "1.1, iso, YUY2", "1.5, iso, YUY2", "1.0, bulk, YUY2", "1.1, bulk, YUY2", "1.5, bulk, YUY2",
            "1.0, iso, MJPG", "1.1, iso, MJPG", "1.5, iso, MJPG", "1.0, bulk, MJPG", "1.1, bulk, MJPG", "1.5, bulk, MJPG" })
    void everyVersionTransferAndFormatDeliversWholeNumberedFrames(String uvc, String transfer, String format) throws Exception {
        boolean mjpeg = format.equals("MJPG");
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            rig.plug(VirtualCameraRig.spec(uvc, transfer, format, "320x240", 30));
            try (KsClient.Connection c = connect(rig, mjpeg, 320, 240, 30)) {
                Captured got = capture(rig, c, 6, mjpeg, 320, 240, 320 * 240 * 2);
                assertIncreasing(got.numbers());
                assertIncreasing(got.times());
                for (int o : got.options()) {
                    assertTrue((o & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID) != 0);
                }
            }
        }
    }

    /**
     * The order a container may start things in when the device bundle starts before ks.core (as
     * Karaf does): the camera's service is bound to the bus driver before the bus driver is loaded,
     * so nothing invalidates the bus's relations after it started; the PnP manager asks anyway.
     */
    @Test
    void aCameraBoundBeforeTheBusDriverLoadedArrivesOnceTheBusStarts() throws Exception {
        IoManagerImpl io = new IoManagerImpl(true);
        try {
            KsStreamIoImpl streamIo = new KsStreamIoImpl(io);
            KsFrameworkImpl ks = new KsFrameworkImpl(io, streamIo);
            io.loadDriver(new UvcFunctionDriver(ks, io), "usbvideo", false, List.of("USB\\Class_0E&SubClass_03"), 0);
            UsbBusDriver bus = new UsbBusDriver(io);
            bus.addBackend(new VirtualUvcCamera("Early", VirtualCameraRig.spec("1.1", "iso", "YUY2", "320x240", 30)));
            io.loadDriver(bus, "UsbHub", true, List.of(), 0);
            KsClient client = new KsClient(io, streamIo);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).size(),
                    "the camera plugged in before the bus started has its capture interface");
        } finally {
            io.shutdown();
            assertTrue(io.verifierViolations().isEmpty(), io.verifierViolations().toString());
        }
    }

    @Test
    void handlesOpenedBeforeTheDriverRestartedFailWithDeviceRemovedAndNewOnesStream() throws Exception {
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            rig.plug(VirtualCameraRig.spec("1.1", "iso", "YUY2", "320x240", 30));
            KsClient.Connection old = connect(rig, false, 320, 240, 30);
            old.run();
            assertEquals(NtStatus.STATUS_SUCCESS, rig.read(old.pin(), 320 * 240 * 2).get(10, TimeUnit.SECONDS).iosb().status());
            rig.unloadUsbVideo();
            rig.awaitInterfaces(0);
            assertEquals(NtStatus.STATUS_DEVICE_REMOVED, rig.read(old.pin(), 320 * 240 * 2).get(10, TimeUnit.SECONDS).iosb().status(),
                    "a read on a pin handle whose KS device is gone");
            rig.loadUsbVideo();
            rig.awaitInterfaces(1);
            assertEquals(NtStatus.STATUS_DEVICE_REMOVED, rig.read(old.pin(), 320 * 240 * 2).get(10, TimeUnit.SECONDS).iosb().status(),
                    "a read on the old pin handle once a new KS device serves the camera");
            assertEquals(NtStatus.STATUS_DEVICE_REMOVED, rig.client.ioControl(old.filter(), ks.api.ks.KsIoctl.IOCTL_KS_PROPERTY,
                    ks.api.ks.KsProperty.request(KsGuids.KSPROPSETID_Pin, ks.api.ks.KsProperty.KSPROPERTY_PIN_CTYPES,
                            ks.api.ks.KsProperty.KSPROPERTY_TYPE_GET, -1),
                    24, ByteBuffer.allocate(4), 4, new ks.api.io.IoStatusBlock()), "a property request on the old filter handle");
            old.close();
            try (KsClient.Connection c = connect(rig, false, 320, 240, 30)) {
                c.run();
                assertEquals(NtStatus.STATUS_SUCCESS, rig.read(c.pin(), 320 * 240 * 2).get(10, TimeUnit.SECONDS).iosb().status());
                c.stop();
            }
        }
    }

    @Test
    void yuy2FramesCarryTheColourBarsConsecutiveNumbersAndFrameSpacedTimes() throws Exception {
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            rig.plug(VirtualCameraRig.spec("1.1", "iso", "YUY2", "640x480", 30));
            try (KsClient.Connection c = connect(rig, false, 640, 480, 30)) {
                rig.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
                CompletableFuture<VirtualCameraRig.Read> first = rig.read(c.pin(), 640 * 480 * 2);
                c.run();
                VirtualCameraRig.Read r = first.get(10, TimeUnit.SECONDS);
                ByteBuffer d = r.header().data();
                // BT.601 limited-range luma of the eight 100% bars, sampled mid-bar on row 240
                int[] expected = { 235, 210, 170, 145, 106, 81, 41, 16 };
                for (int bar = 0; bar < 8; bar++) {
                    int x = bar * 80 + 40;
                    int luma = d.get((240 * 640 + x) * 2) & 0xFF;
                    assertTrue(Math.abs(luma - expected[bar]) <= 1, "bar " + bar + " luma " + luma);
                }
                c.stop();
            }
            try (KsClient.Connection c = connect(rig, false, 640, 480, 30)) {
                Captured got = capture(rig, c, 12, false, 640, 480, 640 * 480 * 2);
                List<Long> spacings = new ArrayList<>();
                for (int i = 1; i < got.numbers().size(); i++) {
                    if (got.numbers().get(i) == got.numbers().get(i - 1) + 1) {
                        long dt = got.times().get(i) - got.times().get(i - 1);
                        assertTrue(dt > 0, "times rise from frame to frame: " + got.times());
                        spacings.add(dt);
                    }
                }
                assertTrue(spacings.size() >= 6, "mostly consecutive frames: " + got.numbers());
                // the camera stamps each frame when it is sent, so one late wake-up of its thread on a busy
                // machine stretches one spacing; the typical one is the frame interval
                Collections.sort(spacings);
                long median = spacings.get(spacings.size() / 2);
                assertTrue(median > 333_333 / 2 && median < 333_333 * 2, "median frame spacing " + median + " (100 ns): " + spacings);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "drop-payload=3", "err=3", "truncate=3", "early-fid=3" })
    void damagedFramesAreNotDeliveredAndTheNextOneSaysDiscontinuity(String fault) throws Exception {
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            rig.plug(VirtualCameraRig.spec("1.1", "iso", "YUY2", "320x240", 30, fault));
            try (KsClient.Connection c = connect(rig, false, 320, 240, 30)) {
                Captured got = capture(rig, c, 8, false, 320, 240, 320 * 240 * 2);
                for (int i = 0; i < got.numbers().size(); i++) {
                    long n = got.numbers().get(i);
                    assertNotEquals(2, n % 3, "frame " + n + " was damaged on purpose and must not arrive: " + got.numbers());
                    if (i > 0 && n != got.numbers().get(i - 1) + 1) {
                        assertTrue((got.options().get(i) & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY) != 0,
                                "frame " + n + " follows a gap");
                    }
                }
            }
        }
    }

    @Test
    void aStalledProbeFailsTheStateChangeWithoutHanging() throws Exception {
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            rig.plug(VirtualCameraRig.spec("1.1", "iso", "YUY2", "320x240", 30, "stall-probe"));
            try (KsClient.Connection c = connect(rig, false, 320, 240, 30)) {
                try {
                    c.run();
                    fail("RUN must fail when the device stalls the probe");
                } catch (KsStatusException e) {
                    assertEquals(NtStatus.STATUS_UNSUCCESSFUL, e.status(), NtStatus.toString(e.status()));
                }
                assertEquals(KsState.KSSTATE_PAUSE, rig.client.state(c.pin()));
            }
        }
    }

    @Test
    void unplugMidStreamFailsEveryPendingReadRemovesTheInterfaceAndReplugWorks() throws Exception {
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            VirtualUvcCamera cam = rig.plug(VirtualCameraRig.spec("1.1", "iso", "YUY2", "320x240", 30));
            KsClient.Connection c = connect(rig, false, 320, 240, 30);
            rig.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            List<CompletableFuture<VirtualCameraRig.Read>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reads.add(rig.read(c.pin(), 320 * 240 * 2));
            }
            c.run();
            reads.get(0).get(10, TimeUnit.SECONDS);
            reads.add(rig.read(c.pin(), 320 * 240 * 2));
            reads.add(rig.read(c.pin(), 320 * 240 * 2));
            cam.unplug();
            int failed = 0;
            for (CompletableFuture<VirtualCameraRig.Read> f : reads.subList(1, reads.size())) {
                int status = f.get(10, TimeUnit.SECONDS).iosb().status();
                if (status == NtStatus.STATUS_DEVICE_REMOVED || status == NtStatus.STATUS_DEVICE_NOT_CONNECTED
                        || status == NtStatus.STATUS_CANCELLED) {
                    failed++;
                } else {
                    assertEquals(NtStatus.STATUS_SUCCESS, status, NtStatus.toString(status));
                }
            }
            assertTrue(failed >= 1, "reads pending at the unplug end in an error");
            rig.awaitInterfaces(0);
            int after = rig.read(c.pin(), 320 * 240 * 2).get(10, TimeUnit.SECONDS).iosb().status();
            assertEquals(NtStatus.STATUS_DEVICE_REMOVED, after, NtStatus.toString(after));
            c.close();

            rig.plug(VirtualCameraRig.spec("1.1", "iso", "YUY2", "320x240", 30));
            try (KsClient.Connection again = connect(rig, false, 320, 240, 30)) {
                assertIncreasing(capture(rig, again, 3, false, 320, 240, 320 * 240 * 2).numbers());
            }
        }
    }

    @Test
    void aCameraThatDisconnectsItselfEndsTheStreamAndGoesAway() throws Exception {
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            VirtualUvcCamera cam = rig.plug(VirtualCameraRig.spec("1.1", "bulk", "YUY2", "320x240", 30, "disconnect-after=4"));
            KsClient.Connection c = connect(rig, false, 320, 240, 30);
            rig.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            List<CompletableFuture<VirtualCameraRig.Read>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(rig.read(c.pin(), 320 * 240 * 2));
            }
            c.run();
            int ok = 0;
            int failed = 0;
            for (CompletableFuture<VirtualCameraRig.Read> f : reads) {
                int status = f.get(10, TimeUnit.SECONDS).iosb().status();
                if (status == NtStatus.STATUS_SUCCESS) {
                    ok++;
                } else {
                    failed++;
                }
            }
            assertTrue(ok <= 4 && failed >= 4, ok + " delivered, " + failed + " failed");
            assertFalse(cam.connected());
            rig.awaitInterfaces(0);
            c.close();
        }
    }
}
