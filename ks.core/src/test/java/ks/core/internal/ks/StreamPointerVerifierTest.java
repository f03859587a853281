package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.KsVerifierException;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream-pointer misuse is a verifier violation naming the driver, the pin and the request. */
class StreamPointerVerifierTest {

    static final long FPS30 = 333_333;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final AtomicReference<KsStreamPointer> taken = new AtomicReference<>();

    @AfterEach
    void cleanUp() {
        h.io.shutdown();
    }

    /** A driver that takes the leading edge in process and leaves it to the test. */
    KsClient.Connection connect() throws KsStatusException {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 64, 48, 16, FPS30, FPS30, FPS30, 0))
                .dispatch(new KsPinDispatch() {
                    @Override
                    public int process(KsPin p) {
                        KsStreamPointer leading = p.acquireLeadingEdge();
                        if (leading != null) {
                            taken.set(leading);
                        }
                        return STATUS_PENDING;
                    }
                })
                .build();
        h.load("BadCam", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("BadCam",
                KsFilterDescriptor.of("capture", "Bad Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), pin))));
        String link = client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink();
        return client.connect(link, 0, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 64, 48, 16, FPS30, 0));
    }

    KsStreamPointer readAndTake(KsClient.Connection c) {
        streamIo.read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(64 * 48 * 2)));
        KsStreamPointer p = taken.getAndSet(null);
        assertNotNull(p, "the driver took the read");
        return p;
    }

    @Test
    void completingTwiceAndUsingAfterCompletionAreViolations() throws Exception {
        try (KsClient.Connection c = connect()) {
            c.run();
            KsStreamPointer p = readAndTake(c);
            p.header().dataUsed(0);
            p.complete();
            KsVerifierException twice = assertThrows(KsVerifierException.class, p::complete);
            assertEquals("STREAM_POINTER_COMPLETED_TWICE", twice.rule());
            assertTrue(twice.getMessage().contains("pin 0 of filter 'capture' of \\Driver\\BadCam")
                    && twice.getMessage().contains("IRP@"), twice.getMessage());
            KsVerifierException after = assertThrows(KsVerifierException.class, p::header);
            assertEquals("STREAM_POINTER_USED_AFTER_COMPLETION", after.rule());
            assertThrows(KsVerifierException.class, () -> p.fail(0xC0000001));
            assertEquals(3, h.io.verifierViolations().size(), "each recorded: " + h.io.verifierViolations());
            c.stop();
        }
        h.assertNoLeaksExceptViolations();
    }

    @Test
    void aPointerStillHeldWhenThePinStopsIsAViolation() throws Exception {
        try (KsClient.Connection c = connect()) {
            c.run();
            KsStreamPointer p = readAndTake(c);
            assertThrows(KsStatusException.class, c::stop, "the state change fails");
            assertTrue(h.io.verifierViolations().stream().anyMatch(v -> v.startsWith("STREAM_POINTER_HELD_AT_STOP")
                    && v.contains("pin 0 of filter 'capture' of \\Driver\\BadCam") && v.contains("IRP_MJ_DEVICE_CONTROL IRP@")),
                    h.io.verifierViolations().toString());
            p.header().dataUsed(0);
            p.complete();
            c.stop();
            assertEquals(KsState.KSSTATE_STOP, client.state(c.pin()));
        }
        h.assertNoLeaksExceptViolations();
    }
}
