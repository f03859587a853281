package ks.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.DeviceObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.NtStatus;
import ks.core.internal.io.IoManagerImpl;
import ks.core.internal.io.IrpRecord;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request the driver pends and a device thread completes: the caller sends the IRP through a
 * 3-device stack, the bottom driver marks it pending and hands it to its completion thread, and
 * the caller waits on the KEvent that final completion sets. Measures the whole cross-thread round
 * trip; needs two cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PendedCompletionBenchmark {

    private IoManagerImpl io;
    private DeviceObject top;
    private final IoStatusBlock iosb = new IoStatusBlock();
    private final KEvent done = new KEvent();
    private final AtomicReference<Irp> handoff = new AtomicReference<>();
    private volatile boolean running;
    private Thread device;

    @Setup(Level.Trial)
    public void setUp() {
        io = new IoManagerImpl(false);
        top = Stacks.build(io, 3, (dev, irp) -> {
            irp.markIrpPending();
            handoff.set(irp);
            return NtStatus.STATUS_PENDING;
        });
        running = true;
        device = new Thread(() -> {
            while (running) {
                Irp irp = handoff.getAndSet(null);
                if (irp == null) {
                    Thread.onSpinWait();
                    continue;
                }
                irp.ioStatus().set(NtStatus.STATUS_SUCCESS, 56);
                io.completeRequest(irp);
            }
        }, "device-completion");
        device.setDaemon(true);
        device.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        device.join();
    }

    @Benchmark
    public int pendedRoundTrip() throws InterruptedException {
        Irp irp = io.allocateIrp(top.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.userEvent(done);
        done.clearEvent();
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
        int s = io.callDriver(top, irp);
        if (s == NtStatus.STATUS_PENDING) {
            done.await(1, TimeUnit.SECONDS);
        }
        return iosb.status();
    }
}
