package ks.fastio.internal;

import static ks.api.io.NtStatus.STATUS_BUFFER_TOO_SMALL;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.fastio.internal.SequenceRig.assertFrame;
import static ks.fastio.internal.SequenceRig.readHeader;
import static ks.fastio.internal.SequenceRig.writeHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.fastio.FastIo;
import ks.api.io.FileObject;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoStatusBlock;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.ks.KsClient;
import ks.api.ks.KsCompletionInvocation;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The streaming provider on a real KS pin: what it serves, what it declines, the fast-path side
 * effects, the identity of headers on both paths, ordering across the paths and hot swap, the
 * render side, and the mode rule with a real provider.
 */
class StreamingFastIoTest {

    SequenceRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.assertNoLeaks();
            rig.close();
        }
    }

    /** One KsStreamIo call as a driver would make it, counting completion-routine calls. */
    static final class Call {
        final IoStatusBlock iosb = new IoStatusBlock();
        final KEvent event = new KEvent();
        final AtomicInteger routine = new AtomicInteger();
        final KsStreamHeader[] headers;
        int status;

        Call(KsStreamHeader... headers) {
            this.headers = headers;
        }

        Call run(SequenceRig rig, FileObject pin, int flags, int requestorMode, int previousMode) {
            IoCompletionRoutine counting = (dev, irp, ctx) -> {
                routine.incrementAndGet();
                return STATUS_SUCCESS;
            };
            int old = rig.io.exchangePreviousMode(previousMode);
            try {
                status = rig.streamIo.ksStreamIo(pin, event, null, counting, null,
                        KsCompletionInvocation.KsInvokeOnSuccess | KsCompletionInvocation.KsInvokeOnError
                                | KsCompletionInvocation.KsInvokeOnCancel,
                        iosb, headers, KsStreamHeader.totalSize(headers), flags, requestorMode);
            } finally {
                rig.io.exchangePreviousMode(old);
            }
            return this;
        }

        Call read(SequenceRig rig, FileObject pin) {
            return run(rig, pin, KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode, KProcessorMode.KernelMode);
        }

        /** A read the mode rule keeps off the fast path (UserMode requestor, KernelMode previous mode). */
        Call readByIrp(SequenceRig rig, FileObject pin) {
            return run(rig, pin, KsStreamFlags.KSSTREAM_READ, KProcessorMode.UserMode, KProcessorMode.KernelMode);
        }

        Call write(SequenceRig rig, FileObject pin) {
            return run(rig, pin, KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode, KProcessorMode.KernelMode);
        }

        void awaitDone() throws InterruptedException {
            assertTrue(event.await(5, TimeUnit.SECONDS), "the IRP completed");
        }
    }

    @Test
    void shouldServeAWaitingFrameWithoutAnIrpAndWithoutTheIrpSideEffects() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            assertEquals(1, rig.capture.readyFrames());
            long irpsBefore = rig.io.outstandingIrps();
            Call call = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_SUCCESS, call.status);
            assertEquals(STATUS_SUCCESS, call.iosb.status());
            assertEquals(KsStreamHeader.SIZEOF, call.iosb.information());
            assertFrame(0, call.headers[0]);
            assertEquals(0, call.routine.get(), "no completion routine on the fast path");
            assertFalse(call.event.readStateEvent(), "no event on the fast path");
            assertEquals(irpsBefore, rig.io.outstandingIrps());
            assertEquals(0, rig.capture.readyFrames());
            assertEquals(1, rig.streaming.hits());
            assertEquals(SequenceRig.usedOf(0), rig.streaming.bytes());
            assertEquals(1, rig.capture.framesCompleted());
        }
    }

    @Test
    void shouldDeclineWhenNoFrameWaitsSoTheReadPendsAndTakesTheNextFrame() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            long declined = rig.streaming.declines(); // the connection's property requests were offered too
            Call call = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_PENDING, call.status);
            assertEquals(declined + 1, rig.streaming.declines());
            assertTrue(rig.produce());
            call.awaitDone();
            assertEquals(1, call.routine.get());
            assertEquals(STATUS_SUCCESS, call.iosb.status());
            assertFrame(0, call.headers[0]);
            assertEquals(0, rig.capture.readyFrames(), "a frame with a read queued goes to the read, not the ring");
        }
    }

    @Test
    void shouldFillHeadersAlikeOnBothPaths() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            Call byIrp = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_PENDING, byIrp.status);
            assertTrue(rig.produce()); // 0 straight into the IRP
            assertTrue(rig.produce()); // 1 into the ring
            Call fast = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_SUCCESS, fast.status);
            byIrp.awaitDone();
            assertFrame(0, byIrp.headers[0]);
            assertFrame(1, fast.headers[0]);
            assertEquals(byIrp.iosb.information(), fast.iosb.information());
            assertEquals(byIrp.headers[0].size(), fast.headers[0].size());
            assertEquals(byIrp.headers[0].frameExtent(), fast.headers[0].frameExtent());
        }
    }

    @Test
    void shouldKeepTheOrderAcrossPathsAndAcrossAProviderSwap() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            for (int i = 0; i < 3; i++) {
                assertTrue(rig.produce());
            }
            Call irp0 = new Call(readHeader()).readByIrp(rig, c.pin());
            assertEquals(STATUS_SUCCESS, irp0.status, "the IRP path takes the oldest ready frame at once");
            irp0.awaitDone();
            assertFrame(0, irp0.headers[0]);
            assertFrame(1, new Call(readHeader()).read(rig, c.pin()).headers[0]);
            rig.unbindProvider();
            Call irp2 = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_SUCCESS, irp2.status, "without a provider the IRP path serves the ring");
            irp2.awaitDone();
            assertFrame(2, irp2.headers[0]);
            Call pending = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_PENDING, pending.status);
            rig.bindProvider();
            assertTrue(rig.produce());
            pending.awaitDone();
            assertFrame(3, pending.headers[0]);
            assertTrue(rig.produce());
            Call fast = new Call(readHeader()).read(rig, c.pin());
            assertEquals(0, fast.routine.get());
            assertFrame(4, fast.headers[0]);
        }
    }

    @Test
    void shouldFillAMultiHeaderReadFromTheRingFirstThenFromNewFrames() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            Call three = new Call(readHeader(), readHeader(), readHeader()).read(rig, c.pin());
            assertEquals(STATUS_PENDING, three.status, "one ready frame is not enough for three headers");
            assertTrue(rig.produce()); // the ready frame into header 0, new frames into headers 1 and 2
            three.awaitDone();
            for (int i = 0; i < 3; i++) {
                assertFrame(i, three.headers[i]);
            }
            assertEquals(3L * KsStreamHeader.SIZEOF, three.iosb.information());
        }
    }

    @Test
    void shouldDropNothingUntilTheRingIsFullAndDiscardItOnStop() throws Exception {
        rig = new SequenceRig(2);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            assertTrue(rig.produce());
            assertFalse(rig.produce(), "a full ring and no read: the device must drop");
            assertEquals(2, rig.capture.readyFrames());
            c.stop();
            assertEquals(0, rig.capture.readyFrames());
            c.run();
            Call call = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_PENDING, call.status, "frames from before STOP are gone");
            assertTrue(rig.produce());
            call.awaitDone();
            assertFrame(2, call.headers[0]);
        }
    }

    @Test
    void shouldRefuseABufferTooSmallForTheReadyFrameAndKeepTheFrame() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            long declined = rig.streaming.declines();
            Call small = new Call(new KsStreamHeader(ByteBuffer.allocate(16))).read(rig, c.pin());
            assertEquals(STATUS_BUFFER_TOO_SMALL, small.status);
            assertEquals(declined + 1, rig.streaming.declines(), "the provider declined; the IRP path named the error");
            Call ok = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_SUCCESS, ok.status);
            assertFrame(0, ok.headers[0]);
        }
    }

    @Test
    void shouldNotServeAPausedPin() throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            rig.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            Call call = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_PENDING, call.status, "filled only in RUN");
            c.run();
            assertTrue(rig.produce());
            call.awaitDone();
            assertFrame(0, call.headers[0]);
        }
    }

    @Test
    void shouldAcceptWritesWhileTheRenderRingHasRoomAndKeepTheirOrderWithIrps() throws Exception {
        rig = new SequenceRig(2);
        rig.consumeOnProcess = false;
        try (KsClient.Connection c = rig.connectRender()) {
            c.run();
            Call w0 = new Call(writeHeader(0)).write(rig, c.pin());
            Call w1 = new Call(writeHeader(1)).write(rig, c.pin());
            assertEquals(STATUS_SUCCESS, w0.status);
            assertEquals(STATUS_SUCCESS, w1.status);
            assertEquals(0, w0.routine.get());
            assertEquals(SequenceRig.usedOf(0), w0.iosb.information());
            Call w2 = new Call(writeHeader(2)).write(rig, c.pin());
            assertEquals(STATUS_PENDING, w2.status, "no room: the write goes as an IRP");
            assertEquals(3, rig.render.queued());
            assertTrue(rig.consume());
            Call w3 = new Call(writeHeader(3)).write(rig, c.pin());
            assertEquals(STATUS_PENDING, w3.status, "room again, but an earlier write is still queued");
            while (rig.consume()) {
                // drain
            }
            w2.awaitDone();
            w3.awaitDone();
            assertEquals(List.of(0L, 1L, 2L, 3L), rig.rendered);
            assertEquals(2, rig.streaming.hits());
        }
    }

    @ParameterizedTest(name = "requestor {0}, previous mode {1}: fast = {2}")
    @CsvSource({"0,0,true", "0,1,true", "1,0,false", "1,1,true"})
    void shouldFollowTheModeRuleWithARealProvider(int requestorMode, int previousMode, boolean fast) throws Exception {
        rig = new SequenceRig(4);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            Call call = new Call(readHeader()).run(rig, c.pin(), KsStreamFlags.KSSTREAM_READ, requestorMode, previousMode);
            assertEquals(STATUS_SUCCESS, call.status);
            if (!fast) {
                call.awaitDone();
            }
            assertFrame(0, call.headers[0]);
            assertEquals(fast ? 0 : 1, call.routine.get(), "completion routine runs only on the IRP path");
            assertEquals(fast ? 1 : 0, rig.streaming.hits());
        }
    }

    @Test
    void shouldLeaveFastIoOffWithoutABindingAndWithTheNoneProvider() throws Exception {
        rig = new SequenceRig(-1);
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertEquals(0, rig.capture.readyFrames());
            assertFalse(rig.produce(), "no binding: no ring, the frame is dropped as before");
            assertEquals(STATUS_PENDING, new Call(readHeader()).read(rig, c.pin()).status);
            assertEquals(0, rig.streaming.hits() + rig.streaming.declines(), "the provider is not asked without a binding");
            assertTrue(rig.produce());
        }
    }

    @Test
    void shouldCountDeclinesOfTheNoneProviderAndDeclineOnceClosed() throws Exception {
        rig = new SequenceRig(4, false);
        CountingFastIo none = new CountingFastIo(FastIo.NONE, new ks.api.io.FastIoDispatch() { });
        rig.io.fastIo().addBinding(new ks.core.internal.fastio.FastIoRouter.Binding("none", "SeqCam", "*", List.of(FastIo.NONE), 10, 4));
        rig.bind(none, FastIo.NONE, 0, 2);
        rig.bindProvider();
        try (KsClient.Connection c = rig.connectCapture()) {
            c.run();
            assertTrue(rig.produce());
            long declined = none.declines(); // the connection's property requests were offered too
            Call call = new Call(readHeader()).read(rig, c.pin());
            assertEquals(STATUS_SUCCESS, call.status, "served by the IRP path from the ring");
            call.awaitDone();
            assertEquals(1, call.routine.get());
            assertEquals(declined + 1, none.declines());
            assertEquals(0, rig.streaming.hits() + rig.streaming.declines(), "the higher-ranked binding names only 'none'");
        }
        long declined = rig.streaming.declines();
        rig.streaming.close();
        assertFalse(rig.streaming.fastIoRead(null, 0, 0, false, 0, null, new IoStatusBlock(), null));
        assertEquals(declined + 1, rig.streaming.declines());
    }
}
