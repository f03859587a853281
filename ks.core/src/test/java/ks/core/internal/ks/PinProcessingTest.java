package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AVStream's pin-centric processing: a capture driver written as AVStream drivers are, which takes
 * the leading edge in process when its "hardware" has room, returns STATUS_PENDING when it has
 * none, and completes the frame and calls KsPinAttemptProcessing from its timer "interrupt".
 */
class PinProcessingTest {

    static final long FPS30 = 333_333;
    static final int W = 64;
    static final int H = 48;
    static final int FRAME = W * H * 2;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final ScheduledExecutorService interrupts = Executors.newSingleThreadScheduledExecutor();
    final AtomicInteger inProcess = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger processed = new AtomicInteger();
    final AtomicInteger frames = new AtomicInteger();

    @AfterEach
    void cleanUp() throws InterruptedException {
        // a read's CompletionStage completes in its completion routine, before final completion
        // gives the IRP back: the interrupt thread finishes that before the pool is counted
        interrupts.shutdown();
        assertTrue(interrupts.awaitTermination(5, TimeUnit.SECONDS));
        h.assertNoLeaks();
        h.io.shutdown();
    }

    /** The simulated hardware: one frame buffer, filled by a timer a little later. */
    final class SimulatedCapture implements KsPinDispatch {
        final AtomicBoolean busy = new AtomicBoolean();
        final boolean attemptFromInterrupt;

        SimulatedCapture(boolean attemptFromInterrupt) {
            this.attemptFromInterrupt = attemptFromInterrupt;
        }

        @Override
        public int process(KsPin pin) {
            int now = inProcess.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                processed.incrementAndGet();
                if (!busy.compareAndSet(false, true)) {
                    return STATUS_PENDING; // no room in the hardware: wait for its interrupt
                }
                KsStreamPointer leading = pin.acquireLeadingEdge();
                if (leading == null) {
                    busy.set(false);
                    return STATUS_PENDING;
                }
                interrupts.schedule(() -> interrupt(pin, leading), 20, TimeUnit.MICROSECONDS);
                return STATUS_SUCCESS; // asked again while reads wait: it answers PENDING until the interrupt
            } finally {
                inProcess.decrementAndGet();
            }
        }

