package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pin-to-pin connections (KSPIN_CONNECT.PinToHandle): a source pin created onto a sink pin of
 * another filter, KSPIN_DISPATCH Connect and Disconnect on the sink in their order, frames moving
 * between the two devices without the client, and the refusals.
 */
class PinToPinTest {

    static final long FPS30 = 333_333;
    static final int W = 16;
    static final int H = 8;
    static final int FRAME = W * H * 2;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger produced = new AtomicInteger();
    final AtomicReference<KsPin> sinkPin = new AtomicReference<>();
    volatile int connectVerdict = STATUS_SUCCESS;
    CountDownLatch enough = new CountDownLatch(50);

    @AfterEach
    void cleanUp() throws InterruptedException {
        hardware.shutdown();
        assertTrue(hardware.awaitTermination(5, TimeUnit.SECONDS));
        h.io.shutdown();
    }

    final ScheduledExecutorService hardware = Executors.newSingleThreadScheduledExecutor();

    /** Simulated hardware: while the pin runs, a frame every millisecond into the oldest queued read, numbered. */
    final KsPinDispatch producing = new KsPinDispatch() {
        @Override
        public int setDeviceState(KsPin pin, KsState to, KsState from) {
            if (to == KsState.KSSTATE_RUN) {
                pin.context(hardware.scheduleAtFixedRate(() -> pin.fillNext((p, hd) -> {
                    hd.data().putInt(0, produced.incrementAndGet());
                    hd.dataUsed(FRAME);
                }), 1, 1, TimeUnit.MILLISECONDS));
            } else if (from == KsState.KSSTATE_RUN) {
                ((ScheduledFuture<?>) pin.context()).cancel(false);
            }
            return STATUS_SUCCESS;
        }

        @Override
        public void close(KsPin pin) {
            calls.add("source close");
        }
    };

    /** Consumes every queued write, noting its frame number; records Connect and Disconnect. */
    final KsPinDispatch consuming = new KsPinDispatch() {
        @Override
        public int create(KsPin pin) {
            sinkPin.set(pin);
            return STATUS_SUCCESS;
        }

        @Override
        public int connect(KsPin pin) {
            calls.add("connect");
            return connectVerdict;
        }

        @Override
        public void disconnect(KsPin pin) {
            calls.add("disconnect");
        }

        @Override
        public void close(KsPin pin) {
            calls.add("sink close");
        }

        @Override
        public int process(KsPin pin) {
            KsStreamPointer p;
            while ((p = pin.acquireLeadingEdge()) != null) {
                received.add(p.header().data().getInt(0));
                p.complete();
                enough.countDown();
            }
            return STATUS_PENDING;
        }
    };

