package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsGuids;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProcessPin;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Filter-centric processing: a transform filter whose KSFILTER_DISPATCH.Process sees one process
 * pin per open pin instance, called only when every pin that needs a frame has one.
 */
class FilterProcessingTest {

    static final long FPS30 = 333_333;
    static final int W = 16;
    static final int H = 8;
    static final int FRAME = W * H * 2;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final AtomicInteger pinProcessCalls = new AtomicInteger();
    final List<FileObject> opened = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void cleanUp() {
        for (FileObject f : opened) {
            h.io.closeFile(f);
        }
        h.io.shutdown();
    }

    /** An inverter: each input frame's bytes, complemented, into one output frame. */
    final class Inverter implements KsFilterDispatch {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inProcess = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public int process(KsFilter filter, List<List<KsProcessPin>> index) {
            mostAtOnce.accumulateAndGet(inProcess.incrementAndGet(), Math::max);
            try {
                calls.incrementAndGet();
                seen.add(index.get(0).size() + "+" + index.get(1).size());
                KsProcessPin in = index.get(0).get(0);
                KsProcessPin out = index.get(1).get(0);
                ByteBuffer src = in.data();
                ByteBuffer dst = out.data();
                int n = Math.min(in.bytesAvailable(), out.bytesAvailable());
                for (int i = 0; i < n; i++) {
                    dst.put(i, (byte) ~src.get(i));
                }
                in.bytesUsed(n);
                out.bytesUsed(n);
                out.terminate(true); // one output frame per input frame
                return STATUS_SUCCESS;
            } finally {
                inProcess.decrementAndGet();
            }
        }

        @Override
        public void reset(KsFilter filter) {
            resets.incrementAndGet();
        }
    }

    final KsPinDispatch pinDispatch = new KsPinDispatch() {
        @Override
        public int process(KsPin pin) {
            pinProcessCalls.incrementAndGet();
            return STATUS_PENDING;
        }
    };

