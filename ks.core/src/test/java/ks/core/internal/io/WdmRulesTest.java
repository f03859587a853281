package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_DEVICE_REMOVED;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_IO_DEVICE_ERROR;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_TIMEOUT;
import static ks.api.io.NtStatus.STATUS_USER_APC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.FileObjectFlags;
import ks.api.io.IoCompletionPort;
import ks.api.io.IoControlCode;
import ks.api.io.IoStackLocationParameters;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.core.internal.ks.KsStreamIoImpl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WDM rules ks.api 3.0 follows where 2.x did not: the fast device-control path, final
 * completion's user APCs, the thread IRP list with CancelIo, synchronous failures reported by the
 * return value alone, and the cancel-safe queue's refusals. Each test fails against 2.x.
 */
class WdmRulesTest {

    static final int CODE = IoControlCode.CTL_CODE(IoControlCode.FILE_DEVICE_KS, 0x900, IoControlCode.METHOD_NEITHER, 0);
    static final int DECLINED = IoControlCode.CTL_CODE(IoControlCode.FILE_DEVICE_KS, 0x901, IoControlCode.METHOD_NEITHER, 0);

    final Harness h = new Harness();
    final List<Irp> dispatched = Collections.synchronizedList(new ArrayList<>());
    CancelSafeQueue queue;

    @AfterEach
    void shutdown() {
        h.io.shutdown();
    }

    /**
     * A device that completes create, cleanup and close, and for device controls does what
     * {@code control} says: "complete" (success, Information 5), "fail" (STATUS_INVALID_PARAMETER),
     * "queue" (a cancel-safe queue) or "park" (pending, for the test to complete).
     */
    DeviceObject device(String control) {
        queue = h.io.createCancelSafeQueue(null);
        return h.device("Rules", (dev, irp) -> {
            int major = irp.currentIrpStackLocation().majorFunction();
            if (major != IrpMajorFunction.IRP_MJ_DEVICE_CONTROL) {
                irp.ioStatus().set(STATUS_SUCCESS, 0);
                h.io.completeRequest(irp);
                return STATUS_SUCCESS;
            }
            dispatched.add(irp);
            switch (control) {
                case "complete":
                    irp.ioStatus().set(STATUS_SUCCESS, 5);
                    h.io.completeRequest(irp);
                    return STATUS_SUCCESS;
                case "fail":
                    irp.ioStatus().set(STATUS_INVALID_PARAMETER, 0);
                    h.io.completeRequest(irp);
                    return STATUS_INVALID_PARAMETER;
                case "queue":
                    int s = queue.insertIrp(irp, null);
                    if (s != STATUS_PENDING) {
                        irp.ioStatus().set(s, 0);
                        h.io.completeRequest(irp);
                    }
                    return s;
                default:
                    irp.markIrpPending();
                    h.parked.add(irp);
                    return STATUS_PENDING;
            }
        });
    }

    FileObject open(DeviceObject dev, int flags) throws Exception {
        return h.io.createFile(dev.name(), null, IoControlCode.FILE_READ_ACCESS | IoControlCode.FILE_WRITE_ACCESS, null, flags);
    }

    // ------------------------------------------------------------------ fast device control (§5.3)

