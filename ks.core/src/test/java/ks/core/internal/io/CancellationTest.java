package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_REMOVED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;

import org.junit.jupiter.api.Test;

/** IoCancelIrp, cancel routines and the cancel-safe queue (§4.8). */
class CancellationTest {

    final Harness h = new Harness();
    CancelSafeQueue queue;

    DeviceObject queuingDevice() {
        queue = h.io.createCancelSafeQueue(null);
        return h.device("Queue", (d, irp) -> {
            int s = queue.insertIrp(irp, irp.userIosb());
            if (s == STATUS_CANCELLED) {
                irp.ioStatus().set(STATUS_CANCELLED, 0);
                h.io.completeRequest(irp);
            }
            return s;
        });
    }

    Irp send(DeviceObject dev, IoStatusBlock iosb, List<Integer> completions) {
        Irp irp = h.io.allocateIrp(dev.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
        irp.setCompletionRoutine((x, i, c) -> {
            synchronized (completions) {
                completions.add(i.ioStatus().status());
            }
            return STATUS_SUCCESS;
        }, null, true, true, true);
        assertEquals(STATUS_PENDING, h.io.callDriver(dev, irp));
        return irp;
    }

    @Test
    void shouldCallTheCancelRoutineWithTheCurrentDevice() {
        List<DeviceObject> seen = new ArrayList<>();
        DeviceObject dev = h.device("Cancelable", (d, irp) -> {
            irp.markIrpPending();
            irp.setCancelRoutine((cd, ci) -> {
                seen.add(cd);
                ci.ioStatus().set(STATUS_CANCELLED, 0);
                h.io.completeRequest(ci);
            });
            return STATUS_PENDING;
        });
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = send(dev, iosb, new ArrayList<>());
        assertTrue(h.io.cancelIrp(irp));
        assertEquals(List.of(dev), seen);
        assertEquals(STATUS_CANCELLED, iosb.status());
        h.assertNoLeaks();
    }

    @Test
    void shouldOnlyMarkAnIrpWithoutCancelRoutine() {
        DeviceObject dev = h.device("NotCancelable", h.pend("NotCancelable"));
        Irp irp = send(dev, new IoStatusBlock(), new ArrayList<>());
        assertFalse(h.io.cancelIrp(irp));
        assertTrue(irp.cancel(), "Cancel is sticky; the owner notices it later");
        h.completeParked(STATUS_SUCCESS, 0);
        h.assertNoLeaks();
    }

    @Test
    void shouldDequeueInOrderAndTakeOwnership() {
        DeviceObject dev = queuingDevice();
        IoStatusBlock a = new IoStatusBlock();
        IoStatusBlock b = new IoStatusBlock();
        List<Integer> done = new ArrayList<>();
        Irp first = send(dev, a, done);
        Irp second = send(dev, b, done);
        assertEquals(2, queue.size());
        assertSame(first, queue.removeNextIrp());
        assertNull(first.cancelRoutine(), "the remover cleared the cancel routine");
        assertFalse(h.io.cancelIrp(first), "a dequeued IRP is no longer cancelable");
        first.ioStatus().set(STATUS_SUCCESS, 1);
        h.io.completeRequest(first);
        assertSame(second, queue.removeIrp(b), "removal by context");
        second.ioStatus().set(STATUS_SUCCESS, 2);
        h.io.completeRequest(second);
        assertEquals(List.of(STATUS_SUCCESS, STATUS_SUCCESS), done);
        assertEquals(0, queue.size());
        h.assertNoLeaks();
    }

    @Test
    void shouldCompleteAnIrpCancelledWhileQueuedWithStatusCancelledOnce() {
        DeviceObject dev = queuingDevice();
        IoStatusBlock iosb = new IoStatusBlock();
        List<Integer> done = new ArrayList<>();
        Irp irp = send(dev, iosb, done);
        assertTrue(h.io.cancelIrp(irp));
        assertEquals(List.of(STATUS_CANCELLED), done);
        assertEquals(STATUS_CANCELLED, iosb.status());
        assertEquals(0, queue.size());
        assertNull(queue.removeNextIrp());
        h.assertNoLeaks();
    }

    @Test
    void shouldNotQueueAnIrpThatIsAlreadyCancelled() {
        DeviceObject dev = queuingDevice();
        Irp irp = h.io.allocateIrp(1);
        IrpRecord.of(irp).ioManagerOwned(true);
        IoStatusBlock iosb = new IoStatusBlock();
        irp.userIosb(iosb);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
        iosb.set(STATUS_PENDING, 0);
        h.io.cancelIrp(irp);
        assertEquals(STATUS_CANCELLED, h.io.callDriver(dev, irp),
                "refused, not marked pending: the dispatch routine returns the status it completed with");
        assertEquals(STATUS_PENDING, iosb.status(), "a synchronous error leaves the status block alone");
        assertEquals(0, queue.size());
        h.assertNoLeaks();
    }

    @Test
    void shouldFlushEveryQueuedIrpWithTheGivenStatus() {
        DeviceObject dev = queuingDevice();
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            send(dev, new IoStatusBlock(), done);
        }
        assertEquals(5, queue.flush(STATUS_DEVICE_REMOVED));
        assertEquals(List.of(STATUS_DEVICE_REMOVED, STATUS_DEVICE_REMOVED, STATUS_DEVICE_REMOVED, STATUS_DEVICE_REMOVED,
                STATUS_DEVICE_REMOVED), done);
        h.assertNoLeaks();
    }

    @Test
    void shouldCompleteEachIrpExactlyOnceWhenCancelRacesDequeue() throws Exception {
        DeviceObject dev = queuingDevice();
        int rounds = 20_000;
        AtomicInteger completions = new AtomicInteger();
        List<Integer> done = new ArrayList<>() {
            @Override
            public boolean add(Integer s) {
                completions.incrementAndGet();
                return true;
            }
        };
        for (int r = 0; r < rounds; r++) {
            Irp irp = send(dev, new IoStatusBlock(), done);
            CountDownLatch go = new CountDownLatch(1);
            Thread canceller = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                h.io.cancelIrp(irp);
            });
            canceller.start();
            go.countDown();
            Irp taken = queue.removeNextIrp();
            if (taken != null) {
                taken.ioStatus().set(STATUS_SUCCESS, 0);
                h.io.completeRequest(taken);
            }
            canceller.join();
            if (r % 2000 == 0) {
                assertEquals(r + 1, completions.get());
            }
        }
        assertEquals(rounds, completions.get(), "every IRP completed exactly once (a double completion would throw)");
        h.assertNoLeaks();
    }
}
