package ks.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KProcessorMode;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.ks.KsStreamIoImpl;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KsStreamIo on the IRP path (no fast-I/O provider): one stream read through a 3-device stack
 * whose bottom pin completes it at once, with the caller's headers and status block reused.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KsStreamIoBenchmark {

    private KsStreamIoImpl ks;
    private FileObject pin;
    private final IoStatusBlock iosb = new IoStatusBlock();
    private final KsStreamHeader[] headers = {new KsStreamHeader(ByteBuffer.allocateDirect(1024))};

    @Setup
    public void setUp() {
        IoManagerImpl io = new IoManagerImpl(false);
        DeviceObject bottom = Stacks.build(io, 3, Stacks.completeAtOnce(io)).attachedTo().attachedTo();
        pin = new FileObject(bottom, "", null, null, 0);
        ks = new KsStreamIoImpl(io);
    }

    @Benchmark
    public int streamRead() {
        return ks.ksStreamIo(pin, null, null, null, null, 0, iosb, headers, KsStreamHeader.SIZEOF,
                KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
    }
}