    @Test
    void deviceIoControlOffersTheFastRoutineFirstAndBuildsNoIrpWhenItServes() throws Exception {
        DeviceObject dev = device("complete");
        List<Boolean> waits = new ArrayList<>();
        dev.driverObject().fastIoDispatch(new FastIoDispatch() {
            @Override
            public boolean fastIoDeviceControl(FileObject fileObject, boolean wait, Object inputBuffer, int inputBufferLength,
                    Object outputBuffer, int outputBufferLength, int ioControlCode, IoStatusBlock ioStatus, DeviceObject deviceObject) {
                waits.add(wait);
                if (ioControlCode != CODE) {
                    ioStatus.set(STATUS_SUCCESS, 99); // declining: whatever it wrote does not count
                    return false;
                }
                ((ByteBuffer) outputBuffer).put(0, (byte) 42);
                ioStatus.set(STATUS_SUCCESS, 1);
                return true;
            }
        });
        FileObject fo = open(dev, 0);
        long before = h.io.irpsAllocated();
        ByteBuffer out = ByteBuffer.allocate(4);
        IoStatusBlock iosb = new IoStatusBlock();
        assertEquals(STATUS_SUCCESS, h.io.deviceIoControl(fo, CODE, null, 0, out, 4, iosb));
        assertEquals(1, iosb.information());
        assertEquals(42, out.get(0));
        assertEquals(before, h.io.irpsAllocated(), "served without an IRP");
        assertTrue(dispatched.isEmpty());

        assertEquals(STATUS_SUCCESS, h.io.deviceIoControl(fo, DECLINED, null, 0, out, 4, iosb));
        assertEquals(5, iosb.information(), "declined: the IRP path's Information, not the fast routine's");
        assertEquals(1, dispatched.size());
        assertEquals(List.of(true, true), waits, "Wait = TRUE");
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ synchronous failures

    @Test
    void aSynchronousFailureLeavesTheStatusBlockPendingNeverSuccess() throws Exception {
        FileObject fo = open(device("fail"), 0);
        IoStatusBlock iosb = new IoStatusBlock();
        assertEquals(STATUS_SUCCESS, iosb.status(), "a fresh block reads STATUS_SUCCESS");
        assertEquals(STATUS_INVALID_PARAMETER, h.io.deviceIoControl(fo, CODE, null, 0, null, 0, iosb));
        assertEquals(STATUS_PENDING, iosb.status(), "not written at final completion, and not reset to success");
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void aRequestToARemovedDeviceReportsThroughTheReturnValueOnly() throws Exception {
        DeviceObject dev = device("complete");
        FileObject fo = open(dev, 0);
        h.io.deleteDevice(dev);
        IoStatusBlock iosb = new IoStatusBlock();
        iosb.set(0x12345678, 77);
        assertEquals(STATUS_DEVICE_REMOVED, h.io.deviceIoControl(fo, CODE, null, 0, null, 0, iosb));
        assertEquals(0x12345678, iosb.status(), "deviceIoControl: no status block write");
        assertEquals(77, iosb.information());

        KsStreamIoImpl ks = new KsStreamIoImpl(h.io);
        KEvent event = new KEvent(true);
        KsStreamHeader[] headers = {new KsStreamHeader().frameExtent(0)};
        assertEquals(STATUS_DEVICE_REMOVED, ks.ksStreamIo(fo, event, null, null, null, 0, iosb, headers,
                KsStreamHeader.totalSize(headers), KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode));
        assertEquals(0x12345678, iosb.status(), "KsStreamIo: no status block write");
        assertFalse(event.readStateEvent(), "KsStreamIo clears the event at entry and does not signal it");
        assertTrue(dispatched.isEmpty());
    }

    // ------------------------------------------------------------------ FO_SYNCHRONOUS_IO, pended, then an error

    @Test
    void aPendedErrorOnASynchronousFileObjectSignalsOnlyTheFileObject() throws Exception {
        FileObject fo = open(device("park"), FileObjectFlags.FO_SYNCHRONOUS_IO);
        IoStatusBlock iosb = new IoStatusBlock();
        KEvent event = new KEvent();
        CompletableFuture<Integer> call = CompletableFuture.supplyAsync(
                () -> h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, iosb, event, null, null));
        awaitParked(1);
        h.completeParked(STATUS_IO_DEVICE_ERROR, 0);
        assertEquals(STATUS_IO_DEVICE_ERROR, (int) call.get(5, TimeUnit.SECONDS),
                "the service waited on the file object and returned its FinalStatus");
        assertEquals(STATUS_IO_DEVICE_ERROR, fo.finalStatus());
        assertTrue(fo.event().readStateEvent(), "the file object's event is signalled");
        assertFalse(event.readStateEvent(), "the caller's event is not (NT: only IRP_SYNCHRONOUS_API requests signal it)");
        assertEquals(STATUS_PENDING, iosb.status(), "the status block is not written");

        CompletableFuture<Integer> ok = CompletableFuture.supplyAsync(
                () -> h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, iosb, event, null, null));
        awaitParked(1);
        h.completeParked(STATUS_SUCCESS, 3);
        assertEquals(STATUS_SUCCESS, (int) ok.get(5, TimeUnit.SECONDS));
        assertEquals(3, iosb.information(), "success is reported in the status block");
        assertTrue(event.readStateEvent());
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ user APCs (§4.7 step 3)

    @Test
    void aUserApcRoutineRunsOnTheIssuingThreadInsteadOfAPortPacket() throws Exception {
        FileObject fo = open(device("park"), 0);
        IoCompletionPort port = new IoCompletionPort();
        fo.bindCompletionPort(port, "key");
        IoStatusBlock iosb = new IoStatusBlock();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Thread me = Thread.currentThread();
        assertEquals(STATUS_PENDING, h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, iosb, null,
                (ctx, block) -> ran.add(ctx + " " + (Thread.currentThread() == me) + " " + block.information()), "ctx"));
        Thread completer = new Thread(() -> h.completeParked(STATUS_SUCCESS, 9));
        completer.start();
        completer.join();
        assertTrue(ran.isEmpty(), "an APC waits for its thread to be alertable");
        assertEquals(STATUS_USER_APC, h.io.alertableWait(null, 5, TimeUnit.SECONDS));
        assertEquals(List.of("ctx true 9"), ran);
        assertEquals(0, port.size(), "with an APC routine no packet is posted");
        assertEquals(STATUS_TIMEOUT, h.io.alertableWait(null, 10, TimeUnit.MILLISECONDS), "nothing left to run");

        assertEquals(STATUS_PENDING, h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, iosb, null, null, "ctx2"));
        h.completeParked(STATUS_SUCCESS, 4);
        IoCompletionPort.Packet p = port.remove(1, TimeUnit.SECONDS);
        assertEquals("ctx2", p.apcContext(), "without one, the port gets the packet");
        assertEquals(0, h.io.testAlert());
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void anAlertableWaitEndsWhenItsEventIsSignalled() {
        KEvent e = new KEvent();
        new Thread(() -> {
            sleep(20);
            e.setEvent();
        }).start();
        assertEquals(STATUS_SUCCESS, h.io.alertableWait(e, 5, TimeUnit.SECONDS));
    }

