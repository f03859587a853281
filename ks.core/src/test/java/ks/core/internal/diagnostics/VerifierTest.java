package ks.core.internal.diagnostics;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.DeviceObject;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsVerifierException;
import ks.core.internal.io.Harness;
import ks.core.internal.io.IrpRecord;

import org.junit.jupiter.api.Test;

/** Each verifier rule fails fast with a message naming the IRP, its major function and the device. */
class VerifierTest {

    final Harness h = new Harness();

    Irp irpFor(DeviceObject top) {
        Irp irp = h.io.allocateIrp(top.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
        return irp;
    }

    @Test
    void shouldFailOnDoubleCompletion() {
        DeviceObject dev = h.device("Twice", (d, irp) -> {
            irp.ioStatus().set(STATUS_SUCCESS, 0);
            h.io.completeRequest(irp);
            h.io.completeRequest(irp);
            return STATUS_SUCCESS;
        });
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(dev, irpFor(dev)));
        assertEquals("MULTIPLE_IRP_COMPLETE_REQUESTS", e.rule());
        assertTrue(e.getMessage().startsWith("MULTIPLE_IRP_COMPLETE_REQUESTS: IRP_MJ_DEVICE_CONTROL IRP completed twice; "
                + "\\Device\\Twice (\\Driver\\Twice) completed it first"), e.getMessage());
        assertTrue(e.getMessage().contains("already back in the pool"), e.getMessage());
        assertTrue(!e.getMessage().contains("location"), "no internal wording: " + e.getMessage());
        assertEquals(1, h.io.verifierViolations().size());
    }

