package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_ACCESS_DENIED;
import static ks.api.io.NtStatus.STATUS_ACCESS_VIOLATION;
import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoStackLocation;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.KsStatusException;
import ks.api.io.KsVerifierException;
import ks.api.io.Mdl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The everyday WDM routines ks.api 3.0 adds, each driven the way a driver uses it. */
class WdmRoutinesTest {

    static final int BUFFERED = IoControlCode.CTL_CODE(IoControlCode.FILE_DEVICE_KS, 0x910, IoControlCode.METHOD_BUFFERED, 0);
    static final int OUT_DIRECT = IoControlCode.CTL_CODE(IoControlCode.FILE_DEVICE_KS, 0x911, IoControlCode.METHOD_OUT_DIRECT, 0);
    static final int NEEDS_WRITE = IoControlCode.CTL_CODE(IoControlCode.FILE_DEVICE_KS, 0x912, IoControlCode.METHOD_NEITHER,
            IoControlCode.FILE_WRITE_ACCESS);
    static final int ANY_ACCESS = IoControlCode.CTL_CODE(IoControlCode.FILE_DEVICE_KS, 0x913, IoControlCode.METHOD_NEITHER, 0);

    final Harness h = new Harness();

    @AfterEach
    void shutdown() {
        h.io.shutdown();
    }

    // ------------------------------------------------------------------ IoSetNextIrpStackLocation