        void interrupt(KsPin pin, KsStreamPointer leading) {
            KsStreamHeader hd = leading.header();
            hd.data().putInt(0, frames.incrementAndGet());
            hd.dataUsed(FRAME);
            pin.stamp(hd, FPS30);
            leading.complete();
            busy.set(false);
            if (attemptFromInterrupt) {
                pin.attemptProcessing(true); // the hardware has room again
            }
        }
    }

    KsClient.Connection connect(KsPinDispatch dispatch, int flags) throws KsStatusException {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, FPS30, FPS30, 0))
                .flags(flags)
                .dispatch(dispatch)
                .build();
        h.load("SimCam", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("SimCam",
                KsFilterDescriptor.of("capture", "Simulated Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), pin))));
        String link = client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).get(0).symbolicLink();
        return client.connect(link, 0, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, 0));
    }

    /** Reads {@code total} frames keeping {@code outstanding} reads in flight; returns how many completed in time. */
    int stream(KsClient.Connection c, int total, int outstanding, long seconds) throws Exception {
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(total);
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (issued.incrementAndGet() > total) {
                return;
            }
            KsStreamHeader hd = new KsStreamHeader(ByteBuffer.allocate(FRAME));
            streamIo.read(c.pin(), hd).whenComplete((iosb, e) -> {
                if (e == null && iosb.status() == STATUS_SUCCESS) {
                    completed.incrementAndGet();
                    all.countDown();
                    next[0].run();
                }
            });
        };
        for (int i = 0; i < outstanding; i++) {
            next[0].run();
        }
        all.await(seconds, TimeUnit.SECONDS);
        return completed.get();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void anAvStreamStyleDriverStreamsTenThousandFramesWithoutAStall(int outstanding) throws Exception {
        try (KsClient.Connection c = connect(new SimulatedCapture(true), 0)) {
            c.run();
            assertEquals(10_000, stream(c, 10_000, outstanding, 60), "frames completed with " + outstanding + " reads in flight");
            assertEquals(1, mostAtOnce.get(), "process never ran twice at once on the pin");
            c.stop();
        }
    }

    @Test
    void withoutAttemptProcessingTheSameDriverStalls() throws Exception {
        // what a port did before KsPinAttemptProcessing: the reads queued behind the busy hardware wait forever
        try (KsClient.Connection c = connect(new SimulatedCapture(false), 0)) {
            c.run();
            int done = stream(c, 200, 10, 2);
            assertTrue(done < 200, "stalls: " + done + " of 200");
            c.stop(); // STOP cancels the reads left queued
        }
    }

    @Test
    void concurrentSubmittersNeverRunProcessTwiceAtOnce() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        KsPinDispatch counting = new KsPinDispatch() {
            @Override
            public int process(KsPin pin) {
                int now = inProcess.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                processed.incrementAndGet();
                try {
                    slow.await(200, TimeUnit.MICROSECONDS); // a little work, so submitters overlap it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                KsStreamPointer p;
                while ((p = pin.acquireLeadingEdge()) != null) {
                    p.header().dataUsed(0);
                    p.complete();
                }
                inProcess.decrementAndGet();
                return STATUS_PENDING;
            }
        };
        try (KsClient.Connection c = connect(counting, KsPinDescriptor.KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL)) {
            c.run();
            ExecutorService submitters = Executors.newFixedThreadPool(8);
            List<CompletableFuture<IoStatusBlock>> reads = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                CompletableFuture<IoStatusBlock> r = new CompletableFuture<>();
                reads.add(r);
                submitters.execute(() -> streamIo.read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(16)))
                        .whenComplete((iosb, e) -> {
                            if (e != null) {
                                r.completeExceptionally(e);
                            } else {
                                r.complete(iosb);
                            }
                        }));
            }
            CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            submitters.shutdown();
            assertEquals(1, mostAtOnce.get(), "process ran on one thread at a time");
            assertTrue(processed.get() >= 1 && processed.get() <= 2_000, processed.get() + " calls");
            c.stop();
        }
    }

    @Test
    void theFlagsDecideWhichArrivalsStartProcessing() throws Exception {
        KsPinDispatch idle = new KsPinDispatch() {
            @Override
            public int process(KsPin pin) {
                processed.incrementAndGet();
                return STATUS_PENDING; // takes nothing: the queue keeps growing
            }
        };
        try (KsClient.Connection c = connect(idle, 0)) {
            c.run();
            for (int i = 0; i < 3; i++) {
                streamIo.read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(16)));
            }
            assertEquals(1, processed.get(), "by default only the arrival into an empty queue starts processing");
            framework.device(h.io.findDevice("\\Device\\SimCam")).filters().get(0).pins().get(0).attemptProcessing(false);
            assertEquals(2, processed.get(), "KsPinAttemptProcessing, synchronous: on this thread, before it returns");
            c.stop();
        }
    }

    @Test
    void everyArrivalAndDoNotInitiate() throws Exception {
        KsPinDispatch idle = new KsPinDispatch() {
            @Override
            public int process(KsPin pin) {
                processed.incrementAndGet();
                return STATUS_PENDING;
            }
        };
        try (KsClient.Connection c = connect(idle, KsPinDescriptor.KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL)) {
            c.run();
            for (int i = 0; i < 3; i++) {
                streamIo.read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(16)));
            }
            assertEquals(3, processed.get(), "INITIATE_PROCESSING_ON_EVERY_ARRIVAL: each read");
            c.stop();
        }
    }

    @Test
    void doNotInitiateLeavesItToAttemptProcessingAndTheStateChange() throws Exception {
        KsPinDispatch idle = new KsPinDispatch() {
            @Override
            public int process(KsPin pin) {
                processed.incrementAndGet();
                return STATUS_PENDING;
            }
        };
        try (KsClient.Connection c = connect(idle, KsPinDescriptor.KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING
                | KsPinDescriptor.KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY)) {
            client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            streamIo.read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(16)));
            assertEquals(0, processed.get(), "no processing on arrival, and none in PAUSE");
            c.run();
            assertEquals(1, processed.get(), "reaching RUN with a read queued starts it");
            streamIo.read(c.pin(), new KsStreamHeader(ByteBuffer.allocate(16)));
            assertEquals(1, processed.get());
            c.stop();
        }
    }
}
