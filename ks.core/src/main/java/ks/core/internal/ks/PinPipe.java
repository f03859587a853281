package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoManager;
import ks.api.io.IoStackLocation;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;

/**
 * A pin-to-pin connection made with KSPIN_CONNECT.PinToHandle: the framework moves frames from
 * the pin data flows out of to the pin data flows into, as the kernel transport between two
 * AVStream filters does, without the client. While the out pin runs, {@code depth} buffers
 * circulate: a read IRP on the out pin, then, filled, a write IRP on the in pin, then a read again.
 * The IRPs are the framework's own (allocated, completed into its routine and freed there, tied to
 * no thread), so the connection does not depend on the thread that set it up.
 *
 * <h2>Threading</h2>
 * IRPs complete on the devices' threads, where a filled frame's write is sent; the next read goes
 * out from a pipe thread, so the thread that started the stream gets back. {@code inFlight} is guarded
 * by its own monitor: an IRP is allocated and recorded under it, and removed after it is freed, so a
 * disconnect cancels every IRP the pipe made and, within a bound, sees them all back in the pool.
 */
final class PinPipe {

    /** Where a written buffer's next read is sent from; idle threads end after a minute. */
    private static final java.util.concurrent.ExecutorService NEXT = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "ks-pin-pipe");
                t.setDaemon(true);
                return t;
            });

    /** How long a disconnect waits for its cancelled IRPs to come back. */
    private static final long DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private final IoManager io;
    private final PinObject out;
    private final PinObject in;
    /** The pin whose KSPIN_DISPATCH Connect / Disconnect this connection calls. */
    private final PinObject sink;
    private final int depth;
    private final int frameBytes;
    private final Set<Irp> inFlight = new HashSet<>();
    private final AtomicInteger buffers = new AtomicInteger();
    private final AtomicLong moved = new AtomicLong();
    private final AtomicBoolean connected = new AtomicBoolean(true);

    PinPipe(IoManager io, PinObject source, PinObject sink, int depth) {
        this.io = io;
        this.out = source.descriptor().isCapture() ? source : sink;
        this.in = out == source ? sink : source;
        this.sink = sink;
        this.depth = depth;
        this.frameBytes = Math.max(1, PinObject.frameBytes(out.descriptor(), out.dataFormat()));
    }

    PinObject sink() {
        return sink;
    }

    /** The pin at the other end from {@code pin}. */
    PinObject other(PinObject pin) {
        return pin == out ? in : out;
    }

    /** Frames written into the in pin so far. */
    long moved() {
        return moved.get();
    }

    /** Either pin changed state: with the out pin running, buffers are put back to {@code depth}. */
    void stateChanged() {
        while (connected.get() && out.state() == KsState.KSSTATE_RUN && in.state() != KsState.KSSTATE_STOP) {
            int n = buffers.get();
            if (n >= depth) {
                return;
            }
            if (buffers.compareAndSet(n, n + 1)) {
                read(new KsStreamHeader(ByteBuffer.allocate(frameBytes)));
            }
        }
    }

    /**
     * Ends the connection once: no new IRPs, those in flight cancelled (they complete into the
     * pipe and their buffers are dropped), and the sink's Disconnect called.
     *
     * @return whether this call ended it
     */
    boolean disconnect() {
        if (!connected.compareAndSet(true, false)) {
            return false;
        }
        synchronized (inFlight) {
            for (Irp irp : Set.copyOf(inFlight)) {
                io.cancelIrp(irp);
            }
            // the cancelled IRPs come back into the pipe's routine; a device that holds one past the
            // bound keeps it, and the handle's close does not wait for ever
            long end = System.nanoTime() + DRAIN_NANOS;
            long left;
            while (!inFlight.isEmpty() && (left = end - System.nanoTime()) > 0) {
                try {
                    inFlight.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        FilterObject.callDevice(() -> {
            sink.descriptor().dispatch().disconnect(sink);
            return STATUS_SUCCESS;
        });
        return true;
    }

    private void read(KsStreamHeader h) {
        h.resetForRead();
        send(out, KsIoctl.IOCTL_KS_READ_STREAM, h, true);
    }

    private void filled(KsStreamHeader h, boolean ok) {
        if (ok && connected.get()) {
            send(in, KsIoctl.IOCTL_KS_WRITE_STREAM, h, false);
        } else {
            buffers.decrementAndGet();
        }
    }

    private void written(KsStreamHeader h, boolean ok) {
        if (ok) {
            moved.incrementAndGet();
        }
        if (ok && connected.get() && out.state() != KsState.KSSTATE_STOP) {
            // the next read on a pipe thread: two devices that complete at once would otherwise loop
            // on the thread that started the stream (a client's state change) for ever
            NEXT.execute(() -> read(h));
        } else {
            buffers.decrementAndGet(); // a stopped or refused side ends this buffer; the next state change puts it back
        }
    }

    /** IOCTL_KS_READ_STREAM / WRITE_STREAM with one header, as a driver sends its own IRP: kernel mode, freed in its routine. */
    private void send(PinObject pin, int ioctl, KsStreamHeader h, boolean read) {
        FileObject fo = pin.fileObject();
        DeviceObject top = io.getRelatedDeviceObject(fo);
        Irp irp;
        // allocated and recorded in one step, so a disconnect either cancels it or it is never made
        synchronized (inFlight) {
            irp = connected.get() ? io.allocateIrp(top.stackSize()) : null;
            if (irp == null) {
                buffers.decrementAndGet();
                return;
            }
            inFlight.add(irp);
        }
        irp.requestorMode(0); // KernelMode
        irp.userBuffer(new KsStreamHeader[] {h});
        IoStackLocation next = irp.nextIrpStackLocation();
        next.majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).minorFunction(0).fileObject(fo);
        next.parameters().deviceIoControl().ioControlCode(ioctl).outputBufferLength(KsStreamHeader.SIZEOF).inputBufferLength(0)
                .type3InputBuffer(null);
        irp.setCompletionRoutine((dev, done, ctx) -> {
            boolean ok = done.ioStatus().status() == STATUS_SUCCESS;
            io.freeIrp(done);
            synchronized (inFlight) {
                inFlight.remove(done);
                inFlight.notifyAll();
            }
            if (read) {
                filled(h, ok);
            } else {
                written(h, ok);
            }
            return STATUS_MORE_PROCESSING_REQUIRED;
        }, null, true, true, true);
        io.callDriver(top, irp);
    }
}