    KsPinDescriptor pin(int dataFlow, int flags) {
        return KsPinDescriptor.builder()
                .dataFlow(dataFlow)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, FPS30, FPS30, 0))
                .instances(1, 1)
                .flags(flags)
                .dispatch(pinDispatch)
                .build();
    }

    /** Loads the filter and opens it; returns the filter's file object. */
    FileObject open(KsFilterDispatch dispatch, KsPinDescriptor... pins) throws KsStatusException {
        h.load("Inverter", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("Inverter",
                new KsFilterDescriptor("f", "Inverter", List.of(KsGuids.KSCATEGORY_VIDEO), List.of(pins), List.of(), dispatch))));
        FileObject filter = client.openFilter(client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink());
        opened.add(filter);
        return filter;
    }

    FileObject createPin(FileObject filter, int id, boolean capture) throws KsStatusException {
        FileObject p = client.createPin(filter, id, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, W, H, 16, FPS30, 0), capture);
        opened.add(0, p);
        return p;
    }

    @Test
    void aTransformFilterProcessesEveryFrameAcrossItsTwoPins() throws Exception {
        Inverter inverter = new Inverter();
        FileObject filter = open(inverter, pin(KsProperty.KSPIN_DATAFLOW_IN, 0), pin(KsProperty.KSPIN_DATAFLOW_OUT, 0));
        FileObject in = createPin(filter, 0, false);
        FileObject out = createPin(filter, 1, true);
        client.setState(in, KsState.KSSTATE_RUN);
        client.setState(out, KsState.KSSTATE_RUN);
        int total = 1000;
        AtomicInteger wrong = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(total);
        for (int i = 0; i < total; i++) {
            KsStreamHeader w = new KsStreamHeader(ByteBuffer.allocate(FRAME)).dataUsed(FRAME);
            for (int b = 0; b < FRAME; b++) {
                w.data().put(b, (byte) (i + b));
            }
            KsStreamHeader r = new KsStreamHeader(ByteBuffer.allocate(FRAME));
            int frame = i;
            streamIo.read(out, r).whenComplete((iosb, e) -> {
                boolean ok = e == null && r.dataUsed() == FRAME;
                for (int b = 0; ok && b < FRAME; b++) {
                    ok = r.data().get(b) == (byte) ~(frame + b);
                }
                if (!ok) {
                    wrong.incrementAndGet();
                }
                all.countDown();
            });
            streamIo.write(in, w);
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "reads left: " + all.getCount());
        assertEquals(0, wrong.get(), "every output frame is its input inverted, in order");
        assertEquals(1, inverter.mostAtOnce.get(), "the filter's process never ran twice at once");
        assertEquals(0, pinProcessCalls.get(), "a filter-centric filter's pins are not processed on their own");
        assertTrue(inverter.seen.stream().allMatch("1+1"::equals), "one process pin per open pin: " + inverter.seen);
        client.setState(in, KsState.KSSTATE_STOP);
        client.setState(out, KsState.KSSTATE_STOP);
    }

    @Test
    void processWaitsUntilEveryPinThatNeedsAFrameHasOne() throws Exception {
        Inverter inverter = new Inverter();
        FileObject filter = open(inverter, pin(KsProperty.KSPIN_DATAFLOW_IN, 0), pin(KsProperty.KSPIN_DATAFLOW_OUT, 0));
        FileObject in = createPin(filter, 0, false);
        client.setState(in, KsState.KSSTATE_RUN);
        CompletableFuture<IoStatusBlock> w = streamIo.write(in, new KsStreamHeader(ByteBuffer.allocate(FRAME)).dataUsed(FRAME))
                .toCompletableFuture();
        assertEquals(0, inverter.calls.get(), "the output factory has no instance yet (necessary instances 1)");
        FileObject out = createPin(filter, 1, true);
        client.setState(out, KsState.KSSTATE_PAUSE);
        assertEquals(0, inverter.calls.get(), "the output pin has no frame");
        KsStreamHeader rh = new KsStreamHeader(ByteBuffer.allocate(FRAME));
        CompletableFuture<IoStatusBlock> r = streamIo.read(out, rh).toCompletableFuture();
        assertEquals(STATUS_SUCCESS, r.get(5, TimeUnit.SECONDS).status());
        assertEquals(FRAME, rh.dataUsed(), "the output frame filled");
        assertEquals(STATUS_SUCCESS, w.get(5, TimeUnit.SECONDS).status());
        assertEquals(1, inverter.calls.get(), "called once both pins had a frame");
        client.setState(in, KsState.KSSTATE_STOP);
        client.setState(out, KsState.KSSTATE_STOP);
    }

    @Test
    void aPinThatNeedsNoFramesGetsAProcessPinWithoutAPointer() throws Exception {
        AtomicReference<KsProcessPin> control = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        KsFilterDispatch sink = new KsFilterDispatch() {
            @Override
            public int process(KsFilter filter, List<List<KsProcessPin>> index) {
                calls.incrementAndGet();
                control.set(index.get(1).get(0));
                KsProcessPin in = index.get(0).get(0);
                in.bytesUsed(in.bytesAvailable());
                return STATUS_PENDING;
            }
        };
        FileObject filter = open(sink, pin(KsProperty.KSPIN_DATAFLOW_IN, 0),
                pin(KsProperty.KSPIN_DATAFLOW_OUT, KsPinDescriptor.KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING));
        FileObject in = createPin(filter, 0, false);
        FileObject side = createPin(filter, 1, true);
        client.setState(side, KsState.KSSTATE_PAUSE);
        client.setState(in, KsState.KSSTATE_RUN);
        CompletableFuture<IoStatusBlock> w = streamIo.write(in, new KsStreamHeader(ByteBuffer.allocate(FRAME)).dataUsed(100))
                .toCompletableFuture();
        assertEquals(100, w.get(5, TimeUnit.SECONDS).information(), "consumed through BytesUsed");
        assertEquals(1, calls.get());
        assertNotNull(control.get());
        assertNull(control.get().streamPointer(), "no frame on the pin that needs none");
        assertEquals(0, control.get().bytesAvailable());
        client.setState(in, KsState.KSSTATE_STOP);
        client.setState(side, KsState.KSSTATE_STOP);
    }

    @Test
    void aResetOfAFilterCentricFiltersPinGoesToTheFilter() throws Exception {
        Inverter inverter = new Inverter();
        FileObject filter = open(inverter, pin(KsProperty.KSPIN_DATAFLOW_IN, 0), pin(KsProperty.KSPIN_DATAFLOW_OUT, 0));
        FileObject in = createPin(filter, 0, false);
        client.setState(in, KsState.KSSTATE_PAUSE);
        assertEquals(STATUS_SUCCESS, client.reset(in, KsIoctl.KSRESET_BEGIN));
        assertEquals(1, inverter.resets.get(), "AVStrMiniFilterReset");
        assertEquals(STATUS_SUCCESS, client.reset(in, KsIoctl.KSRESET_END));
        client.setState(in, KsState.KSSTATE_STOP);
    }
}