    // ------------------------------------------------------------------ thread IRP lists, CancelIo (§1.2 step 6)

    @Test
    void cancelIoCancelsTheCallingThreadsRequestsOnTheFileObject() throws Exception {
        FileObject fo = open(device("queue"), 0);
        IoStatusBlock a = new IoStatusBlock();
        IoStatusBlock b = new IoStatusBlock();
        assertEquals(STATUS_PENDING, h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, a, null, null, null));
        assertEquals(STATUS_PENDING, h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, b, null, null, null));
        assertSame(Thread.currentThread(), dispatched.get(0).thread(), "Tail.Overlay.Thread is the issuer");
        // another thread's CancelIo does not reach this thread's requests
        CompletableFuture.supplyAsync(() -> h.io.cancelIo(fo, 1, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
        assertEquals(2, queue.size());
        assertEquals(STATUS_SUCCESS, h.io.cancelIo(fo, 5, TimeUnit.SECONDS));
        assertEquals(0, queue.size());
        assertEquals(STATUS_CANCELLED, a.status());
        assertEquals(STATUS_CANCELLED, b.status());
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void cancelIoExCancelsEveryThreadsRequestsOnTheFileObject() throws Exception {
        FileObject fo = open(device("queue"), 0);
        FileObject other = open(h.io.findDevice("\\Device\\Rules"), 0);
        IoStatusBlock a = new IoStatusBlock();
        IoStatusBlock b = new IoStatusBlock();
        assertEquals(STATUS_PENDING, h.io.userDeviceIoControl(fo, CODE, null, 0, null, 0, a, null, null, null));
        assertEquals(STATUS_PENDING, h.io.userDeviceIoControl(other, CODE, null, 0, null, 0, b, null, null, null));
        int status = CompletableFuture.supplyAsync(() -> h.io.cancelIoEx(fo)).get(5, TimeUnit.SECONDS);
        assertEquals(STATUS_SUCCESS, status);
        assertEquals(STATUS_CANCELLED, a.status());
        assertEquals(STATUS_PENDING, b.status(), "a request on another file object stays");
        assertEquals(STATUS_NOT_FOUND, h.io.cancelIoEx(fo), "nothing left on it");
        assertEquals(STATUS_SUCCESS, h.io.cancelIoEx(other));
        assertEquals(STATUS_CANCELLED, b.status());
        h.io.closeFile(fo);
        h.io.closeFile(other);
        h.assertNoLeaks();
    }

    @Test
    void theRequestsOfAThreadThatEndsAreCancelled() throws Exception {
        FileObject fo = open(device("queue"), 0);
        IoStatusBlock iosb = new IoStatusBlock();
        KsStreamIoImpl ks = new KsStreamIoImpl(h.io);
        KEvent done = new KEvent();
        AtomicInteger returned = new AtomicInteger();
        Thread issuer = new Thread(() -> {
            KsStreamHeader[] headers = {new KsStreamHeader().frameExtent(0)};
            returned.set(ks.ksStreamIo(fo, done, null, null, null, 0, iosb, headers, KsStreamHeader.totalSize(headers),
                    KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode));
        });
        issuer.start();
        issuer.join();
        assertEquals(STATUS_PENDING, returned.get());
        assertEquals(1, queue.size(), "the read outlives its thread in the driver's queue");
        assertTrue(done.await(5, TimeUnit.SECONDS), "the I/O manager cancels it once it sees the thread has ended");
        assertEquals(STATUS_CANCELLED, iosb.status());
        // the canceller gives the packet back to the pool once it lets go of it, just after the event
        for (int i = 0; i < 500 && h.io.outstandingIrps() > 0; i++) {
            sleep(2);
        }
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void anInterruptedSynchronousRequestIsCancelledNotLost() throws Exception {
        FileObject fo = open(device("queue"), 0);
        IoStatusBlock iosb = new IoStatusBlock();
        AtomicInteger status = new AtomicInteger();
        Thread caller = new Thread(() -> status.set(h.io.deviceIoControl(fo, CODE, null, 0, null, 0, iosb)));
        caller.start();
        for (int i = 0; i < 500 && queue.size() == 0; i++) {
            sleep(10);
        }
        caller.interrupt();
        caller.join(5_000);
        assertEquals(STATUS_CANCELLED, status.get());
        assertEquals(0, queue.size(), "the request was cancelled with the wait");
        assertEquals(STATUS_CANCELLED, iosb.status());
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void aBuiltRequestItsOwnerFreesLeavesTheThreadList() throws Exception {
        DeviceObject dev = device("complete");
        FileObject fo = open(dev, 0);
        Irp irp = h.io.buildDeviceIoControlRequest(CODE, dev, null, 0, null, 0, false, new KEvent(), new IoStatusBlock());
        irp.nextIrpStackLocation().fileObject(fo);
        irp.setCompletionRoutine((d, i, c) -> {
            h.io.freeIrp(i); // kept with STATUS_MORE_PROCESSING_REQUIRED, then freed by its owner
            return ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
        }, null, true, true, true);
        assertEquals(STATUS_SUCCESS, h.io.callDriver(dev, irp));
        assertEquals(STATUS_NOT_FOUND, h.io.cancelIoEx(fo), "nothing of it is left on a thread list");
        Irp again = h.io.allocateIrp(dev.stackSize());
        assertSame(irp, again, "the packet went back to the pool and serves the next request");
        h.io.freeIrp(again);
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ the cancel-safe queue

    @Test
    void anInsertIrpExRoutineRefusesWithItsStatusAndTheIrpIsNotMarkedPending() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        CancelSafeQueue refusing = h.io.createCancelSafeQueue((q, irp, insertContext) -> {
            seen.set(insertContext);
            return "stopped".equals(insertContext) ? STATUS_DEVICE_NOT_READY : STATUS_SUCCESS;
        }, null);
        String[] context = {"stopped"};
        DeviceObject dev = h.device("Csq", (d, irp) -> {
            int s = refusing.insertIrpEx(irp, "mine", context[0]);
            if (s != STATUS_PENDING) {
                irp.ioStatus().set(s, 0);
                h.io.completeRequest(irp);
            }
            return s; // the verifier fails a refused IRP that was marked pending
        });
        IoStatusBlock iosb = new IoStatusBlock();
        assertEquals(STATUS_DEVICE_NOT_READY, h.io.callDriver(dev, request(dev, iosb)));
        assertEquals("stopped", seen.get());
        assertEquals(0, refusing.size());
        context[0] = "running";
        assertEquals(STATUS_PENDING, h.io.callDriver(dev, request(dev, iosb)));
        assertEquals(1, refusing.size());
        Irp queued = refusing.removeIrp("mine");
        queued.ioStatus().set(STATUS_SUCCESS, 0);
        h.io.completeRequest(queued);
        assertEquals(List.of(), h.io.verifierViolations());
        h.assertNoLeaks();
    }

    // ------------------------------------------------------------------ IO_STACK_LOCATION members

    @Test
    void mountVolumeHasItsOutputBufferLengthWhereCPutsIt() {
        IoStackLocationParameters p = new IoStackLocationParameters();
        Object vpb = new Object();
        p.mountVolume().vpb(vpb).deviceObject("dev").outputBufferLength(4096);
        assertSame(vpb, p.mountVolume().vpb());
        assertEquals(4096, p.mountVolume().outputBufferLength());
        // offset 16 on x64: the same storage as DeviceIoControl.IoControlCode and Others.Argument3
        assertEquals(4096, p.deviceIoControl().ioControlCode());
        assertEquals(4096, p.others().argument3Int());
    }

    @Test
    void othersArgumentsHaveIntegerAndTypedPointerAccess() {
        IoStackLocationParameters p = new IoStackLocationParameters();
        p.others().argument1("urb").argument2Long(0x1_0000_0002L).argument4Int(-1);
        assertEquals("urb", p.others().argument1(String.class));
        assertEquals(0x1_0000_0002L, p.others().argument2Long());
        assertEquals(2, p.others().argument2Int(), "(ULONG)(ULONG_PTR) keeps the low 32 bits");
        assertEquals(0xFFFF_FFFFL, p.others().argument4Long(), "a ULONG is zero-extended");
        assertNull(p.others().argument2(), "an integer overwrote the pointer slot");
        ClassCastException e = assertThrows(ClassCastException.class, () -> p.others().argument1(Integer.class));
        assertTrue(e.getMessage().contains("java.lang.String") && e.getMessage().contains("java.lang.Integer"), e.getMessage());
        p.others().argument3((Object) null);
        assertNull(p.others().argument3(Integer.class));
    }

    // ------------------------------------------------------------------ helpers

    Irp request(DeviceObject dev, IoStatusBlock iosb) {
        Irp irp = h.io.allocateIrp(dev.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
        return irp;
    }

    void awaitParked(int n) {
        for (int i = 0; i < 500 && h.parked.size() < n; i++) {
            sleep(10);
        }
        assertEquals(n, h.parked.size());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
