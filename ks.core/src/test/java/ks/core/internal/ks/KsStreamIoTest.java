package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_INSUFFICIENT_RESOURCES;
import static ks.api.io.NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.ks.KsCompletionInvocation.KsInvokeOnCancel;
import static ks.api.ks.KsCompletionInvocation.KsInvokeOnError;
import static ks.api.ks.KsCompletionInvocation.KsInvokeOnSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.FileObjectFlags;
import ks.api.io.IoCompletionPort;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoStackLocation;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.KsStatusException;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KsStreamIo, ks-semantics §1.2–§1.5: every row of the §1.3 table and each parameter's effect. */
class KsStreamIoTest {

    static final int UNTOUCHED = 0x7777;

    final Harness h = new Harness();
    final KsStreamIoImpl ks = new KsStreamIoImpl(h.io);
    final List<Irp> seen = new ArrayList<>();
    final AtomicInteger routineCalls = new AtomicInteger();
    final AtomicReference<Integer> iosbStatusInRoutine = new AtomicReference<>();
    final AtomicReference<Object> routineDevice = new AtomicReference<>("unset");
    IoStatusBlock iosb;
    KEvent event;
    IoCompletionPort port;
    FileObject pin;
    KsStreamHeader[] headers;

    @BeforeEach
    void setUp() {
        iosb = new IoStatusBlock(UNTOUCHED, UNTOUCHED);
        event = new KEvent(true); // KsStreamIo must reset it at entry
        port = new IoCompletionPort();
        headers = new KsStreamHeader[] {new KsStreamHeader(ByteBuffer.allocate(64))};
    }

    /** A pin device whose driver completes stream IRPs as {@code behaviour} says. */
    DeviceObject pinDevice(int syncStatus, boolean pend) {
        DeviceObject d = h.device("Pin", (dev, irp) -> {
            seen.add(irp);
            if (pend) {
                irp.markIrpPending();
                h.parked.add(irp);
                return STATUS_PENDING;
            }
            irp.ioStatus().set(syncStatus, KsStreamHeader.SIZEOF);
            h.io.completeRequest(irp);
            return syncStatus;
        });
        pin = new FileObject(d, "", null, null, 0);
        pin.bindCompletionPort(port, "key");
        return d;
    }

    IoCompletionRoutine routine(int result) {
        return (dev, irp, ctx) -> {
            routineCalls.incrementAndGet();
            routineDevice.set(dev);
            iosbStatusInRoutine.set(iosb.status());
            assertEquals("ctx", ctx);
            return result;
        };
    }

