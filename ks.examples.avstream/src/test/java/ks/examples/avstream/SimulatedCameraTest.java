package ks.examples.avstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.testing.KsBench;
import ks.testing.KsTestBench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Simulated Camera on the ks.testing bench: frames from cloned stream pointers completed by its
 * timer interrupts, in order with 1, 2 and 10 reads in flight, at the brightness set through
 * VIDEOPROCAMP, on two pins at once, and reads cancelled out of the hardware.
 */
@ExtendWith(KsBench.class)
class SimulatedCameraTest {

    static ByteBuffer format() {
        return KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, SimulatedCamera.WIDTH, SimulatedCamera.HEIGHT, 16, SimulatedCamera.INTERVAL, 0);
    }

    static String load(KsTestBench bench) throws InterruptedException {
        bench.load("KsSimulatedCamera", new SimulatedCamera(bench.framework()));
        DeviceInterface camera = bench.awaitInterface(SimulatedCamera.FRIENDLY_NAME, Duration.ofSeconds(5));
        return camera.symbolicLink();
    }

    /** Reads {@code total} frames keeping {@code outstanding} in flight; the frame numbers (KS_FRAME_INFO.PictureNumber) in completion order. */
    static List<Long> stream(KsTestBench bench, FileObject pin, int total, int outstanding) throws Exception {
        List<CompletableFuture<IoStatusBlock>> inFlight = new ArrayList<>();
        List<KsStreamHeader> headers = new ArrayList<>();
        List<Long> pictures = new ArrayList<>();
        int issued = 0;
        while (pictures.size() < total) {
            while (issued < total && inFlight.size() < outstanding) {
                KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(SimulatedCamera.FRAME_BYTES))
                        .extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
                headers.add(h);
                inFlight.add(bench.streamIo().read(pin, h).toCompletableFuture());
                issued++;
            }
            inFlight.remove(0).get(5, TimeUnit.SECONDS);
            KsStreamHeader h = headers.remove(0);
            assertEquals(SimulatedCamera.FRAME_BYTES, h.dataUsed(), "a full frame");
            pictures.add(KsWire.getLong(h.extension(), 8));
        }
        return pictures;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void framesComeInOrderWithSeveralReadsInFlight(int outstanding, KsTestBench bench) throws Exception {
        String link = load(bench);
        try (KsClient.Connection c = bench.client().connect(link, 0, format())) {
            c.run();
            List<Long> pictures = stream(bench, c.pin(), 30, outstanding);
            for (int i = 1; i < pictures.size(); i++) {
                assertEquals(pictures.get(i - 1) + 1, pictures.get(i), "consecutive frames: " + pictures);
            }
            bench.client().setState(c.pin(), KsState.KSSTATE_STOP);
        }
    }

    @Test
    void brightnessSetThroughVideoProcAmpIsTheFramesLuma(KsTestBench bench) throws Exception {
        String link = load(bench);
        try (KsClient.Connection c = bench.client().connect(link, 0, format())) {
            ByteBuffer set = KsVidcap.set(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, 200, KsVidcap.FLAGS_MANUAL);
            assertEquals(NtStatus.STATUS_SUCCESS, bench.client().property(c.filter(), set, set.duplicate().order(set.order()), new IoStatusBlock()));
            ByteBuffer value = KsVidcap.get(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS);
            assertEquals(NtStatus.STATUS_SUCCESS, bench.client().property(c.filter(),
                    KsVidcap.get(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS), value, new IoStatusBlock()));
            assertEquals(200, KsWire.getInt(value, KsVidcap.VALUE));
            ByteBuffer tooBright = KsVidcap.set(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, 300, KsVidcap.FLAGS_MANUAL);
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, bench.client().property(c.filter(), tooBright,
                    tooBright.duplicate().order(tooBright.order()), new IoStatusBlock()), "outside 0..255");
            c.run();
            KsStreamHeader frame = bench.readFrame(c, SimulatedCamera.FRAME_BYTES, true, Duration.ofSeconds(5));
            assertEquals(200, frame.data().get(0) & 0xFF);
            assertEquals(200, frame.data().get(SimulatedCamera.FRAME_BYTES - 2) & 0xFF);
            bench.client().setState(c.pin(), KsState.KSSTATE_STOP);
        }
    }

    @Test
    void twoPinsStreamAtOnceAndAThirdIsRefused(KsTestBench bench) throws Exception {
        String link = load(bench);
        try (KsClient.Connection a = bench.client().connect(link, 0, format())) {
            FileObject second = bench.client().createPin(a.filter(), 0, format(), true);
            KsStatusException busy = org.junit.jupiter.api.Assertions.assertThrows(KsStatusException.class,
                    () -> bench.client().createPin(a.filter(), 0, format(), true));
            assertEquals(NtStatus.STATUS_DEVICE_BUSY, busy.status());
            a.run();
            bench.client().setState(second, KsState.KSSTATE_RUN);
            assertEquals(10, stream(bench, a.pin(), 10, 2).size());
            assertEquals(10, stream(bench, second, 10, 2).size());
            bench.client().setState(second, KsState.KSSTATE_STOP);
            bench.client().setState(a.pin(), KsState.KSSTATE_STOP);
            bench.io().closeFile(second);
        }
    }

    @Test
    void cancelledReadsComeBackOutOfTheHardware(KsTestBench bench) throws Exception {
        String link = load(bench);
        try (KsClient.Connection c = bench.client().connect(link, 0, format())) {
            c.run();
            List<CompletableFuture<IoStatusBlock>> reads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                reads.add(bench.streamIo().read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(SimulatedCamera.FRAME_BYTES))).toCompletableFuture());
            }
            bench.io().cancelIoEx(c.pin());
            int cancelled = 0;
            for (CompletableFuture<IoStatusBlock> r : reads) {
                try {
                    r.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertEquals(NtStatus.STATUS_CANCELLED, ((KsStatusException) e.getCause()).status());
                    cancelled++;
                }
            }
            assertTrue(cancelled >= 3, "the reads not yet filled were cancelled: " + cancelled + " of 5");
            KsStreamHeader frame = bench.readFrame(c, SimulatedCamera.FRAME_BYTES, true, Duration.ofSeconds(5));
            assertEquals(SimulatedCamera.FRAME_BYTES, frame.dataUsed(), "the camera streams on after the cancel");
            bench.client().setState(c.pin(), KsState.KSSTATE_STOP);
        }
    }
}
