package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_IO_DEVICE_ERROR;
import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.DeviceObject;
import ks.api.io.DriverObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.NtStatus;
import ks.api.io.StackLocationFlags;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IoCallDriver, passing IRPs down, the completion walk (§4.3–§4.6). */
class CompletionWalkTest {

    final Harness h = new Harness();

    /** An IRP as an originator builds it: next location set, status block and event as targets. */
    Irp originate(DeviceObject top, IoStatusBlock iosb, KEvent event) {
        Irp irp = h.io.allocateIrp(top.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.userEvent(event);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL)
                .parameters().deviceIoControl().ioControlCode(0x222000).outputBufferLength(16);
        return irp;
    }

    @Test
    void shouldGrowStackSizeByOnePerAttachedDevice() {
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        DeviceObject mid = h.device("mid", h.skip("mid"));
        DeviceObject top = h.device("top", h.skip("top"));
        assertSame(bottom, h.io.attachDeviceToDeviceStack(mid, bottom));
        assertSame(mid, h.io.attachDeviceToDeviceStack(top, bottom), "attaching to a stack attaches to its top");
        assertEquals(1, bottom.stackSize());
        assertEquals(2, mid.stackSize());
        assertEquals(3, top.stackSize());
        assertSame(top, bottom.topOfStack());
        h.io.detachDevice(mid);
        assertNull(mid.attachedDevice());
        assertNull(top.attachedTo());
    }

    @Test
    void shouldKnowTheTopOfTheStackFromEveryDeviceAcrossAttachAndDetach() {
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        DeviceObject mid = h.device("mid", h.skip("mid"));
        DeviceObject top = h.device("top", h.skip("top"));
        assertSame(bottom, bottom.topOfStack(), "a device alone is its own top");
        h.io.attachDeviceToDeviceStack(mid, bottom);
        h.io.attachDeviceToDeviceStack(top, mid);
        for (DeviceObject d : new DeviceObject[] {bottom, mid, top}) {
            assertSame(top, d.topOfStack(), d + " after both attached");
        }
        h.io.detachDevice(mid);
        assertSame(mid, bottom.topOfStack(), "bottom after top left");
        assertSame(mid, mid.topOfStack());
        assertSame(top, top.topOfStack());
        h.io.detachDevice(bottom);
        assertSame(bottom, bottom.topOfStack());
        assertSame(mid, mid.topOfStack());
        DeviceObject filter = h.device("filter", h.skip("filter"));
        h.io.attachDeviceToDeviceStack(filter, bottom);
        assertSame(filter, bottom.topOfStack(), "a stack that grows again");
        assertSame(filter, filter.topOfStack());
    }