    @Test
    void aDriverKeepsALocationOfItsOwnWithSetNextIrpStackLocation() {
        DeviceObject lower = h.device("Lower", h.complete("lower", STATUS_SUCCESS, 3));
        DeviceObject mine = h.device("Mine", (d, irp) -> STATUS_SUCCESS);
        Irp irp = h.io.allocateIrp(lower.stackSize() + 1);
        assertEquals(3, irp.currentLocation());
        irp.setNextIrpStackLocation();
        assertEquals(2, irp.currentLocation(), "the extra location is current now");
        irp.currentIrpStackLocation().deviceObject(mine);
        irp.currentIrpStackLocation().parameters().others().argument1("my context");
        AtomicReference<String> seen = new AtomicReference<>();
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
        irp.setCompletionRoutine((dev, i, ctx) -> {
            seen.set(dev.name() + " " + i.currentIrpStackLocation().parameters().others().argument1(String.class));
            h.io.freeIrp(i);
            return STATUS_MORE_PROCESSING_REQUIRED;
        }, null, true, true, true);
        assertEquals(STATUS_SUCCESS, h.io.callDriver(lower, irp));
        assertEquals("\\Device\\Mine my context", seen.get(), "the routine gets its own device and location");
        Irp full = h.io.allocateIrp(1);
        full.setNextIrpStackLocation();
        assertThrows(KsVerifierException.class, full::setNextIrpStackLocation);
        h.io.freeIrp(full);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ IoBuildDeviceIoControlRequest

    /** A device that answers device controls: METHOD_BUFFERED by reversing the system buffer, direct by writing through the MDL. */
    DeviceObject answering() {
        return h.device("Answer", (d, irp) -> {
            IoStackLocation sl = irp.currentIrpStackLocation();
            if (sl.majorFunction() == IrpMajorFunction.IRP_MJ_CREATE || sl.majorFunction() == IrpMajorFunction.IRP_MJ_CLEANUP
                    || sl.majorFunction() == IrpMajorFunction.IRP_MJ_CLOSE) {
                return done(irp, STATUS_SUCCESS, 0);
            }
            var dioc = sl.parameters().deviceIoControl();
            int method = IoControlCode.METHOD_FROM_CTL_CODE(dioc.ioControlCode());
            if (dioc.ioControlCode() == BUFFERED) {
                ByteBuffer sys = (ByteBuffer) irp.systemBuffer();
                int n = dioc.inputBufferLength();
                byte[] in = new byte[n];
                sys.get(0, in);
                for (int i = 0; i < n; i++) {
                    sys.put(i, in[n - 1 - i]);
                }
                return done(irp, STATUS_SUCCESS, n);
            }
            if (method == IoControlCode.METHOD_OUT_DIRECT) {
                Mdl mdl = irp.mdlAddress();
                ByteBuffer view = mdl.systemAddress();
                view.put(0, (byte) 0x5A).put(mdl.byteCount() - 1, (byte) 0x7E);
                return done(irp, STATUS_SUCCESS, mdl.byteCount());
            }
            if (dioc.ioControlCode() == ANY_ACCESS || dioc.ioControlCode() == NEEDS_WRITE) {
                return done(irp, STATUS_SUCCESS, irp.requestorMode() * 10 + h.io.previousMode());
            }
            return done(irp, STATUS_INVALID_PARAMETER, 0);
        });
    }

    int done(Irp irp, int status, long information) {
        irp.ioStatus().set(status, information);
        h.io.completeRequest(irp);
        return status;
    }

    @Test
    void buildDeviceIoControlRequestBuffersMethodBufferedAndTheIoManagerFreesIt() {
        DeviceObject dev = answering();
        ByteBuffer in = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        ByteBuffer out = ByteBuffer.allocate(8);
        KEvent event = new KEvent();
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = h.io.buildDeviceIoControlRequest(BUFFERED, dev, in, 4, out, 8, false, event, iosb);
        assertNotNull(irp);
        assertSame(Thread.currentThread(), irp.thread(), "queued to the calling thread");
        assertTrue((irp.flags() & IrpFlags.IRP_BUFFERED_IO) != 0);
        assertFalse((irp.flags() & IrpFlags.IRP_SYNCHRONOUS_API) != 0, "a pended error must still signal the event");
        assertEquals(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, irp.nextIrpStackLocation().majorFunction());
        assertEquals(STATUS_SUCCESS, h.io.callDriver(dev, irp));
        assertTrue(event.readStateEvent());
        assertEquals(4, iosb.information());
        assertEquals(List.of(4, 3, 2, 1, 0, 0, 0, 0), bytes(out), "Information bytes copied back to the output");
        assertEquals(List.of(1, 2, 3, 4), bytes(in), "the caller's input is untouched");
        h.assertNoLeaks();
    }

    @Test
    void buildDeviceIoControlRequestPutsADirectOutputBehindALockedMdl() {
        DeviceObject dev = answering();
        ByteBuffer out = ByteBuffer.allocate(16);
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = h.io.buildDeviceIoControlRequest(OUT_DIRECT, dev, null, 0, out, 16, true, new KEvent(), iosb);
        assertEquals(IrpMajorFunction.IRP_MJ_INTERNAL_DEVICE_CONTROL, irp.nextIrpStackLocation().majorFunction());
        Mdl mdl = irp.mdlAddress();
        assertEquals(16, mdl.byteCount());
        assertTrue((mdl.flags() & Mdl.MDL_PAGES_LOCKED) != 0);
        dev.driverObject().dispatch(IrpMajorFunction.IRP_MJ_INTERNAL_DEVICE_CONTROL,
                dev.driverObject().majorFunction[IrpMajorFunction.IRP_MJ_DEVICE_CONTROL]);
        assertEquals(STATUS_SUCCESS, h.io.callDriver(dev, irp));
        assertEquals(0x5A, out.get(0));
        assertEquals(0x7E, out.get(15));
        assertTrue(mdl.freed(), "final completion frees the IRP's MDLs");
        assertEquals(0x5A, out.get(0), "the data stays in the caller's buffer");
        assertNull(h.io.buildDeviceIoControlRequest(BUFFERED, dev, "not bytes", 4, out, 16, false, null, iosb),
                "METHOD_BUFFERED needs byte buffers");
        h.assertNoLeaks();
    }

    @Test
    void aBuiltRequestThatFailsSynchronouslyReportsOnlyItsReturnValue() {
        DeviceObject dev = answering();
        KEvent event = new KEvent();
        IoStatusBlock iosb = new IoStatusBlock();
        iosb.set(STATUS_PENDING, 0);
        Irp irp = h.io.buildDeviceIoControlRequest(ANY_ACCESS + 4, dev, null, 0, null, 0, false, event, iosb);
        assertEquals(STATUS_INVALID_PARAMETER, h.io.callDriver(dev, irp));
        assertFalse(event.readStateEvent());
        assertEquals(STATUS_PENDING, iosb.status());
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ IoBuild(A)synchronousFsdRequest

    /** A device that fills reads with 0..length-1 through whichever buffer the IRP carries. */
    DeviceObject disk(int doFlags, List<String> seen) {
        DeviceObject dev = h.device("Disk", (d, irp) -> {
            var rd = irp.currentIrpStackLocation().parameters().read();
            ByteBuffer target;
            if (irp.systemBuffer() != null) {
                seen.add("system");
                target = (ByteBuffer) irp.systemBuffer();
            } else if (irp.mdlAddress() != null) {
                seen.add("mdl");
                target = irp.mdlAddress().systemAddress();
            } else {
                seen.add("user");
                target = (ByteBuffer) irp.userBuffer();
            }
            for (int i = 0; i < rd.length(); i++) {
                target.put(i, (byte) (rd.byteOffset() + i));
            }
            return done(irp, STATUS_SUCCESS, rd.length());
        });
        dev.flags(dev.flags() | doFlags);
        return dev;
    }

    @Test
    void buildSynchronousFsdRequestPlacesTheBufferAsTheDeviceAsks() {
        List<String> seen = new ArrayList<>();
        for (int flags : new int[] {DeviceObjectFlags.DO_BUFFERED_IO, DeviceObjectFlags.DO_DIRECT_IO, 0}) {
            DeviceObject dev = disk(flags, seen);
            ByteBuffer buf = ByteBuffer.allocate(6);
            KEvent event = new KEvent();
            IoStatusBlock iosb = new IoStatusBlock();
            Irp irp = h.io.buildSynchronousFsdRequest(IrpMajorFunction.IRP_MJ_READ, dev, buf, 6, 10, event, iosb);
            assertEquals(10, irp.nextIrpStackLocation().parameters().read().byteOffset());
            assertEquals(STATUS_SUCCESS, h.io.callDriver(dev, irp));
            assertTrue(event.readStateEvent());
            assertEquals(List.of(10, 11, 12, 13, 14, 15), bytes(buf), "flags " + flags);
        }
        assertEquals(List.of("system", "mdl", "user"), seen);
        assertNull(h.io.buildSynchronousFsdRequest(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, disk(0, seen), null, 0, 0, null,
                new IoStatusBlock()), "not an FSD major function");
        h.assertNoLeaks();
    }

    @Test
    void anAsynchronousFsdRequestIsTheCallersToFree() {
        DeviceObject dev = disk(0, new ArrayList<>());
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = h.io.buildAsynchronousFsdRequest(IrpMajorFunction.IRP_MJ_READ, dev, ByteBuffer.allocate(4), 4, 0, iosb);
        assertNull(irp.thread(), "not on a thread list");
        AtomicInteger moved = new AtomicInteger(-1);
        irp.setCompletionRoutine((d, i, c) -> {
            moved.set((int) i.ioStatus().information());
            h.io.freeIrp(i);
            return STATUS_MORE_PROCESSING_REQUIRED;
        }, null, true, true, true);
        h.io.callDriver(dev, irp);
        assertEquals(4, moved.get());
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ IoMakeAssociatedIrp

    @Test
    void theLastAssociatedIrpToCompleteCompletesTheMaster() throws Exception {
        List<Irp> parked = Collections.synchronizedList(new ArrayList<>());
        DeviceObject lower = h.device("Part", (d, irp) -> {
            irp.markIrpPending();
            parked.add(irp);
            return STATUS_PENDING;
        });
        List<String> routines = Collections.synchronizedList(new ArrayList<>());
        DeviceObject upper = h.device("Splitter", (d, master) -> {
            master.markIrpPending();
            h.io.setAssociatedIrpCount(master, 3);
            for (int i = 0; i < 3; i++) {
                Irp part = h.io.makeAssociatedIrp(master, lower.stackSize());
                assertSame(master, part.masterIrp());
                part.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_READ).parameters().read().length(i);
                int n = i;
                part.setCompletionRoutine((x, p, c) -> {
                    routines.add("part" + n);
                    return STATUS_SUCCESS;
                }, null, true, true, true);
                h.io.callDriver(lower, part);
            }
            return STATUS_PENDING;
        });
        Irp master = h.io.allocateIrp(upper.stackSize());
        IrpRecord.of(master).ioManagerOwned(true);
        IoStatusBlock iosb = new IoStatusBlock();
        KEvent event = new KEvent();
        master.userIosb(iosb);
        master.userEvent(event);
        master.ioStatus().set(STATUS_SUCCESS, 123);
        master.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_READ);
        assertEquals(STATUS_PENDING, h.io.callDriver(upper, master));
        assertEquals(3, parked.size());
        for (int i = 0; i < 3; i++) {
            Irp p = parked.get(i);
            assertFalse(event.readStateEvent(), "the master waits for every associated IRP");
            CompletableFuture.runAsync(() -> done(p, STATUS_SUCCESS, 1)).get(5, TimeUnit.SECONDS);
        }
        assertTrue(event.readStateEvent());
        assertEquals(123, iosb.information(), "the master completes with its own IoStatus");
        assertEquals(List.of("part0", "part1", "part2"), routines);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ MDLs

    @Test
    void mdlsChainDescribeLockAndMapRegionsOfAByteBuffer() throws Exception {
        Irp irp = h.io.allocateIrp(1);
        ByteBuffer data = ByteBuffer.allocate(32);
        Mdl first = h.io.allocateMdl(data, 4, 8, false, irp);
        Mdl second = h.io.allocateMdl(data, 16, 8, true, irp);
        assertSame(first, irp.mdlAddress());
        assertSame(second, first.next(), "a secondary buffer goes at the end of the chain");
        assertThrows(KsVerifierException.class, first::systemAddress, "mapping needs locked pages");
        first.probeAndLockPages(Mdl.IO_WRITE_ACCESS);
        ByteBuffer view = first.systemAddress();
        assertEquals(8, view.capacity());
        view.put(0, (byte) 9);
        assertEquals(9, data.get(4), "the view is of the caller's memory");
        assertEquals(Mdl.MDL_PAGES_LOCKED | Mdl.MDL_MAPPED_TO_SYSTEM_VA, first.flags());
        KsStatusException denied = assertThrows(KsStatusException.class,
                () -> h.io.allocateMdl(data.asReadOnlyBuffer(), 0, 4, false, null).probeAndLockPages(Mdl.IO_WRITE_ACCESS));
        assertEquals(STATUS_ACCESS_VIOLATION, denied.status());
        assertNull(h.io.allocateMdl(data, 30, 8, false, null), "outside the buffer");
        assertTrue((h.io.allocateMdl(ByteBuffer.allocateDirect(8), 0, 8, false, null).flags() & Mdl.MDL_SOURCE_IS_NONPAGED_POOL) != 0);
        h.io.freeMdl(second);
        assertTrue(second.freed());
        assertThrows(KsVerifierException.class, second::systemAddress);
        h.io.freeIrp(irp);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ the global cancel spin lock

    @Test
    void aDriverWrittenAgainstTheGlobalCancelLockCancelsSafely() throws Exception {
        ArrayDeque<Irp> pending = new ArrayDeque<>();
        ks.api.io.CancelRoutine cancel = (d, irp) -> {
            pending.remove(irp); // under the cancel lock IoCancelIrp holds
            h.io.releaseCancelSpinLock(irp.cancelIrql());
            done(irp, STATUS_CANCELLED, 0);
        };
        DriverDispatch dispatch = (d, irp) -> {
            int irql = h.io.acquireCancelSpinLock();
            if (irp.cancel()) {
                h.io.releaseCancelSpinLock(irql);
                return done(irp, STATUS_CANCELLED, 0);
            }
            irp.markIrpPending();
            irp.setCancelRoutine(cancel);
            pending.add(irp);
            h.io.releaseCancelSpinLock(irql);
            return STATUS_PENDING;
        };
        DeviceObject dev = h.device("Legacy", dispatch);
        IoStatusBlock a = new IoStatusBlock();
        IoStatusBlock b = new IoStatusBlock();
        Irp first = sent(dev, a);
        sent(dev, b);
        // the "StartIo" side takes the second one under the same lock
        int irql = h.io.acquireCancelSpinLock();
        Irp started = pending.pollLast();
        assertNotNull(started.setCancelRoutine(null));
        h.io.releaseCancelSpinLock(irql);
        assertTrue(CompletableFuture.supplyAsync(() -> h.io.cancelIrp(first)).get(5, TimeUnit.SECONDS));
        assertEquals(STATUS_CANCELLED, a.status());
        assertTrue(pending.isEmpty());
        done(started, STATUS_SUCCESS, 1);
        assertEquals(1, b.information());
        assertThrows(KsVerifierException.class, () -> h.io.releaseCancelSpinLock(0), "releasing a lock not held");
        h.assertNoLeaks();
    }

    @Test
    void theCancelLockIsReleasedForARoutineThatDoesNotReleaseIt() throws Exception {
        DeviceObject dev = h.device("Modern", (d, irp) -> {
            irp.markIrpPending();
            irp.setCancelRoutine((x, i) -> done(i, STATUS_CANCELLED, 0));
            return STATUS_PENDING;
        });
        IoStatusBlock iosb = new IoStatusBlock();
        Irp irp = sent(dev, iosb);
        assertTrue(h.io.cancelIrp(irp));
        assertEquals(STATUS_CANCELLED, iosb.status());
        int irql = CompletableFuture.supplyAsync(() -> {
            int l = h.io.acquireCancelSpinLock();
            h.io.releaseCancelSpinLock(l);
            return l;
        }).get(5, TimeUnit.SECONDS);
        assertEquals(Cancellation.PASSIVE_LEVEL, irql, "another thread can take the lock: it was released");
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ user-mode DeviceIoControl (§2.3)

    @Test
    void userDeviceIoControlChecksTheCodesAccessAgainstTheHandle() throws Exception {
        DeviceObject dev = answering();
        FileObject readOnly = h.io.createFile(dev.name(), null, IoControlCode.FILE_READ_ACCESS, null, 0);
        IoStatusBlock iosb = new IoStatusBlock();
        int mode = h.io.exchangePreviousMode(KProcessorMode.KernelMode);
        long before = h.io.irpsAllocated();
        assertEquals(STATUS_ACCESS_DENIED, h.io.userDeviceIoControl(readOnly, NEEDS_WRITE, null, 0, null, 0, iosb, null, null, null));
        assertEquals(before, h.io.irpsAllocated(), "refused before any IRP");
        assertEquals(STATUS_SUCCESS, h.io.userDeviceIoControl(readOnly, ANY_ACCESS, null, 0, null, 0, iosb, null, null, null));
        assertEquals(KProcessorMode.UserMode * 10 + KProcessorMode.UserMode, iosb.information(),
                "RequestorMode and the previous mode are UserMode");
        assertEquals(KProcessorMode.KernelMode, h.io.previousMode(), "restored after the call");
        h.io.exchangePreviousMode(mode);

        FileObject readWrite = h.io.createFile(dev.name(), null, IoControlCode.FILE_READ_ACCESS | IoControlCode.FILE_WRITE_ACCESS,
                null, 0);
        assertEquals(STATUS_SUCCESS, h.io.userDeviceIoControl(readWrite, NEEDS_WRITE, null, 0, null, 0, iosb, null, null, null));
        ByteBuffer out = ByteBuffer.allocate(3);
        assertEquals(STATUS_SUCCESS, h.io.userDeviceIoControl(readWrite, BUFFERED, ByteBuffer.wrap(new byte[] {7, 8, 9}), 3,
                out, 3, iosb, null, null, null));
        assertEquals(List.of(9, 8, 7), bytes(out), "METHOD_BUFFERED through a system buffer");
        assertEquals(STATUS_INVALID_PARAMETER, h.io.userDeviceIoControl(readWrite, BUFFERED, "x", 1, out, 3, iosb, null, null,
                null));
        h.io.closeFile(readOnly);
        h.io.closeFile(readWrite);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ helpers

    Irp sent(DeviceObject dev, IoStatusBlock iosb) {
        Irp irp = h.io.allocateIrp(dev.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_READ);
        assertEquals(STATUS_PENDING, h.io.callDriver(dev, irp));
        return irp;
    }

    static List<Integer> bytes(ByteBuffer b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < b.capacity(); i++) {
            out.add((int) b.get(i));
        }
        return out;
    }
}