    KsPinDescriptor pin(int dataFlow, int communication, KsPinDispatch dispatch) {
        return KsPinDescriptor.builder()
                .dataFlow(dataFlow)
                .communication(communication)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, FPS30, FPS30, 0))
                .instances(2, 0)
                .dispatch(dispatch)
                .build();
    }

    FileObject[] filters(int sourceCommunication) throws KsStatusException {
        h.load("Producer", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("Producer", KsFilterDescriptor.of("f",
                "Producer", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE),
                pin(KsProperty.KSPIN_DATAFLOW_OUT, sourceCommunication, producing),
                pin(KsProperty.KSPIN_DATAFLOW_IN, KsProperty.KSPIN_COMMUNICATION_BOTH, producing)))));
        h.load("Consumer", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("Consumer", KsFilterDescriptor.of("f",
                "Consumer", List.of(KsGuids.KSCATEGORY_RENDER), pin(KsProperty.KSPIN_DATAFLOW_IN, KsProperty.KSPIN_COMMUNICATION_SINK, consuming)))));
        return new FileObject[] {client.openFilter(client.find(KsGuids.KSCATEGORY_CAPTURE).get(0).symbolicLink()),
            client.openFilter(client.find(KsGuids.KSCATEGORY_RENDER).get(0).symbolicLink())};
    }

    static ByteBuffer format() {
        return KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, 0);
    }

    @Test
    void framesFlowFromTheSourceToTheSinkAndConnectAndDisconnectComeInOrder() throws Exception {
        FileObject[] f = filters(KsProperty.KSPIN_COMMUNICATION_BOTH);
        FileObject sink = client.createPin(f[1], 0, format(), false);
        FileObject source = client.createPin(f[0], 0, format(), true, sink);
        assertEquals(List.of("connect"), calls, "the sink's Connect before the source pin's create returns");
        KsPin sinkSide = sinkPin.get();
        assertSame(sinkSide, sinkSide.connectedPin().connectedPin(), "each end names the other");
        client.setState(sink, KsState.KSSTATE_RUN);
        client.setState(source, KsState.KSSTATE_RUN);
        assertTrue(enough.await(10, TimeUnit.SECONDS), "frames through the connection: " + received.size());
        client.setState(source, KsState.KSSTATE_STOP);
        List<Integer> got = List.copyOf(received);
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i) > got.get(i - 1), "in the order made: " + got);
        }
        h.io.closeFile(source);
        assertEquals("connect", calls.get(0));
        assertTrue(calls.indexOf("disconnect") > 0 && calls.indexOf("disconnect") < calls.indexOf("source close"),
                "Disconnect once the source's handle is cleaned up, before the source hears Close: " + calls);
        assertNull(sinkSide.connectedPin(), "the sink is free again");
        client.setState(sink, KsState.KSSTATE_STOP);
        h.io.closeFile(sink);
        h.io.closeFile(f[0]);
        h.io.closeFile(f[1]);
        assertEquals(1, Collections.frequency(calls, "disconnect"));
        h.assertNoLeaks();
    }

    @Test
    void closingTheSinkFirstDisconnectsBeforeItsClose() throws Exception {
        FileObject[] f = filters(KsProperty.KSPIN_COMMUNICATION_BOTH);
        FileObject sink = client.createPin(f[1], 0, format(), false);
        FileObject source = client.createPin(f[0], 0, format(), true, sink);
        h.io.closeFile(sink);
        assertEquals(List.of("connect", "disconnect", "sink close"), calls);
        h.io.closeFile(source);
        h.io.closeFile(f[0]);
        h.io.closeFile(f[1]);
        h.assertNoLeaks();
    }

    @Test
    void connectionsThatCannotBeMadeAreRefused() throws Exception {
        FileObject[] f = filters(KsProperty.KSPIN_COMMUNICATION_SINK);
        FileObject sink = client.createPin(f[1], 0, format(), false);
        assertEquals(NtStatus.STATUS_INVALID_HANDLE, assertThrows(KsStatusException.class,
                () -> client.createPin(f[0], 0, format(), true, f[1])).status(), "a filter is no pin");
        assertEquals(NtStatus.STATUS_NO_MATCH, assertThrows(KsStatusException.class,
                () -> client.createPin(f[0], 0, format(), true, sink)).status(), "the factory cannot be a source");
        assertEquals(NtStatus.STATUS_NO_MATCH, assertThrows(KsStatusException.class,
                () -> client.createPin(f[0], 1, format(), false, sink)).status(), "both ends take data in");
        FileObject other = client.createPin(f[0], 1, format(), false);
        assertEquals(NtStatus.STATUS_NO_MATCH, assertThrows(KsStatusException.class,
                () -> client.createPin(f[1], 0, format(), false, other)).status(), "a sink-only factory is no source");
        h.io.closeFile(other);
        h.io.closeFile(sink);
        h.io.closeFile(f[0]);
        h.io.closeFile(f[1]);
        h.assertNoLeaks();
    }

    @Test
    void aSinkThatRefusesConnectFailsTheSourcesCreateAndABusySinkIsRefused() throws Exception {
        FileObject[] f = filters(KsProperty.KSPIN_COMMUNICATION_BOTH);
        FileObject sink = client.createPin(f[1], 0, format(), false);
        connectVerdict = NtStatus.STATUS_INSUFFICIENT_RESOURCES;
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, assertThrows(KsStatusException.class,
                () -> client.createPin(f[0], 0, format(), true, sink)).status());
        assertEquals(List.of("connect", "source close"), calls, "the source pin was created, then closed again");
        connectVerdict = STATUS_SUCCESS;
        FileObject source = client.createPin(f[0], 0, format(), true, sink);
        assertEquals(NtStatus.STATUS_DEVICE_BUSY, assertThrows(KsStatusException.class,
                () -> client.createPin(f[0], 0, format(), true, sink)).status(), "one connection per sink pin");
        h.io.closeFile(source);
        h.io.closeFile(sink);
        h.io.closeFile(f[0]);
        h.io.closeFile(f[1]);
        h.assertNoLeaks();
    }

    @Test
    void twoDevicesThatCompleteAtOnceDoNotHoldTheThreadThatStartsTheStream() throws Exception {
        AtomicInteger consumed = new AtomicInteger();
        KsPinDispatch instantSource = new KsPinDispatch() {
            @Override
            public int process(KsPin pin) {
                KsStreamPointer p;
                while ((p = pin.acquireLeadingEdge()) != null) {
                    p.header().dataUsed(FRAME);
                    p.complete();
                }
                return STATUS_PENDING;
            }
        };
        KsPinDispatch instantSink = new KsPinDispatch() {
            @Override
            public int process(KsPin pin) {
                KsStreamPointer p;
                while ((p = pin.acquireLeadingEdge()) != null) {
                    p.complete();
                    consumed.incrementAndGet();
                }
                return STATUS_PENDING;
            }
        };
        h.load("Instant", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("Instant", KsFilterDescriptor.of("f",
                "Instant", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE),
                pin(KsProperty.KSPIN_DATAFLOW_OUT, KsProperty.KSPIN_COMMUNICATION_BOTH, instantSource)))));
        h.load("Drain", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("Drain", KsFilterDescriptor.of("f",
                "Drain", List.of(KsGuids.KSCATEGORY_RENDER), pin(KsProperty.KSPIN_DATAFLOW_IN, KsProperty.KSPIN_COMMUNICATION_SINK, instantSink)))));
        FileObject source = client.openFilter(client.find(KsGuids.KSCATEGORY_CAPTURE).get(0).symbolicLink());
        FileObject drain = client.openFilter(client.find(KsGuids.KSCATEGORY_RENDER).get(0).symbolicLink());
        FileObject sink = client.createPin(drain, 0, format(), false);
        FileObject out = client.createPin(source, 0, format(), true, sink);
        client.setState(sink, KsState.KSSTATE_RUN);
        java.util.concurrent.CompletableFuture<Void> run = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                client.setState(out, KsState.KSSTATE_RUN);
            } catch (KsStatusException e) {
                throw new IllegalStateException(e);
            }
        });
        run.get(5, TimeUnit.SECONDS); // before the fix this call never came back
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumed.get() < 1000 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(consumed.get() >= 1000, "frames at full speed: " + consumed.get());
        client.setState(out, KsState.KSSTATE_STOP);
        client.setState(sink, KsState.KSSTATE_STOP);
        h.io.closeFile(out);
        h.io.closeFile(sink);
        h.io.closeFile(source);
        h.io.closeFile(drain);
        h.assertNoLeaks();
    }
}
