package ks.benchmarks;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ks.api.fastio.FastIo;
import ks.api.io.DeviceObject;
import ks.api.io.DriverDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KProcessorMode;
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
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;
import ks.core.internal.fastio.FastIoRouter;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.FrameMemory;
import ks.core.internal.ks.KsFrameworkImpl;
import ks.core.internal.ks.KsStreamIoImpl;
import ks.fastio.internal.CountingFastIo;
import ks.fastio.internal.StreamingFastIo;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One captured frame handed to a KsStreamIo read, on a KS capture pin under an upper filter
 * (root PDO, KS FDO, filter: a 3-deep stack):
 * <ul>
 * <li>{@code fastPath}: the device completes the frame into the pin's ready ring, then the read
 *     is served by the streaming provider without an IRP (one copy into the client's buffer);</li>
 * <li>{@code irpPath}: the read goes down the stack as an IRP and pends, then the device completes
 *     the frame into it and the completion walks back up (no copy: the device filled the client's
 *     buffer);</li>
 * <li>{@code fastReadOnly}: the read alone, served by the streaming provider from frames the
 *     device put into the ring before the timed part ({@value #BATCH} reads per invocation, the
 *     frames produced in an untimed per-invocation setup);</li>
 * <li>{@code pinReadOnly}: as {@code fastReadOnly}, but calling the pin's {@link KsPin#fastRead}
 *     directly, without KsStreamIo, the fast I/O router and the provider: the pin's share of
 *     {@code fastReadOnly};</li>
 * <li>{@code copyOnly}: the copy of the frame's bytes alone, to subtract from {@code fastPath};</li>
 * <li>{@code copyBatch}: the copy alone in {@code fastReadOnly}'s harness ({@value #BATCH} copies
 *     per invocation from the {@value #BATCH} frames of a pin's ring in turn into the read header's
 *     buffer, the header reset before each, a per-invocation setup), to subtract from
 *     {@code fastReadOnly}.</li>
 * </ul>
 * The device writes no pixels in either path (it only sets DataUsed), so the only data movement
 * measured is the fast path's one copy.
 *
 * <p>Where two buffers lie changes a 1 KB copy between them by several ns: about 16 ns when both
 * start on a cache line and 20 to 22 ns eight bytes off one, on the development machine, and some
 * pairs of addresses take twice as long as others even then. So {@code copyBatch} copies between
 * the buffers of a pin's ring and a read header as {@code fastReadOnly} does (the very same ones in
 * {@link FastIoOverheadRounds}), and every other buffer here starts on a cache line like the ring's
 * frames ({@link FrameMemory}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FastIoDispatchBenchmark {

    /** Reads per invocation of {@code fastReadOnly}, and the depth of its ready ring. */
    static final int BATCH = 16;

    /** 1 KB (32 x 16 YUY2) and 1080p YUY2 (4,147,200 B). */
    @Param({"1024", "4147200"})
    public int frameBytes;

    /**
     * {@code counted}: the streaming provider as ks.fastio publishes it, inside its statistics
     * decorator; {@code bare} ({@code -p provider=bare}): the provider alone.
     */
    @Param({"counted"})
    public String provider;

    private Rig fast;
    private Rig irp;
    private ByteBuffer copySource;
    private ByteBuffer copyTarget;

    @Setup(Level.Trial)
    public void setUp() throws KsStatusException {
        fast = new Rig(frameBytes, 2, provider);
        irp = new Rig(frameBytes, 0, provider);
        copySource = FrameMemory.allocate(frameBytes, FrameMemory.CACHE_LINE);
        copyTarget = FrameMemory.allocate(frameBytes, FrameMemory.CACHE_LINE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fast.close();
        irp.close();
    }

    @Benchmark
    public int fastPath() {
        fast.produce();
        int status = fast.read();
        if (status != NtStatus.STATUS_SUCCESS) {
            throw new IllegalStateException("fast path not taken: " + NtStatus.toString(status));
        }
        return fast.headers[0].dataUsed();
    }

    @Benchmark
    public int irpPath() {
        int status = irp.read();
        if (status != NtStatus.STATUS_PENDING) {
            throw new IllegalStateException("the read should pend: " + NtStatus.toString(status));
        }
        irp.produce();
        if (irp.iosb.status() != NtStatus.STATUS_SUCCESS) {
            throw new IllegalStateException(NtStatus.toString(irp.iosb.status()));
        }
        return irp.headers[0].dataUsed();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fastReadOnly(Filled filled) {
        Rig r = filled.rig;
        int used = 0;
        for (int i = 0; i < BATCH; i++) {
            int status = r.read();
            if (status != NtStatus.STATUS_SUCCESS) {
                throw new IllegalStateException("fast path not taken: " + NtStatus.toString(status));
            }
            used += r.headers[0].dataUsed();
        }
        return used;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int pinReadOnly(Filled filled) {
        Rig r = filled.rig;
        int used = 0;
        for (int i = 0; i < BATCH; i++) {
            r.headers[0].resetForRead();
            if (!r.pin.fastRead(r.headers, KsStreamHeader.SIZEOF, r.iosb)) {
                throw new IllegalStateException("the pin declined a read with frames ready");
            }
            used += r.headers[0].dataUsed();
        }
        return used;
    }

    /** A pin whose ring the device fills with {@value #BATCH} frames before each timed batch of reads. */
    @State(Scope.Thread)
    public static class Filled {
        Rig rig;

        @Setup(Level.Trial)
        public void setUp(FastIoDispatchBenchmark b) throws KsStatusException {
            rig = new Rig(b.frameBytes, BATCH, b.provider);
        }

        @Setup(Level.Invocation)
        public void fill() {
            for (int i = 0; i < BATCH; i++) {
                rig.produce();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rig.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int copyBatch(Copies copies) {
        KsStreamHeader h = copies.header;
        int used = 0;
        for (int i = 0; i < BATCH; i++) {
            h.resetForRead();
            ByteBuffer from = copies.frames[i];
            h.data().put(0, from, 0, from.capacity());
            h.dataUsed(from.capacity());
            used += h.dataUsed();
        }
        return used;
    }

    /**
     * The buffers {@code fastReadOnly} copies between: the {@value #BATCH} frames of a pin's ring,
     * in the order a batch of reads takes them, and the rig's read header. A copy's speed depends
     * on where its buffers lie, so the baseline copies between the very buffers the fast read does:
     * those of its own rig, or (in {@link FastIoOverheadRounds}) of the {@link Filled} rig itself.
     */
    @State(Scope.Thread)
    public static class Copies {
        ByteBuffer[] frames;
        KsStreamHeader header;
        int invocations;
        private Rig own;

        @Setup(Level.Trial)
        public void setUp(FastIoDispatchBenchmark b) throws KsStatusException {
            own = new Rig(b.frameBytes, BATCH, b.provider);
            useBuffersOf(own);
        }

        /** Copies between {@code rig}'s ring frames and read header from now on. Its ring must be empty. */
        void useBuffersOf(Rig rig) {
            frames = rig.ringFrames(BATCH);
            header = rig.headers[0];
        }

        /** A per-invocation setup, as {@link Filled#fill}, so that JMH times each invocation the same way. */
        @Setup(Level.Invocation)
        public void next() {
            invocations++;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (own != null) {
                own.close();
            }
        }
    }

    @Benchmark
    public ByteBuffer copyOnly() {
        return copyTarget.put(0, copySource, 0, frameBytes);
    }

    /** An I/O manager with the benchmark camera, a forwarding upper filter and one running pin. */
    static final class Rig implements AutoCloseable {
        final IoManagerImpl io = new IoManagerImpl(false);
        final KsStreamIoImpl streamIo = new KsStreamIoImpl(io);
        final KsClient.Connection connection;
        final FileObject pinFile;
        final KsStreamHeader[] headers;
        final IoStatusBlock iosb = new IoStatusBlock();
        final int frameBytes;
        KsPin pin;

        /**
         * @param readyFrames the ready-ring depth of the fast I/O binding; 0: no fast I/O
         * @param provider {@code counted} or {@code bare} (see {@link FastIoDispatchBenchmark#provider})
         */
        Rig(int frameBytes, int readyFrames, String provider) throws KsStatusException {
            this.frameBytes = frameBytes;
            int width = yuy2Width(frameBytes);
            int height = frameBytes / 2 / width;
            if (readyFrames > 0) {
                io.fastIo().addBinding(new FastIoRouter.Binding("bench", "*", "*", List.of(FastIo.STREAMING), 0, readyFrames));
                StreamingFastIo streaming = new StreamingFastIo();
                io.fastIo().addProvider(new FastIoRouter.Provider(
                        "bare".equals(provider) ? streaming : new CountingFastIo(FastIo.STREAMING, streaming), FastIo.STREAMING, 0, 1));
            }
            KsFrameworkImpl framework = new KsFrameworkImpl(io, streamIo);
            KsPinDescriptor out = KsPinDescriptor.builder()
                    .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                    .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                    .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, width, height, 16, 333_333, 333_333, 2_000_000_000, 0))
                    .framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, frameBytes,
                            KsAllocatorFraming.FILE_QUAD_ALIGNMENT))
                    .dispatch(new KsPinDispatch() {
                        @Override
                        public int create(KsPin p) {
                            pin = p;
                            return NtStatus.STATUS_SUCCESS;
                        }
                    })
                    .build();
            io.loadDriver((d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("BenchCam",
                    KsFilterDescriptor.of("capture", "Bench Camera", List.of(KsGuids.KSCATEGORY_VIDEO), out))),
                    "BenchCam", true, List.of(), 0);
            attachFilter(io.findDevice("\\Device\\BenchCam"));
            KsClient client = new KsClient(io, streamIo);
            connection = client.connect(client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink(), 0,
                    KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, width, height, 16, 333_333, 0));
            connection.run();
            pinFile = connection.pin();
            if (pinFile.deviceObject().topOfStack().stackSize() != 3) {
                throw new IllegalStateException("expected a 3-deep stack, got " + pinFile.deviceObject().topOfStack().stackSize());
            }
            headers = new KsStreamHeader[] {new KsStreamHeader(FrameMemory.allocate(frameBytes, FrameMemory.CACHE_LINE))};
        }

        /**
         * The width of a YUY2 picture of exactly {@code frameBytes} bytes (2 per pixel): 1920 where
         * the pixels make whole 1080p-wide lines, else 32 (1 KB is 32 x 16), else one line.
         *
         * @throws IllegalArgumentException if {@code frameBytes} is not a positive even number
         */
        static int yuy2Width(int frameBytes) {
            if (frameBytes <= 0 || frameBytes % 2 != 0) {
                throw new IllegalArgumentException("a YUY2 frame has 2 bytes per pixel: " + frameBytes + " bytes is no frame size");
            }
            int pixels = frameBytes / 2;
            return pixels % 1920 == 0 ? 1920 : pixels % 32 == 0 ? 32 : pixels;
        }

        /** An upper filter that forwards every request with a completion routine, as a typical filter does. */
        private void attachFilter(DeviceObject fdo) {
            DriverDispatch forward = Stacks.forward(io);
            DeviceObject filter = Stacks.device(io, "BenchFilter", forward);
            for (int i = 0; i < IrpMajorFunction.COUNT; i++) {
                filter.driverObject().dispatch(i, forward); // create and close pass through too
            }
            io.attachDeviceToDeviceStack(filter, fdo);
        }

        /**
         * The device completes a frame (DataUsed only) into a queued read or the ready ring;
         * returns the data buffer the frame went into.
         */
        ByteBuffer produce() {
            KsStreamPointer p = pin.acquireLeadingEdge();
            if (p == null) {
                throw new IllegalStateException("no read queued and no room in the ring");
            }
            ByteBuffer data = p.header().data();
            p.header().dataUsed(frameBytes);
            p.complete();
            return data;
        }

        /**
         * The data buffers of the next {@code n} ring frames, in the order reads take them: the
         * device fills them and the reads empty them again (the ring must start empty).
         */
        ByteBuffer[] ringFrames(int n) {
            ByteBuffer[] out = new ByteBuffer[n];
            for (int i = 0; i < n; i++) {
                out[i] = produce();
            }
            for (int i = 0; i < n; i++) {
                if (read() != NtStatus.STATUS_SUCCESS) {
                    throw new IllegalStateException("the fast path did not take frame " + i + " back");
                }
            }
            return out;
        }

        int read() {
            headers[0].resetForRead();
            return streamIo.ksStreamIo(pinFile, null, null, null, null, 0, iosb, headers, KsStreamHeader.SIZEOF,
                    KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
        }

        @Override
        public void close() {
            connection.close();
            io.shutdown();
        }
    }
}
