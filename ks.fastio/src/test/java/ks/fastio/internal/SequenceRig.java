package ks.fastio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ks.api.fastio.FastIo;
import ks.api.io.FastIoDispatch;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;
import ks.core.internal.fastio.FastIoRouter;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;

/**
 * The real I/O manager (verifier on) with a KS device "SeqCam": a capture filter whose pin
 * produces frames on demand, each carrying its sequence number in its first 8 bytes and in its
 * times and flags; and a render filter whose pin records the sequence numbers it consumes.
 * The streaming provider is bound through the router exactly as the OSGi component binds it.
 */
final class SequenceRig implements AutoCloseable {

    static final int WIDTH = 16;
    static final int HEIGHT = 16;
    static final int FRAME_BYTES = WIDTH * HEIGHT * 2;
    static final long INTERVAL = 333_333;

    final IoManagerImpl io = new IoManagerImpl(true);
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(io, streamIo);
    final KsClient client = new KsClient(io, streamIo);
    final CountingFastIo streaming = new CountingFastIo(FastIo.STREAMING, new StreamingFastIo());
    final List<Long> rendered = new CopyOnWriteArrayList<>();
    volatile boolean consumeOnProcess = true;
    volatile KsPin capture;
    volatile KsPin render;
    private long next;

    static final ByteBuffer RANGE = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, INTERVAL, INTERVAL, 1_000_000, 0);

    SequenceRig(int readyFrames) {
        this(readyFrames, true);
    }

    SequenceRig(int readyFrames, boolean bindProvider) {
        if (readyFrames >= 0) {
            io.fastIo().addBinding(new FastIoRouter.Binding("test", "SeqCam", "*", List.of(FastIo.STREAMING), 0, readyFrames));
        }
        if (bindProvider) {
            bindProvider();
        }
        KsPinDescriptor out = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(RANGE)
                .framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FRAME_BYTES,
                        KsAllocatorFraming.FILE_QUAD_ALIGNMENT))
                .dispatch(new KsPinDispatch() {
                    @Override
                    public int create(KsPin pin) {
                        capture = pin;
                        return NtStatus.STATUS_SUCCESS;
                    }
                })
                .build();
        KsPinDescriptor in = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_IN)
                .dataRange(RANGE)
                .dispatch(new KsPinDispatch() {
                    @Override
                    public int create(KsPin pin) {
                        render = pin;
                        return NtStatus.STATUS_SUCCESS;
                    }

                    @Override
                    public int process(KsPin pin) {
                        while (consumeOnProcess && consume()) {
                            // everything waiting
                        }
                        return NtStatus.STATUS_PENDING;
                    }
                })
                .build();
        io.loadDriver((d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("SeqCam",
                KsFilterDescriptor.of("capture", "Sequence Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), out),
                KsFilterDescriptor.of("render", "Sequence Renderer", List.of(KsGuids.KSCATEGORY_RENDER), in))),
                "SeqCam", true, List.of(), 0);
    }

    void bindProvider() {
        io.fastIo().addProvider(new FastIoRouter.Provider(streaming, FastIo.STREAMING, 0, 1));
    }

    void unbindProvider() {
        io.fastIo().removeProvider(streaming);
    }

    void bind(FastIoDispatch provider, String name, int ranking, long id) {
        io.fastIo().addProvider(new FastIoRouter.Provider(provider, name, ranking, id));
    }

    KsClient.Connection connectCapture() throws KsStatusException {
        return client.connect(client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).get(0).symbolicLink(), 0,
                KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, INTERVAL, 0));
    }

    KsClient.Connection connectRender() throws KsStatusException {
        return client.connect(client.find(KsGuids.KSCATEGORY_RENDER).get(0).symbolicLink(), 0,
                KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, INTERVAL, 0));
    }

    /** The time, flags and size a frame with this sequence number carries (the test's own rule). */
    static long timeOf(long seq) {
        return 1_000_000 + seq * INTERVAL;
    }

    static int optionsOf(long seq) {
        int flags = KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
        return seq % 3 == 2 ? flags | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT : flags;
    }

    static int usedOf(long seq) {
        return FRAME_BYTES - (int) (seq % 7) * 8;
    }

    /**
     * The device produces its next frame: into a queued read or, if none, the ready ring.
     *
     * @return false when neither can take it (the frame is not produced, the sequence stays)
     */
    boolean produce() {
        KsStreamPointer p = capture.acquireLeadingEdge();
        if (p == null) {
            return false;
        }
        do {
            long seq = next++;
            KsStreamHeader h = p.header();
            h.data().putLong(0, seq);
            h.dataUsed(usedOf(seq)).presentationTime(timeOf(seq)).duration(INTERVAL).optionsFlags(optionsOf(seq));
        } while (p.advance());
        p.complete();
        return true;
    }

    long produced() {
        return next;
    }

    /** The render device consumes one frame; false when nothing waits. */
    boolean consume() {
        return render.fillNext((pin, h) -> rendered.add(h.dataUsed() >= 8 ? h.data().getLong(0) : -1));
    }

    static KsStreamHeader readHeader() {
        return new KsStreamHeader(ByteBuffer.allocate(FRAME_BYTES));
    }

    static KsStreamHeader writeHeader(long seq) {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(FRAME_BYTES));
        h.data().putLong(0, seq);
        return h.dataUsed(usedOf(seq)).presentationTime(timeOf(seq)).duration(INTERVAL).optionsFlags(optionsOf(seq));
    }

    /** What a delivered header must look like for frame {@code seq}. */
    static void assertFrame(long seq, KsStreamHeader h) {
        assertEquals(seq, h.data().getLong(0), "sequence number");
        assertEquals(usedOf(seq), h.dataUsed(), "DataUsed of " + seq);
        assertEquals(timeOf(seq), h.presentationTime(), "PresentationTime of " + seq);
        assertEquals(INTERVAL, h.duration(), "Duration of " + seq);
        assertEquals(optionsOf(seq), h.optionsFlags(), "OptionsFlags of " + seq);
    }

    void assertNoLeaks() {
        assertEquals(0, io.outstandingIrps(), "IRPs allocated and not returned to the pool");
        assertTrue(io.inFlightIrps().isEmpty(), "IRPs still in flight: " + io.inFlightIrps());
        assertEquals(List.of(), io.verifierViolations());
    }

    @Override
    public void close() {
        io.shutdown();
    }
}