    int read(int invocation) {
        return ks.ksStreamIo(pin, event, "portctx", routine(STATUS_SUCCESS), "ctx", invocation, iosb, headers,
                KsStreamHeader.totalSize(headers), KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
    }

    @Test
    void shouldReportASynchronousSuccessEverywhere() {
        pinDevice(STATUS_SUCCESS, false);
        assertEquals(STATUS_SUCCESS, read(KsInvokeOnSuccess));
        assertEquals(STATUS_SUCCESS, iosb.status());
        assertEquals(KsStreamHeader.SIZEOF, iosb.information());
        assertTrue(event.readStateEvent());
        assertEquals(1, routineCalls.get());
        assertNull(routineDevice.get(), "the caller's routine has no location of its own: device null");
        assertEquals(UNTOUCHED, iosbStatusInRoutine.get(), "the routine runs before the status block is written");
        assertEquals(1, port.size());
        assertEquals(1, pin.references().get(), "the IRP's file-object reference was released");
        h.assertNoLeaks();
    }

    @Test
    void shouldWriteTheStatusBlockForAWarningAndCallTheErrorRoutine() {
        pinDevice(STATUS_BUFFER_OVERFLOW, false);
        assertEquals(STATUS_BUFFER_OVERFLOW, read(KsInvokeOnSuccess));
        assertEquals(0, routineCalls.get(), "a warning is not NT_SUCCESS");
        assertEquals(STATUS_BUFFER_OVERFLOW, iosb.status(), "a warning is not NT_ERROR: the block is written");
        assertTrue(event.readStateEvent());
        setUp();
        pinDevice(STATUS_BUFFER_OVERFLOW, false);
        read(KsInvokeOnError);
        assertEquals(1, routineCalls.get());
        h.assertNoLeaks();
    }

    @Test
    void shouldReportASynchronousErrorOnlyThroughTheReturnValue() {
        pinDevice(STATUS_DEVICE_NOT_READY, false);
        pin.event().setEvent();
        assertEquals(STATUS_DEVICE_NOT_READY, read(KsInvokeOnError));
        assertEquals(UNTOUCHED, iosb.status(), "not written");
        assertFalse(event.readStateEvent(), "not signalled");
        assertFalse(pin.event().readStateEvent(), "the file object's event was cleared and not signalled");
        assertEquals(1, routineCalls.get(), "called for ON_ERROR");
        assertEquals(0, port.size(), "not posted");
        assertEquals(1, pin.references().get());
        h.assertNoLeaks();
    }

    @Test
    void shouldReportAPendedSuccessAtCompletion() throws Exception {
        pinDevice(0, true);
        assertEquals(STATUS_PENDING, read(KsInvokeOnSuccess));
        assertFalse(event.readStateEvent(), "reset at entry");
        assertEquals(UNTOUCHED, iosb.status());
        assertEquals(2, pin.references().get(), "the IRP holds a reference while in flight");
        h.completeParked(STATUS_SUCCESS, 56);
        assertEquals(STATUS_SUCCESS, iosb.status());
        assertTrue(event.readStateEvent());
        assertEquals(1, routineCalls.get());
        IoCompletionPort.Packet p = port.remove(0, TimeUnit.SECONDS);
        assertEquals("key", p.key());
        assertEquals("portctx", p.apcContext());
        assertEquals(56, p.information());
        assertEquals(1, pin.references().get());
        h.assertNoLeaks();
    }

    @Test
    void shouldReportAPendedErrorAtCompletion() throws Exception {
        pinDevice(0, true);
        assertEquals(STATUS_PENDING, read(KsInvokeOnError));
        h.completeParked(STATUS_CANCELLED, 0);
        assertEquals(STATUS_CANCELLED, iosb.status(), "written: the request pended");
        assertTrue(event.readStateEvent());
        assertEquals(1, routineCalls.get());
        assertEquals(STATUS_CANCELLED, port.remove(0, TimeUnit.SECONDS).status(), "posted for an asynchronous IRP");
        h.assertNoLeaks();
    }

    @Test
    void shouldOnlySetFinalStatusForAPendedErrorOnASynchronousFileObject() {
        DeviceObject d = pinDevice(0, true);
        pin = new FileObject(d, "", null, null, FileObjectFlags.FO_SYNCHRONOUS_IO);
        pin.bindCompletionPort(port, "key");
        assertEquals(STATUS_PENDING, read(0));
        h.completeParked(STATUS_CANCELLED, 0);
        assertEquals(UNTOUCHED, iosb.status(), "FO_SYNCHRONOUS_IO without IRP_SYNCHRONOUS_API: only FinalStatus");
        assertEquals(STATUS_CANCELLED, pin.finalStatus());
        assertTrue(pin.event().readStateEvent());
        assertEquals(0, port.size());
        h.assertNoLeaks();
    }

    @Test
    void shouldWriteThePendedErrorForKsStreamSynchronous() {
        DeviceObject d = pinDevice(0, true);
        pin = new FileObject(d, "", null, null, FileObjectFlags.FO_SYNCHRONOUS_IO);
        int s = ks.ksStreamIo(pin, event, null, null, null, 0, iosb, headers, KsStreamHeader.SIZEOF,
                KsStreamFlags.KSSTREAM_READ | KsStreamFlags.KSSTREAM_SYNCHRONOUS, KProcessorMode.KernelMode);
        assertEquals(STATUS_PENDING, s);
        assertTrue((seen.get(0).flags() & IrpFlags.IRP_SYNCHRONOUS_API) != 0, "KSSTREAM_SYNCHRONOUS -> IRP_SYNCHRONOUS_API");
        h.completeParked(STATUS_CANCELLED, 0);
        assertEquals(STATUS_CANCELLED, iosb.status());
        assertTrue(event.readStateEvent());
        h.assertNoLeaks();
    }

    @Test
    void shouldLeaveEverythingToTheRoutineThatReturnsMoreProcessingRequired() {
        pinDevice(STATUS_SUCCESS, false);
        List<Irp> kept = new ArrayList<>();
        int s = ks.ksStreamIo(pin, event, "portctx", (dev, irp, ctx) -> {
            kept.add(irp);
            return STATUS_MORE_PROCESSING_REQUIRED;
        }, null, KsInvokeOnSuccess, iosb, headers, KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
        assertEquals(STATUS_SUCCESS, s, "whatever the driver returned");
        assertEquals(UNTOUCHED, iosb.status());
        assertFalse(event.readStateEvent());
        assertEquals(0, port.size());
        h.io.completeRequest(kept.get(0)); // the owner finishes it
        assertEquals(STATUS_SUCCESS, iosb.status());
        assertTrue(event.readStateEvent());
        h.assertNoLeaks();
    }

    @Test
    void shouldNeverInvokeARoutineWithNoInvocationFlags() {
        pinDevice(STATUS_SUCCESS, false);
        read(0);
        assertEquals(0, routineCalls.get());
        setUp();
        pinDevice(STATUS_CANCELLED, false);
        read(0);
        assertEquals(0, routineCalls.get());
        h.assertNoLeaks();
    }

    @Test
    void shouldInvokeOnCancelForACancelledRequest() {
        pinDevice(0, true);
        read(KsInvokeOnCancel);
        Irp irp = h.parked.get(0);
        h.io.cancelIrp(irp); // no cancel routine: only Irp.Cancel is set
        h.completeParked(STATUS_SUCCESS, 0);
        assertEquals(1, routineCalls.get(), "Irp.Cancel with ON_CANCEL invokes, whatever the status");
        h.assertNoLeaks();
    }

    @Test
    void shouldReturnInsufficientResourcesWhenNoIrpCanBeAllocated() {
        pinDevice(STATUS_SUCCESS, false);
        h.io.limitOutstandingIrps(0);
        assertEquals(STATUS_INSUFFICIENT_RESOURCES, read(KsInvokeOnSuccess | KsInvokeOnError | KsInvokeOnCancel));
        assertEquals(UNTOUCHED, iosb.status());
        assertFalse(event.readStateEvent(), "reset at entry, then untouched");
        assertEquals(0, routineCalls.get());
        assertEquals(0, port.size());
        assertEquals(1, pin.references().get());
        assertTrue(seen.isEmpty());
    }

    @Test
    void shouldBuildAMethodNeitherDeviceControlIrp() {
        DeviceObject bottom = pinDevice(0, true);
        DeviceObject top = h.stack(bottom, h.device("Filter", h.skip("Filter")));
        KsStreamHeader[] two = {new KsStreamHeader(ByteBuffer.allocate(8)), new KsStreamHeader(ByteBuffer.allocate(8))};
        int s = ks.ksStreamIo(pin, null, "pc", null, null, 0, iosb, two, 112, KsStreamFlags.KSSTREAM_READ, KProcessorMode.UserMode);
        assertEquals(STATUS_PENDING, s);
        Irp irp = seen.get(0);
        assertEquals(top.stackSize(), irp.stackCount(), "sized for the top of the pin's stack");
        assertEquals(List.of("Filter:dispatch"), h.log, "sent to the top of the stack");
        IoStackLocation sl = irp.currentIrpStackLocation();
        assertEquals(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, sl.majorFunction());
        assertEquals(0, sl.minorFunction());
        assertSame(pin, sl.fileObject());
        assertEquals(KsIoctl.IOCTL_KS_READ_STREAM, sl.parameters().deviceIoControl().ioControlCode());
        assertEquals(112, sl.parameters().deviceIoControl().outputBufferLength());
        assertEquals(0, sl.parameters().deviceIoControl().inputBufferLength());
        assertNull(sl.parameters().deviceIoControl().type3InputBuffer());
        assertSame(two, irp.userBuffer());
        assertNull(irp.systemBuffer());
        assertEquals(0, irp.flags());
        assertEquals(KProcessorMode.UserMode, irp.requestorMode());
        assertSame(iosb, irp.userIosb());
        assertNull(irp.userEvent());
        assertEquals("pc", irp.userApcContext());
        assertSame(pin, irp.originalFileObject());
        assertSame(Thread.currentThread(), irp.thread());
        h.completeParked(STATUS_SUCCESS, 112);
        h.assertNoLeaks();
    }

    @ParameterizedTest(name = "flags 0x{0} -> write {1}")
    @CsvSource({"0, false", "1, true", "100, false", "101, true", "1000, false", "1101, true", "2000, false", "3001, true"})
    void shouldChooseTheIoctlByBitZeroOnly(String hexFlags, boolean write) {
        ioctlRecordingPin();
        ks.ksStreamIo(pin, null, null, null, null, 0, iosb, headers, KsStreamHeader.SIZEOF, Integer.parseInt(hexFlags, 16),
                KProcessorMode.KernelMode);
        assertEquals(write ? KsIoctl.IOCTL_KS_WRITE_STREAM : KsIoctl.IOCTL_KS_READ_STREAM, lastIoctl);
        h.assertNoLeaks();
    }

    int lastIoctl;

    @BeforeEach
    void recordIoctl() {
        lastIoctl = -1;
    }

    /** The IOCTL a pin device saw, captured at dispatch time (locations are cleared by completion). */
    DeviceObject ioctlRecordingPin() {
        DeviceObject d = h.device("RecPin", (dev, irp) -> {
            lastIoctl = irp.currentIrpStackLocation().parameters().deviceIoControl().ioControlCode();
            irp.ioStatus().set(STATUS_SUCCESS, 0);
            h.io.completeRequest(irp);
            return STATUS_SUCCESS;
        });
        pin = new FileObject(d, "", null, null, 0);
        return d;
    }

    @ParameterizedTest(name = "requestor {0}, previous {1} -> fast path {2}")
    @CsvSource({"0, 0, true", "0, 1, true", "1, 0, false", "1, 1, true"})
    void shouldFollowTheDocumentedModeRuleForTheFastPath(int requestorMode, int previousMode, boolean fast) {
        DeviceObject d = pinDevice(STATUS_SUCCESS, false);
        AtomicInteger fastCalls = new AtomicInteger();
        d.driverObject().fastIoDispatch(new FastIoDispatch() {
            @Override
            public boolean fastIoRead(FileObject fo, long off, int len, boolean wait, int key, Object buf, IoStatusBlock io,
                    DeviceObject dev) {
                fastCalls.incrementAndGet();
                assertSame(headers, buf);
                assertEquals(FastIoDispatch.NO_FILE_OFFSET, off);
                assertFalse(wait);
                io.set(STATUS_SUCCESS, len);
                return true;
            }
        });
        int old = h.io.exchangePreviousMode(previousMode);
        try {
            ks.ksStreamIo(pin, event, "pc", routine(STATUS_SUCCESS), "ctx", KsInvokeOnSuccess, iosb, headers,
                    KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_READ, requestorMode);
        } finally {
            h.io.exchangePreviousMode(old);
        }
        assertEquals(fast ? 1 : 0, fastCalls.get());
        assertEquals(fast ? 0 : 1, seen.size(), "the IRP path is taken exactly when the fast path is not");
        h.assertNoLeaks();
    }

    @Test
    void shouldDoNothingElseWhenTheFastPathHandlesTheRequest() {
        DeviceObject d = pinDevice(STATUS_SUCCESS, false);
        d.driverObject().fastIoDispatch(new FastIoDispatch() {
            @Override
            public boolean fastIoWrite(FileObject fo, long off, int len, boolean wait, int key, Object buf, IoStatusBlock io,
                    DeviceObject dev) {
                io.set(STATUS_DEVICE_NOT_READY, 0);
                return true;
            }
        });
        headers[0].dataUsed(1);
        int s = ks.ksStreamIo(pin, event, "pc", routine(STATUS_SUCCESS), "ctx", KsInvokeOnSuccess | KsInvokeOnError, iosb,
                headers, KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode);
        assertEquals(STATUS_DEVICE_NOT_READY, s, "the status the fast handler wrote");
        assertEquals(STATUS_DEVICE_NOT_READY, iosb.status());
        assertFalse(event.readStateEvent(), "reset at entry, not signalled");
        assertEquals(0, routineCalls.get());
        assertEquals(0, port.size());
        assertTrue(seen.isEmpty(), "no IRP");
        assertEquals(0, h.io.outstandingIrps());
    }

    @Test
    void shouldFallBackToAnIrpWhenTheFastPathDeclines() {
        DeviceObject d = pinDevice(STATUS_SUCCESS, false);
        d.driverObject().fastIoDispatch(new FastIoDispatch() { }); // every entry declines
        assertEquals(STATUS_SUCCESS, read(KsInvokeOnSuccess));
        assertEquals(1, seen.size());
        h.assertNoLeaks();
    }

    @Test
    void shouldCompleteTheConvenienceReadFromAnotherThread() throws Exception {
        pinDevice(0, true);
        var stage = ks.read(pin, headers).toCompletableFuture();
        assertFalse(stage.isDone());
        Thread t = new Thread(() -> h.completeParked(STATUS_SUCCESS, 56));
        t.start();
        IoStatusBlock result = stage.get(5, TimeUnit.SECONDS);
        t.join();
        assertEquals(STATUS_SUCCESS, result.status());
        assertEquals(56, result.information());
        assertEquals(KProcessorMode.KernelMode, seen.get(0).requestorMode());
        h.assertNoLeaks();
    }

    @Test
    void shouldFailTheConvenienceStageWithTheStatus() {
        pinDevice(STATUS_DEVICE_NOT_READY, false);
        var stage = ks.write(pin, headers).toCompletableFuture();
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, stage::join);
        assertInstanceOf(KsStatusException.class, e.getCause());
        assertEquals(STATUS_DEVICE_NOT_READY, ((KsStatusException) e.getCause()).status());
        h.assertNoLeaks();
    }
}