    @Test
    void shouldFailOnCompletionWithStatusPending() {
        DeviceObject dev = h.device("PendingStatus", (d, irp) -> {
            irp.ioStatus().set(STATUS_PENDING, 0);
            h.io.completeRequest(irp);
            return STATUS_PENDING;
        });
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(dev, irpFor(dev)));
        assertEquals("IRP_COMPLETED_WITH_STATUS_PENDING", e.rule());
        assertTrue(e.getMessage().contains("\\Device\\PendingStatus"), e.getMessage());
    }

    @Test
    void shouldFailWhenPendingIsReturnedWithoutMarking() {
        DeviceObject dev = h.device("Unmarked", (d, irp) -> STATUS_PENDING);
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(dev, irpFor(dev)));
        assertEquals("PENDING_NOT_MARKED", e.rule());
        assertTrue(e.getMessage().contains("\\Driver\\Unmarked") && e.getMessage().contains("IRP_MJ_DEVICE_CONTROL"), e.getMessage());
    }

    @Test
    void shouldFailWhenMarkedPendingButAnotherStatusIsReturned() {
        DeviceObject dev = h.device("MarkedSync", (d, irp) -> {
            irp.markIrpPending();
            irp.ioStatus().set(STATUS_SUCCESS, 0);
            h.io.completeRequest(irp);
            return STATUS_SUCCESS;
        });
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(dev, irpFor(dev)));
        assertEquals("PENDING_MARKED_NOT_RETURNED", e.rule());
    }

    @Test
    void shouldAcceptPendingReturnedFromALowerDriver() {
        DeviceObject bottom = h.device("bottom", h.pend("bottom"));
        DeviceObject top = h.stack(bottom, h.device("top", (d, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            return h.io.callDriver(d.attachedTo(), irp); // returns the lower PENDING without marking: legal
        }));
        assertEquals(STATUS_PENDING, h.io.callDriver(top, irpFor(top)));
        h.completeParked(STATUS_SUCCESS, 0);
        h.assertNoLeaks();
    }

    @Test
    void shouldFailWhenPendingIsReturnedUnmarkedForACallAnotherThreadMade() {
        DeviceObject bottom = h.device("bottom", h.pend("bottom"));
        AtomicInteger lowerStatus = new AtomicInteger();
        DeviceObject top = h.stack(bottom, h.device("Handoff", (d, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            // the IRP reaches a worker, which passes it down: this level had to mark it first
            Thread worker = new Thread(() -> lowerStatus.set(h.io.callDriver(d.attachedTo(), irp)));
            worker.start();
            joinQuietly(worker);
            return STATUS_PENDING;
        }));
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(top, irpFor(top)));
        assertEquals(STATUS_PENDING, lowerStatus.get(), "the lower driver pended, on the worker");
        assertEquals("PENDING_NOT_MARKED", e.rule());
        assertTrue(e.getMessage().contains("\\Driver\\Handoff"), e.getMessage());
        h.completeParked(STATUS_SUCCESS, 0);
    }

    /**
     * Once a dispatch routine returns STATUS_PENDING its IRP may already be completed, freed and
     * handed out for another request: the check of the first request must neither fail on the new
     * request's state nor hide the new request's own violation.
     */
    @Test
    void shouldCheckAnIrpHandedOutAgainBeforeItsPendingDispatchReturnedAsTheNewRequest() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeviceObject unmarked = h.device("Unmarked", (d, irp) -> {
            entered.countDown();
            awaitQuietly(release);
            return STATUS_PENDING;
        });
        AtomicReference<Irp> handedOut = new AtomicReference<>();
        AtomicReference<KsVerifierException> secondFailure = new AtomicReference<>();
        Thread[] completer = new Thread[1];
        DeviceObject quick = h.device("Quick", (d, irp) -> {
            irp.markIrpPending();
            completer[0] = new Thread(() -> {
                irp.ioStatus().set(STATUS_SUCCESS, 0);
                h.io.completeRequest(irp); // final completion puts the packet back in this thread's pool
                Irp again = irpFor(unmarked);
                handedOut.set(again);
                try {
                    h.io.callDriver(unmarked, again);
                } catch (KsVerifierException e) {
                    secondFailure.set(e);
                }
            });
            completer[0].start();
            awaitQuietly(entered); // the packet is inside another request's dispatch now
            return STATUS_PENDING;
        });
        Irp first = irpFor(quick);
        assertEquals(STATUS_PENDING, h.io.callDriver(quick, first));
        assertTrue(h.io.verifierViolations().isEmpty(), "the first request kept the rule: " + h.io.verifierViolations());
        release.countDown();
        completer[0].join(10_000);
        assertSame(first, handedOut.get(), "the pool handed the same packet out again");
        assertEquals("PENDING_NOT_MARKED", secondFailure.get() == null ? null : secondFailure.get().rule());
        assertTrue(secondFailure.get().getMessage().contains("\\Driver\\Unmarked"), secondFailure.get().getMessage());
        assertEquals(1, h.io.verifierViolations().size());
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldFailWhenACancelRoutineIsStillSetAtCompletion() {
        DeviceObject dev = h.device("CancelSet", (d, irp) -> {
            irp.setCancelRoutine((x, y) -> { });
            irp.ioStatus().set(STATUS_SUCCESS, 0);
            h.io.completeRequest(irp);
            return STATUS_SUCCESS;
        });
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(dev, irpFor(dev)));
        assertEquals("CANCEL_ROUTINE_SET_AT_COMPLETION", e.rule());
    }

    @Test
    void shouldFailWhenNoStackLocationIsLeft() {
        DeviceObject lower = h.device("lower", h.complete("lower", STATUS_SUCCESS, 0));
        // a driver that forwards to a device it is not attached to, with an IRP sized for itself only
        DeviceObject dev = h.device("TooDeep", (d, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            return h.io.callDriver(lower, irp);
        });
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(dev, irpFor(dev)));
        assertEquals("NO_MORE_IRP_STACK_LOCATIONS", e.rule());
        assertTrue(e.getMessage().contains("\\Device\\TooDeep"), e.getMessage());
    }

    @Test
    void shouldFailWhenADeviceIsDeletedWithIrpsOutstanding() {
        DeviceObject dev = h.device("Busy", h.pend("Busy"));
        h.io.callDriver(dev, irpFor(dev));
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.deleteDevice(dev));
        assertEquals("IRPS_OUTSTANDING_ON_DELETED_DEVICE", e.rule());
        assertTrue(e.getMessage().contains("IRP_MJ_DEVICE_CONTROL IRP@") && e.getMessage().contains("at \\Device\\Busy (\\Driver\\Busy)"),
                e.getMessage());
        h.completeParked(STATUS_SUCCESS, 0);
        h.io.deleteDevice(dev); // fine once nothing is outstanding
    }

    @Test
    void shouldFailWhenARoutineCompletesTheIrpButLetsTheWalkContinue() {
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        DeviceObject top = h.stack(bottom, h.device("Sloppy", (d, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            irp.setCompletionRoutine((x, i, c) -> {
                h.io.completeRequest(i);
                return STATUS_SUCCESS;
            }, null, true, true, true);
            return h.io.callDriver(d.attachedTo(), irp);
        }));
        KsVerifierException e = assertThrows(KsVerifierException.class, () -> h.io.callDriver(top, irpFor(top)));
        assertEquals("MULTIPLE_IRP_COMPLETE_REQUESTS", e.rule());
    }
}