    @Test
    void shouldInvokeCompletionRoutinesBottomUpWithTheOriginatorLast() {
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 5));
        DeviceObject mid = h.device("mid", h.forwardWithRoutine("mid"));
        DeviceObject top = h.stack(bottom, mid, h.device("top", h.forwardWithRoutine("top")));
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = originate(top, iosb, new KEvent());
        irp.setCompletionRoutine((d, i, c) -> {
            h.log.add("originator:completion(" + d + ")");
            return STATUS_SUCCESS;
        }, null, true, true, true);
        assertEquals(STATUS_SUCCESS, h.io.callDriver(top, irp));
        assertEquals(List.of("top:dispatch", "mid:dispatch", "bottom:dispatch", "mid:completion(\\Device\\mid)",
                "top:completion(\\Device\\top)", "originator:completion(null)"), h.log);
        assertEquals(5, iosb.information());
        h.assertNoLeaks();
    }

    @Test
    void shouldAdvanceTheCursorBeforeARoutineRuns() {
        List<Integer> seen = new ArrayList<>();
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        DeviceObject top = h.stack(bottom, h.device("top", (dev, irp) -> {
            seen.add(irp.currentLocation());
            irp.copyCurrentIrpStackLocationToNext();
            irp.setCompletionRoutine((d, i, c) -> {
                seen.add(i.currentLocation());
                return STATUS_SUCCESS;
            }, null, true, true, true);
            return h.io.callDriver(dev.attachedTo(), irp);
        }));
        Irp irp = originate(top, new IoStatusBlock(), null);
        irp.setCompletionRoutine((d, i, c) -> {
            seen.add(i.currentLocation());
            return STATUS_SUCCESS;
        }, null, true, true, true);
        assertEquals(3, irp.currentLocation(), "a new IRP's cursor is stackCount + 1");
        h.io.callDriver(top, irp);
        // top dispatch at 2; top's routine (set by top in location 1) sees location 2; originator's sees 3
        assertEquals(List.of(2, 2, 3), seen);
        h.assertNoLeaks();
    }

    @ParameterizedTest(name = "status {0} with invoke success={1} error={2} cancel={3}, cancelled={4} -> invoked {5}")
    @CsvSource({
        "0x00000000, true, false, false, false, true", "0x00000000, false, true, false, false, false",
        "0xC0000185, true, false, false, false, false", "0xC0000185, false, true, false, false, true",
        // a warning is not NT_SUCCESS, so it selects the error routine
        "0x80000005, true, false, false, false, false", "0x80000005, false, true, false, false, true",
        // informational statuses are success
        "0x40000000, true, false, false, false, true",
        "0xC0000120, false, false, true, true, true", "0xC0000120, false, false, true, false, false",
        "0x00000000, false, false, true, true, true", "0x00000000, false, false, false, true, false"
    })
    void shouldInvokeRoutinesPerTheInvokeOnRules(String hex, boolean onSuccess, boolean onError, boolean onCancel,
            boolean cancelled, boolean invoked) {
        int status = Integer.parseUnsignedInt(hex.substring(2), 16);
        DeviceObject bottom = h.device("bottom", (dev, irp) -> {
            if (cancelled) {
                h.io.cancelIrp(irp);
            }
            irp.ioStatus().set(status, 0);
            h.io.completeRequest(irp);
            return status;
        });
        AtomicInteger calls = new AtomicInteger();
        Irp irp = originate(bottom, new IoStatusBlock(), null);
        irp.setCompletionRoutine((d, i, c) -> {
            calls.incrementAndGet();
            return STATUS_SUCCESS;
        }, null, onSuccess, onError, onCancel);
        h.io.callDriver(bottom, irp);
        assertEquals(invoked ? 1 : 0, calls.get());
        h.assertNoLeaks();
    }

    @Test
    void shouldPropagatePendingUpwardWhenADriverHasNoRoutine() {
        DeviceObject bottom = h.device("bottom", h.pend("bottom"));
        DeviceObject mid = h.device("mid", (dev, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            return h.io.callDriver(dev.attachedTo(), irp); // no routine, no mark: the I/O manager propagates
        });
        DeviceObject top = h.stack(bottom, mid, h.device("top", h.skip("top")));
        AtomicReference<Boolean> pendingAtTop = new AtomicReference<>();
        Irp irp = originate(top, new IoStatusBlock(), null);
        irp.setCompletionRoutine((d, i, c) -> {
            pendingAtTop.set(i.pendingReturned());
            return STATUS_SUCCESS;
        }, null, true, true, true);
        assertEquals(STATUS_PENDING, h.io.callDriver(top, irp));
        h.completeParked(STATUS_SUCCESS, 0);
        assertTrue(pendingAtTop.get(), "PendingReturned seen by the originator equals 'the top dispatch returned PENDING'");
        h.assertNoLeaks();
    }

    @Test
    void shouldReportNoPendingWhenEveryoneCompletedSynchronously() {
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        DeviceObject top = h.stack(bottom, h.device("top", h.forwardWithRoutine("top")));
        AtomicReference<Boolean> pending = new AtomicReference<>();
        Irp irp = originate(top, new IoStatusBlock(), null);
        irp.setCompletionRoutine((d, i, c) -> {
            pending.set(i.pendingReturned());
            return STATUS_SUCCESS;
        }, null, true, true, true);
        h.io.callDriver(top, irp);
        assertFalse(pending.get());
        h.assertNoLeaks();
    }

    @Test
    void shouldStopTheWalkOnMoreProcessingRequiredAndResumeAboveIt() {
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        List<Irp> kept = new ArrayList<>();
        DeviceObject mid = h.device("mid", (dev, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            irp.setCompletionRoutine((d, i, c) -> {
                h.log.add("mid:completion");
                kept.add(i);
                return STATUS_MORE_PROCESSING_REQUIRED;
            }, null, true, true, true);
            h.io.callDriver(dev.attachedTo(), irp);
            return STATUS_SUCCESS; // it completes the IRP itself below, with this status
        });
        DeviceObject top = h.stack(bottom, mid, h.device("top", h.forwardWithRoutine("top")));
        IoStatusBlock iosb = new IoStatusBlock(-1, -1);
        KEvent event = new KEvent();
        Irp irp = originate(top, iosb, event);
        h.io.callDriver(top, irp);
        assertEquals(List.of("top:dispatch", "bottom:dispatch", "mid:completion"), h.log);
        assertFalse(event.readStateEvent(), "nothing above the stopping routine ran");
        assertEquals(-1, iosb.status());
        kept.get(0).ioStatus().set(STATUS_SUCCESS, 42);
        h.io.completeRequest(kept.get(0));
        assertEquals(List.of("top:dispatch", "bottom:dispatch", "mid:completion", "top:completion(\\Device\\top)"), h.log);
        assertTrue(event.readStateEvent());
        assertEquals(42, iosb.information());
        h.assertNoLeaks();
    }

    @Test
    void shouldClearTheCompletingDriversLocation() {
        AtomicReference<String> seen = new AtomicReference<>();
        DeviceObject bottom = h.device("bottom", h.complete("bottom", STATUS_SUCCESS, 0));
        DeviceObject top = h.stack(bottom, h.device("top", (dev, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            irp.setCompletionRoutine((d, i, c) -> {
                var lower = i.stackLocation(1);
                seen.set(lower.parameters().deviceIoControl().ioControlCode() + "/" + lower.flags() + "/"
                        + lower.control() + "/" + lower.fileObject());
                return STATUS_SUCCESS;
            }, null, true, true, true);
            irp.nextIrpStackLocation().flags(StackLocationFlags.SL_OVERRIDE_VERIFY_VOLUME);
            return h.io.callDriver(dev.attachedTo(), irp);
        }));
        h.io.callDriver(top, originate(top, new IoStatusBlock(), null));
        assertEquals("0/0/0/null", seen.get());
        h.assertNoLeaks();
    }

    @Test
    void shouldLetALowerDriverReuseASkippedLocationAsItIs() {
        AtomicReference<Integer> code = new AtomicReference<>();
        AtomicReference<Integer> location = new AtomicReference<>();
        DeviceObject bottom = h.device("bottom", (dev, irp) -> {
            code.set(irp.currentIrpStackLocation().parameters().deviceIoControl().ioControlCode());
            location.set(irp.currentLocation());
            irp.ioStatus().set(STATUS_SUCCESS, 0);
            h.io.completeRequest(irp);
            return STATUS_SUCCESS;
        });
        DeviceObject top = h.stack(bottom, h.device("top", h.skip("top")));
        h.io.callDriver(top, originate(top, new IoStatusBlock(), null));
        assertEquals(0x222000, code.get());
        assertEquals(2, location.get(), "the bottom driver runs in the top driver's location");
        h.assertNoLeaks();
    }

    @Test
    void shouldRecordTheTargetDeviceAndReturnTheDispatchStatusUnchanged() {
        AtomicReference<DeviceObject> recorded = new AtomicReference<>();
        DeviceObject bottom = h.device("bottom", (dev, irp) -> {
            recorded.set(irp.currentIrpStackLocation().deviceObject());
            irp.ioStatus().set(STATUS_BUFFER_OVERFLOW, 8);
            h.io.completeRequest(irp);
            return STATUS_BUFFER_OVERFLOW;
        });
        assertEquals(STATUS_BUFFER_OVERFLOW, h.io.callDriver(bottom, originate(bottom, new IoStatusBlock(), null)));
        assertSame(bottom, recorded.get());
        h.assertNoLeaks();
    }

    @Test
    void shouldFailAnUnhandledMajorFunctionWithInvalidDeviceRequest() throws Exception {
        DriverObject d = h.io.createDriverObject("Empty");
        assertSame(DriverObject.INVALID_DEVICE_REQUEST, d.majorFunction[IrpMajorFunction.IRP_MJ_READ]);
        assertEquals(28, d.majorFunction.length);
        DeviceObject dev = h.io.createDevice(d, null, 0, null);
        IoStatusBlock iosb = new IoStatusBlock(-1, -1);
        Irp irp = originate(dev, iosb, null);
        assertEquals(STATUS_INVALID_DEVICE_REQUEST, h.io.callDriver(dev, irp));
        assertEquals(-1, iosb.status(), "a synchronous error does not write the status block");
        h.assertNoLeaks();
    }

    @Test
    void shouldPendFromAnotherThreadAndCompleteOnIt() throws Exception {
        DeviceObject bottom = h.device("bottom", h.pend("bottom"));
        DeviceObject top = h.stack(bottom, h.device("top", h.forwardWithRoutine("top")));
        IoStatusBlock iosb = new IoStatusBlock();
        KEvent event = new KEvent();
        assertEquals(STATUS_PENDING, h.io.callDriver(top, originate(top, iosb, event)));
        Thread t = new Thread(() -> h.completeParked(STATUS_IO_DEVICE_ERROR, 0));
        t.start();
        assertTrue(event.await(5, java.util.concurrent.TimeUnit.SECONDS));
        t.join();
        assertEquals(STATUS_IO_DEVICE_ERROR, iosb.status(), "pended errors are reported");
        h.assertNoLeaks();
    }

    @Test
    void shouldHoldTheDriverUntilAnExRoutineRan() {
        DeviceObject bottom = h.device("bottom", h.pend("bottom"));
        DeviceObject top = h.device("top", null);
        h.stack(bottom, top);
        top.driverObject().dispatch(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, (dev, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            assertEquals(STATUS_SUCCESS, h.io.setCompletionRoutineEx(dev, irp, (d, i, c) -> {
                if (i.pendingReturned()) {
                    i.markIrpPending();
                }
                return STATUS_SUCCESS;
            }, null, true, true, true));
            return h.io.callDriver(dev.attachedTo(), irp);
        });
        h.io.callDriver(top, originate(top, new IoStatusBlock(), null));
        assertEquals(1, LoadedDriver.references(top.driverObject()));
        assertFalse(h.io.awaitDriverReferences(top.driverObject(), 10));
        h.completeParked(STATUS_CANCELLED, 0);
        assertEquals(0, LoadedDriver.references(top.driverObject()));
        assertTrue(h.io.awaitDriverReferences(top.driverObject(), 10));
        h.io.removeDriverObject(top.driverObject());
        Irp later = h.io.allocateIrp(2);
        later.setNextIrpStackLocation();
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES,
                h.io.setCompletionRoutineEx(top, later, (d, i, c) -> 0, null, true, true, true), "an unloading driver cannot take new routines");
        h.io.freeIrp(later);
        h.assertNoLeaks();
    }

    @Test
    void shouldReuseIrpsFromThePoolBySize() {
        Irp a = h.io.allocateIrp(3);
        assertNotNull(a);
        int gen = IrpRecord.of(a).generation();
        h.io.freeIrp(a);
        Irp b = h.io.allocateIrp(3);
        assertSame(a, b, "a freed IRP of the same stack size is reused");
        assertEquals(gen + 1, IrpRecord.of(b).generation());
        assertEquals(4, b.currentLocation());
        h.io.freeIrp(b);
        h.io.limitOutstandingIrps(0);
        assertNull(h.io.allocateIrp(1), "allocation fails when no IRP can be had");
        h.assertNoLeaks();
    }
}
