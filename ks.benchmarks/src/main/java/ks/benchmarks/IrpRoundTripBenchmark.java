package ks.benchmarks;

import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.io.IrpRecord;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One IRP from the pool, sent down a stack of 1, 3 or 5 devices whose bottom driver completes it
 * at once; the filters' completion routines run on the way up and final completion writes the
 * status block and returns the IRP to the pool. Verifier off, as in production.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IrpRoundTripBenchmark {

    @Param({"1", "3", "5"})
    public int depth;

    private IoManagerImpl io;
    private DeviceObject top;
    private final IoStatusBlock iosb = new IoStatusBlock();

    @Setup
    public void setUp() {
        io = new IoManagerImpl(false);
        top = Stacks.build(io, depth, Stacks.completeAtOnce(io));
    }

    @Benchmark
    public int roundTrip() {
        Irp irp = io.allocateIrp(top.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL)
                .parameters().deviceIoControl().ioControlCode(0x222000).outputBufferLength(56);
        return io.callDriver(top, irp);
    }
}
