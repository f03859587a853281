package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_DATA_ERROR;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_IO_TIMEOUT;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;
import ks.core.internal.fastio.FastIoRouter;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AVStream's queue pointers: the leading edge walking frames across requests, clones that hold a
 * frame, the distinct trailing edge, offsets, locking against cancellation, cancel callbacks,
 * timeouts, status codes, FIFO completion, and what STOP does to pointers still held.
 */
class StreamPointerQueueTest {

    static final long FPS30 = 333_333;
    static final int W = 32;
    static final int H = 16;
    static final int FRAME = W * H * 2;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final AtomicReference<KsPin> created = new AtomicReference<>();
    final ScheduledExecutorService interrupts = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void cleanUp() throws InterruptedException {
        interrupts.shutdown();
        assertTrue(interrupts.awaitTermination(5, TimeUnit.SECONDS));
        h.io.shutdown();
    }

    /** A pin the test drives by hand: process does nothing, the test holds the KsPin. */
    final KsPinDispatch byHand = new KsPinDispatch() {
        @Override
        public int create(KsPin pin) {
            created.set(pin);
            return STATUS_SUCCESS;
        }

        @Override
        public int process(KsPin pin) {
            return STATUS_PENDING;
        }
    };

    KsClient.Connection connect(KsPinDispatch dispatch, int flags, boolean capture) throws KsStatusException {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(capture ? KsProperty.KSPIN_DATAFLOW_OUT : KsProperty.KSPIN_DATAFLOW_IN)
                .category(capture ? KsGuids.PINNAME_VIDEO_CAPTURE : KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, FPS30, FPS30, 0))
                .flags(flags)
                .dispatch(dispatch)
                .build();
        h.load("QueueCam", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("QueueCam",
                KsFilterDescriptor.of("f", "Queue Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), pin))));
        String link = client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink();
        return client.connect(link, 0, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, 0));
    }

    /** A test body on a running pin driven by hand. */
    @FunctionalInterface
    interface OnPin {
        void run(KsClient.Connection c, KsPin pin) throws Exception;
    }

    /** Connects a pin driven by hand with {@code flags}, runs it, runs {@code body}, stops it and checks that nothing leaked. */
    void onRunningPin(int flags, boolean capture, OnPin body) throws Exception {
        try (KsClient.Connection c = connect(byHand, flags, capture)) {
            c.run();
            body.run(c, created.get());
            c.stop();
        }
        h.assertNoLeaks();
    }

    static KsStreamHeader frame() {
        return new KsStreamHeader(ByteBuffer.allocate(FRAME));
    }

    CompletableFuture<IoStatusBlock> read(KsClient.Connection c, KsStreamHeader... hs) {
        return streamIo.read(c.pin(), hs).toCompletableFuture();
    }

    /** The request's final IoStatus (a failed one as its status with Information 0). */
    static IoStatusBlock done(CompletableFuture<IoStatusBlock> f) throws Exception {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KsStatusException) {
                IoStatusBlock failed = new IoStatusBlock();
                failed.set(((KsStatusException) e.getCause()).status(), 0);
                return failed;
            }
            throw e;
        }
    }

    @Test
    void theLeadingEdgeWalksFramesAcrossARequestAndItCompletesWhenTheLastIsPassed() throws Exception {
        onRunningPin(0, true, (c, pin) -> {
            KsStreamHeader[] hs = {frame(), frame(), frame()};
            CompletableFuture<IoStatusBlock> r = read(c, hs);
            assertEquals(1, pin.queued(), "one request waits");
            KsStreamPointer leading = pin.leadingEdge(true);
            assertNotNull(leading);
            assertEquals(3, pin.queued(), "taken into the queue: three frames at or ahead of the leading edge");
            assertSame(leading, pin.leadingEdge(true), "the one leading edge");
            assertEquals(FRAME, leading.remaining());
            leading.header().data().put(0, (byte) 0x5A);
            assertEquals(STATUS_SUCCESS, leading.advanceOffsets(100, false));
            assertEquals(100, leading.offset());
            assertEquals(FRAME - 100, leading.remaining());
            assertEquals(STATUS_SUCCESS, leading.advanceOffsets(FRAME - 100, false), "a full frame moves on");
            assertEquals(0, leading.offset(), "on the second frame");
            assertEquals(2, pin.queued());
            assertEquals(STATUS_SUCCESS, leading.advanceOffsets(0, true), "eject: the third frame");
            assertFalse(r.isDone(), "frames of the request are still ahead of the edge");
            assertEquals(STATUS_DEVICE_NOT_READY, leading.advanceOffsets(7, true), "no frame after the third");
            assertFalse(leading.locked(), "unlocked at the end of the queue");
            IoStatusBlock iosb = done(r);
            assertEquals(STATUS_SUCCESS, iosb.status());
            assertEquals(KsStreamHeader.totalSize(hs), iosb.information());
            assertEquals(FRAME, hs[0].dataUsed(), "DataUsed is what the pointer advanced over");
            assertEquals(0, hs[1].dataUsed());
            assertEquals(7, hs[2].dataUsed());
            assertEquals(0x5A, hs[0].data().get(0), "the device wrote into the client's buffer");
            assertNull(pin.leadingEdge(true), "nothing queued: no frame at the leading edge");
        });
    }

    @Test
    void aCloneHoldsItsRequestUntilDeleted() throws Exception {
        onRunningPin(0, true, (c, pin) -> {
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            CompletableFuture<IoStatusBlock> b = read(c, frame());
            KsStreamPointer leading = pin.leadingEdge(true);
            KsStreamPointer clone = leading.clone(null);
            assertTrue(clone.locked(), "a clone starts in its original's lock state");
            assertSame(clone, pin.firstClone());
            assertNull(clone.nextClone());
            clone.header().dataUsed(FRAME);
            leading.unlock(true);
            assertFalse(leading.locked());
            assertFalse(a.isDone(), "the leading edge passed it, the clone holds it");
            clone.delete();
            assertEquals(STATUS_SUCCESS, done(a).status());
            assertNull(pin.firstClone());
            assertEquals(STATUS_SUCCESS, leading.lock(), "the edge rests on the second request");
            assertFalse(b.isDone());
            leading.complete(); // an edge's complete ejects its frame
            assertEquals(STATUS_SUCCESS, done(b).status());
        });
    }

    @Test
    void withADistinctTrailingEdgeFramesWaitUntilItPassesThem() throws Exception {
        onRunningPin(KsPinDescriptor.KSPIN_FLAG_DISTINCT_TRAILING_EDGE, true, (c, pin) -> {
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            CompletableFuture<IoStatusBlock> b = read(c, frame());
            assertNull(pin.trailingEdge(true), "the leading edge has passed nothing yet");
            KsStreamPointer leading = pin.leadingEdge(true);
            assertTrue(leading.advance(), "onto the second request, locked");
            assertFalse(leading.advance(), "past it: the end");
            assertFalse(a.isDone() || b.isDone(), "both wait for the trailing edge");
            assertEquals(0, pin.queued(), "nothing ahead of the leading edge");
            KsStreamPointer trailing = pin.trailingEdge(true);
            assertNotNull(trailing);
            assertTrue(trailing.advance());
            assertEquals(STATUS_SUCCESS, done(a).status());
            assertFalse(b.isDone());
            trailing.unlock(true);
            assertEquals(STATUS_SUCCESS, done(b).status());
        });
    }

    @Test
    void withoutTheFlagThereIsNoTrailingEdge() throws Exception {
        try (KsClient.Connection c = connect(byHand, 0, true)) {
            c.run();
            read(c, frame());
            KsPin pin = created.get();
            pin.leadingEdge(true).unlock(true);
            assertNull(pin.trailingEdge(true));
            c.stop();
        }
        h.assertNoLeaks();
    }

    @Test
    void cancellingARequestCallsItsClonesCancelCallbackAndWaitsForALockedPointer() throws Exception {
        onRunningPin(0, true, (c, pin) -> {
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            KsStreamPointer leading = pin.leadingEdge(true);
            List<KsStreamPointer> told = new ArrayList<>();
            KsStreamPointer clone = leading.clone(p -> {
                told.add(p);
                p.delete();
            });
            clone.unlock(false);
            leading.unlock(true);
            h.io.cancelIoEx(c.pin());
            assertEquals(List.of(clone), told, "the clone's cancel callback ran");
            assertEquals(STATUS_CANCELLED, done(a).status());

            CompletableFuture<IoStatusBlock> b = read(c, frame());
            assertEquals(STATUS_SUCCESS, leading.lock());
            h.io.cancelIoEx(c.pin());
            assertFalse(b.isDone(), "a frame under a locked pointer is not cancelled yet");
            leading.unlock(false);
            assertEquals(STATUS_CANCELLED, done(b).status(), "the cancel takes effect at the unlock");
            assertFalse(leading.locked());
            assertNull(pin.leadingEdge(true), "the edge moved off the cancelled frame");
        });
    }

    @Test
    void aCloneWithoutACancelCallbackKeepsACancelledRequestUntilDeleted() throws Exception {
        onRunningPin(0, true, (c, pin) -> {
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            KsStreamPointer clone = pin.leadingEdge(true).clone(null);
            clone.unlock(false);
            pin.leadingEdge(false).unlock(true);
            h.io.cancelIoEx(c.pin());
            assertFalse(a.isDone());
            clone.delete();
            assertEquals(STATUS_CANCELLED, done(a).status());
        });
    }

    @Test
    void aTimeoutRunsItsCallbackAndACancelledOneDoesNot() throws Exception {
        onRunningPin(0, true, (c, pin) -> {
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            CompletableFuture<IoStatusBlock> b = read(c, frame());
            KsStreamPointer leading = pin.leadingEdge(true);
            KsStreamPointer first = leading.clone(null);
            leading.unlock(true);
            leading.lock();
            KsStreamPointer second = leading.clone(null);
            leading.unlock(true);
            CountDownLatch fired = new CountDownLatch(1);
            first.scheduleTimeout(p -> {
                p.fail(STATUS_IO_TIMEOUT);
                fired.countDown();
            }, 100_000); // 10 ms
            second.scheduleTimeout(p -> p.fail(STATUS_IO_TIMEOUT), 200_000);
            second.cancelTimeout();
            assertTrue(fired.await(5, TimeUnit.SECONDS));
            assertEquals(STATUS_IO_TIMEOUT, done(a).status(), "the timeout's status code");
            Thread.sleep(100);
            assertFalse(b.isDone(), "the cancelled timeout did not run");
            second.delete();
            assertEquals(STATUS_SUCCESS, done(b).status());
        });
    }

    @Test
    void aStatusCodeIsWhatTheRequestCompletesWith() throws Exception {
        onRunningPin(0, true, (c, pin) -> {
            CompletableFuture<IoStatusBlock> a = read(c, frame(), frame());
            KsStreamPointer leading = pin.leadingEdge(true);
            leading.fail(STATUS_DEVICE_DATA_ERROR);
            assertFalse(a.isDone(), "its second frame is still ahead");
            leading.lock();
            leading.complete();
            IoStatusBlock iosb = done(a);
            assertEquals(STATUS_DEVICE_DATA_ERROR, iosb.status(), "the first failure wins");
            assertEquals(0, iosb.information());
        });
    }

    @ParameterizedTest
    @CsvSource({"true, 0, 1", "false, 1, 0"})
    void withEnforceFifoRequestsCompleteInArrivalOrder(boolean fifo, int firstDone, int secondDone) throws Exception {
        onRunningPin(fifo ? KsPinDescriptor.KSPIN_FLAG_ENFORCE_FIFO : 0, true, (c, pin) -> {
            List<Integer> order = new ArrayList<>();
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            a.thenRun(() -> order.add(0));
            CompletableFuture<IoStatusBlock> b = read(c, frame());
            b.thenRun(() -> order.add(1));
            KsStreamPointer leading = pin.leadingEdge(true);
            KsStreamPointer clone = leading.clone(null);
            leading.unlock(true);
            leading.lock();
            leading.unlock(true); // the second request's only frame is done first
            assertEquals(!fifo, b.isDone(), "with FIFO the second waits for the first");
            clone.delete();
            done(a);
            done(b);
            assertEquals(List.of(firstDone, secondDone), order);
        });
    }

    @Test
    void aRenderPinsPointerReadsTheDataEachFrameCarries() throws Exception {
        onRunningPin(0, false, (c, pin) -> {
            KsStreamHeader one = frame().dataUsed(10);
            KsStreamHeader two = frame().dataUsed(20);
            CompletableFuture<IoStatusBlock> w = streamIo.write(c.pin(), one, two).toCompletableFuture();
            KsStreamPointer leading = pin.leadingEdge(true);
            assertEquals(10, leading.remaining(), "a render frame's remaining bytes are its DataUsed");
            assertEquals(STATUS_INVALID_PARAMETER, leading.advanceOffsets(11, false));
            assertEquals(STATUS_SUCCESS, leading.advanceOffsets(10, false));
            assertEquals(20, leading.remaining());
            assertEquals(STATUS_DEVICE_NOT_READY, leading.advanceOffsets(20, false), "the last frame consumed");
            IoStatusBlock iosb = done(w);
            assertEquals(STATUS_SUCCESS, iosb.status());
            assertEquals(30, iosb.information(), "the bytes consumed");
        });
    }

    @Test
    void aRenderRingsFramesComeFirstAndLaterWritesTravelAsRequests() throws Exception {
        h.io.fastIo().addBinding(new FastIoRouter.Binding("ring", "*", "*", List.of(), 0, 4));
        onRunningPin(0, false, (c, pin) -> {
            IoStatusBlock iosb = new IoStatusBlock();
            assertTrue(pin.fastWrite(new KsStreamHeader[] {frame().dataUsed(10)}, KsStreamHeader.SIZEOF, iosb), "accepted into the ring");
            assertEquals(1, pin.readyFrames());
            KsStreamPointer leading = pin.leadingEdge(true);
            assertEquals(10, leading.remaining(), "the ring's frame is the first in the queue");
            assertEquals(0, pin.readyFrames(), "the ring is gone");
            assertFalse(pin.fastWrite(new KsStreamHeader[] {frame().dataUsed(5)}, KsStreamHeader.SIZEOF, iosb), "fast writes decline now");
            CompletableFuture<IoStatusBlock> w = streamIo.write(c.pin(), frame().dataUsed(20)).toCompletableFuture();
            assertEquals(STATUS_SUCCESS, leading.advanceOffsets(10, false), "on to the write request");
            assertEquals(20, leading.remaining());
            assertEquals(STATUS_DEVICE_NOT_READY, leading.advanceOffsets(20, false));
            assertEquals(20, done(w).information());
            assertEquals(2, pin.framesCompleted(), "the ring frame and the request");
            assertEquals(30, pin.bytesCompleted());
        });
    }

    @Test
    void misusesAreViolationsOrStatuses() throws Exception {
        try (KsClient.Connection c = connect(byHand, 0, true)) {
            c.run();
            KsPin pin = created.get();
            read(c, frame());
            KsStreamPointer leading = pin.leadingEdge(false);
            assertFalse(leading.locked());
            KsVerifierException unlocked = assertThrows(KsVerifierException.class, leading::header);
            assertEquals("STREAM_POINTER_NOT_LOCKED", unlocked.rule());
            assertTrue(unlocked.getMessage().contains("pin 0 of filter 'f' of \\Driver\\QueueCam"), unlocked.getMessage());
            assertEquals(STATUS_DEVICE_NOT_READY, leading.advanceOffsets(1, false), "not locked");
            assertEquals(STATUS_SUCCESS, leading.lock());
            assertEquals(STATUS_INVALID_PARAMETER, leading.advanceOffsets(FRAME + 1, false));
            assertEquals("STREAM_POINTER_DELETED_EDGE", assertThrows(KsVerifierException.class, leading::delete).rule());
            KsStreamPointer clone = leading.clone(null);
            clone.delete();
            assertEquals("STREAM_POINTER_USED_AFTER_COMPLETION", assertThrows(KsVerifierException.class, clone::delete).rule());
            leading.unlock(true);
            c.stop();
        }
        h.assertNoLeaksExceptViolations();
    }

    @Test
    void stopEndsThePointersAndACloneStillHeldIsAViolation() throws Exception {
        try (KsClient.Connection c = connect(byHand, 0, true)) {
            c.run();
            KsPin pin = created.get();
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            KsStreamPointer clone = pin.leadingEdge(true).clone(null);
            assertThrows(KsStatusException.class, c::stop, "the state change fails");
            assertTrue(h.io.verifierViolations().stream().anyMatch(v -> v.startsWith("STREAM_POINTER_HELD_AT_STOP")
                    && v.contains("1 clone(s) and a locked edge") && v.contains("\\Driver\\QueueCam")), h.io.verifierViolations().toString());
            assertEquals(STATUS_CANCELLED, done(a).status(), "the request was not lost");
            assertEquals("STREAM_POINTER_USED_AFTER_COMPLETION", assertThrows(KsVerifierException.class, clone::header).rule());
            clone.delete(); // the one delete a device owes its clone, also after STOP
            assertThrows(KsVerifierException.class, clone::delete);
            assertNull(pin.leadingEdge(true), "below PAUSE there is no leading edge");
        }
        h.assertNoLeaksExceptViolations();
    }

    /**
     * The avshws shape: process clones the leading edge for each buffer the "hardware" takes and
     * moves the edge on; the hardware's timer fills the oldest clone, deletes it and calls
     * attemptProcessing; a cancel callback takes a clone back out of the hardware.
     */
    class CloningCapture implements KsPinDispatch {
        final int capacity;
        final ConcurrentLinkedQueue<KsStreamPointer> inHardware = new ConcurrentLinkedQueue<>();
        final AtomicInteger frames = new AtomicInteger();
        final AtomicInteger inProcess = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        CloningCapture(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public int process(KsPin pin) {
            mostAtOnce.accumulateAndGet(inProcess.incrementAndGet(), Math::max);
            try {
                KsStreamPointer leading = pin.leadingEdge(true);
                while (leading != null && leading.locked() && inHardware.size() < capacity) {
                    KsStreamPointer clone = leading.clone(this::cancelled);
                    clone.unlock(false);
                    inHardware.add(clone);
                    interrupts.schedule(() -> interrupt(pin), 20, TimeUnit.MICROSECONDS);
                    leading.advance();
                }
                if (leading != null && leading.locked()) {
                    leading.unlock(false);
                }
                return STATUS_PENDING;
            } finally {
                inProcess.decrementAndGet();
            }
        }

        synchronized void interrupt(KsPin pin) {
            KsStreamPointer clone = inHardware.poll();
            if (clone == null) {
                return;
            }
            if (clone.lock() == STATUS_SUCCESS) {
                KsStreamHeader hd = clone.header();
                hd.data().putInt(0, frames.incrementAndGet());
                pin.stamp(hd, FPS30);
                clone.advanceOffsets(FRAME, false); // the last write: a full frame is done
            }
            clone.delete();
            pin.attemptProcessing(true);
        }

        void cancelled(KsStreamPointer clone) {
            if (inHardware.remove(clone)) {
                clone.delete();
            }
        }

        @Override
        public int setDeviceState(KsPin pin, ks.api.ks.KsState to, ks.api.ks.KsState from) {
            if (to == ks.api.ks.KsState.KSSTATE_STOP) {
                pin.acquireProcessingMutex(); // no process adds a buffer while the hardware gives them back
                try {
                    synchronized (this) {
                        KsStreamPointer clone;
                        while ((clone = inHardware.poll()) != null) {
                            clone.delete(); // the hardware stops: its buffers go back
                        }
                    }
                } finally {
                    pin.releaseProcessingMutex();
                }
            }
            return STATUS_SUCCESS;
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "10, 2", "10, 4"})
    void aCloningDriverStreamsTenThousandFramesInOrder(int outstanding, int headersPerRead) throws Exception {
        CloningCapture driver = new CloningCapture(2);
        int total = 10_000;
        // asynchronous: the interrupt completes under its lock, and the next read must not start process there
        try (KsClient.Connection c = connect(driver, KsPinDescriptor.KSPIN_FLAG_ASYNCHRONOUS_PROCESSING, true)) {
            c.run();
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger last = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(total / headersPerRead);
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (issued.incrementAndGet() > total / headersPerRead) {
                    return;
                }
                KsStreamHeader[] hs = new KsStreamHeader[headersPerRead];
                for (int i = 0; i < hs.length; i++) {
                    hs[i] = frame();
                }
                streamIo.read(c.pin(), hs).whenComplete((iosb, e) -> {
                    if (e == null && iosb.status() == STATUS_SUCCESS) {
                        for (KsStreamHeader hd : hs) {
                            int n = hd.data().getInt(0);
                            if (hd.dataUsed() != FRAME || n != last.get() + 1) {
                                outOfOrder.incrementAndGet();
                            }
                            last.set(n);
                        }
                        all.countDown();
                        next[0].run();
                    }
                });
            };
            for (int i = 0; i < outstanding; i++) {
                next[0].run();
            }
            assertTrue(all.await(60, TimeUnit.SECONDS), "completed " + (total / headersPerRead - all.getCount()) + " of " + total / headersPerRead);
            assertEquals(0, outOfOrder.get(), "every frame full and in order");
            assertEquals(total, last.get());
            assertEquals(1, driver.mostAtOnce.get(), "process never ran twice at once");
            c.stop();
        }
        h.assertNoLeaks();
    }

    @Test
    void cancellingReadsTakesTheirClonesOutOfTheHardware() throws Exception {
        CloningCapture driver = new CloningCapture(2) {
            @Override
            void interrupt(KsPin pin) {
                // the hardware never finishes: only cancellation gives the buffers back
            }
        };
        try (KsClient.Connection c = connect(driver, 0, true)) {
            c.run();
            CompletableFuture<IoStatusBlock> a = read(c, frame());
            CompletableFuture<IoStatusBlock> b = read(c, frame());
            CompletableFuture<IoStatusBlock> third = read(c, frame());
            assertEquals(2, driver.inHardware.size());
            h.io.cancelIoEx(c.pin());
            assertEquals(STATUS_CANCELLED, done(a).status());
            assertEquals(STATUS_CANCELLED, done(b).status());
            assertEquals(STATUS_CANCELLED, done(third).status());
            assertEquals(0, driver.inHardware.size(), "the cancel callbacks took them back");
            c.stop();
        }
        h.assertNoLeaks();
    }
}
