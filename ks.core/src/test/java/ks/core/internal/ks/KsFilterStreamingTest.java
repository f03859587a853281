package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_DEVICE_REMOVED;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_IO_DEVICE_ERROR;
import static ks.api.io.NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsEventData;
import ks.api.ks.KsGuids;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsPin;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.core.internal.io.IrpRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A capture and a render filter driven end to end through the real I/O manager: discovery,
 * create, intersect, connect, RUN, reads and writes, STOP, events, clock, reset, cancellation and
 * device removal.
 */
class KsFilterStreamingTest {

    final TestKsDevice t = new TestKsDevice();

    @AfterEach
    void nothingLeaked() {
        t.h.assertNoLeaks();
    }

    static KsStreamHeader captureHeader(int bytes) {
        return new KsStreamHeader(ByteBuffer.allocate(bytes)).extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
    }

    @Test
    void shouldPublishOneInterfacePerFactoryAndCategoryWithAliases() {
        List<DeviceInterface> video = t.h.io.deviceInterfaces(KsGuids.KSCATEGORY_VIDEO);
        assertEquals(1, video.size());
        DeviceInterface capture = t.h.io.deviceInterfaceAlias(video.get(0).symbolicLink(), KsGuids.KSCATEGORY_CAPTURE);
        assertEquals("capture", capture.referenceString());
        assertEquals("Test Camera", capture.friendlyName());
        assertTrue(capture.symbolicLink().startsWith("\\??\\Root#KsTest#"), capture.symbolicLink());
        assertTrue(capture.symbolicLink().endsWith("#{65E8773D-8F56-11D0-A3B9-00A0C9223196}\\capture"), capture.symbolicLink());
        assertEquals(1, t.h.io.deviceInterfaces(KsGuids.KSCATEGORY_RENDER).size());
        assertEquals(null, t.h.io.deviceInterfaceAlias(t.renderInterface().symbolicLink(), KsGuids.KSCATEGORY_VIDEO));
        assertEquals(List.of(video.get(0)), t.client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE));
        assertEquals(List.of(), t.client.find(KsGuids.KSCATEGORY_RENDER, KsGuids.KSCATEGORY_CAPTURE));
        assertEquals(3, t.device().symbolicLinks().size());
    }

    @Test
    void shouldCaptureFramesEndToEndWithEveryHeaderFieldSet() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            assertEquals(KsVideo.SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER, c.format().limit());
            assertEquals(640, KsVideo.width(c.format()));
            c.run();
            assertEquals(List.of("KSSTATE_STOP->KSSTATE_ACQUIRE", "KSSTATE_ACQUIRE->KSSTATE_PAUSE", "KSSTATE_PAUSE->KSSTATE_RUN"),
                    t.transitions);
            KsPin pin = t.capturePinObject();
            int frameBytes = 640 * 480 * 2;
            long lastTime = -1;
            for (int n = 0; n < 5; n++) {
                KsStreamHeader header = captureHeader(frameBytes);
                CompletableFuture<IoStatusBlock> done = t.streamIo.read(c.pin(), header).toCompletableFuture();
                assertFalse(done.isDone(), "a read waits for a frame");
                int frame = n;
                assertTrue(pin.fillNext((p, h) -> {
                    for (int i = 0; i < frameBytes; i += 4096) {
                        h.data().put(i, (byte) frame);
                    }
                    h.dataUsed(frameBytes);
                    p.stamp(h, TestKsDevice.FPS30);
                }));
                IoStatusBlock iosb = done.get(5, TimeUnit.SECONDS);
                assertEquals(STATUS_SUCCESS, iosb.status());
                assertEquals(TestKsDevice.CAPTURE_HEADER_SIZE, iosb.information(), "a read returns the headers' size");
                assertEquals(frameBytes, header.dataUsed());
                assertEquals(TestKsDevice.FPS30, header.duration());
                assertEquals(KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KSSTREAM_HEADER_OPTIONSF_DURATIONVALID, header.optionsFlags());
                assertTrue(header.presentationTime() >= lastTime, "presentation times do not go back");
                lastTime = header.presentationTime();
                assertEquals((byte) n, header.data().get(4096 * 3));
            }
            assertEquals(5, pin.framesCompleted());
            assertEquals(5, t.processCalls.get(), "the device was told about each queued read");
            c.stop();
            assertEquals(KsState.KSSTATE_STOP, t.client.state(c.pin()));
        }
        assertEquals(0, t.device().filters().size(), "closing the connection closed the filter");
    }

    @Test
    void shouldRenderWrittenFramesEndToEnd() throws Exception {
        ByteBuffer format = TestKsDevice.yuy2Format(320, 240, TestKsDevice.FPS30);
        try (KsClient.Connection c = t.client.connect(t.renderInterface().symbolicLink(), 0, format)) {
            c.run();
            List<CompletableFuture<IoStatusBlock>> writes = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                ByteBuffer data = ByteBuffer.allocate(1000);
                for (int i = 0; i < 100 + n; i++) {
                    data.put(i, (byte) (n + 1));
                }
                KsStreamHeader h = new KsStreamHeader(data).dataUsed(100 + n);
                writes.add(t.streamIo.write(c.pin(), h).toCompletableFuture());
            }
            for (int n = 0; n < 3; n++) {
                IoStatusBlock iosb = writes.get(n).get(5, TimeUnit.SECONDS);
                assertEquals(STATUS_SUCCESS, iosb.status());
                assertEquals(100 + n, iosb.information(), "a write returns the bytes consumed");
                byte[] expected = new byte[100 + n];
                java.util.Arrays.fill(expected, (byte) (n + 1));
                assertArrayEquals(expected, t.rendered.get(n));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KsState.class, names = {"KSSTATE_ACQUIRE", "KSSTATE_PAUSE", "KSSTATE_RUN"})
    void shouldCompleteAQueuedReadOnceWithCancelledWhenTheClientCancels(KsState state) throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            t.client.setState(c.pin(), state);
            IoStatusBlock iosb = new IoStatusBlock();
            KEvent done = new KEvent();
            KsStreamHeader h = captureHeader(64);
            int status = t.streamIo.ksStreamIo(c.pin(), done, null, null, null, 0, iosb, new KsStreamHeader[] {h},
                    h.size(), ks.api.ks.KsStreamFlags.KSSTREAM_READ, ks.api.io.KProcessorMode.KernelMode);
            assertEquals(STATUS_PENDING, status);
            List<ks.api.io.Irp> inFlight = t.h.io.inFlightIrps();
            assertEquals(1, inFlight.size());
            assertTrue(t.h.io.cancelIrp(inFlight.get(0)));
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(STATUS_CANCELLED, iosb.status());
            assertEquals(0, t.capturePinObject().queued());
        }
    }

    @Test
    void shouldRefuseReadsInStopAndCancelQueuedReadsWhenStopping() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals(STATUS_INVALID_DEVICE_STATE, ((KsStatusException) stopped.getCause()).status());
            t.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            CompletableFuture<IoStatusBlock> queued = t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture();
            t.client.setState(c.pin(), KsState.KSSTATE_RUN);
            t.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            assertFalse(queued.isDone(), "RUN -> PAUSE keeps reads queued");
            t.client.setState(c.pin(), KsState.KSSTATE_STOP);
            ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(5, TimeUnit.SECONDS));
            assertEquals(STATUS_CANCELLED, ((KsStatusException) e.getCause()).status());
        }
    }

    @Test
    void shouldKeepThePreviousStateWhenTheDeviceFailsAStep() throws Exception {
        t.failAt = KsState.KSSTATE_PAUSE;
        try (KsClient.Connection c = t.connectCapture()) {
            KsStatusException e = assertThrows(KsStatusException.class, c::run);
            assertEquals(STATUS_IO_DEVICE_ERROR, e.status());
            assertEquals(KsState.KSSTATE_ACQUIRE, t.client.state(c.pin()));
            t.failAt = null;
        }
    }

    @Test
    void shouldFlushAndRefuseDuringResetUntilResetEnd() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            c.run();
            CompletableFuture<IoStatusBlock> queued = t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture();
            assertEquals(STATUS_SUCCESS, t.client.reset(c.pin(), KsIoctl.KSRESET_BEGIN));
            assertEquals("reset, queued 0", t.transitions.get(t.transitions.size() - 1),
                    "AVStrMiniPinReset, after the queue was flushed");
            ExecutionException flushed = assertThrows(ExecutionException.class, () -> queued.get(5, TimeUnit.SECONDS));
            assertEquals(STATUS_CANCELLED, ((KsStatusException) flushed.getCause()).status());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals(STATUS_DEVICE_NOT_READY, ((KsStatusException) refused.getCause()).status());
            t.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            t.client.setState(c.pin(), KsState.KSSTATE_RUN);
            assertTrue(t.capturePinObject().queued() == 0 && t.capturePinObject().state() == KsState.KSSTATE_RUN);
            refused = assertThrows(ExecutionException.class,
                    () -> t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals(STATUS_DEVICE_NOT_READY, ((KsStatusException) refused.getCause()).status(), "a state change does not end a reset");
            assertEquals(STATUS_SUCCESS, t.client.reset(c.pin(), KsIoctl.KSRESET_END));
            assertEquals(1, t.transitions.stream().filter(x -> x.startsWith("reset")).count(), "KSRESET_END is not a reset");
            CompletableFuture<IoStatusBlock> again = t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture();
            assertTrue(t.capturePinObject().fillNext((p, h) -> h.dataUsed(1)));
            assertEquals(STATUS_SUCCESS, again.get(5, TimeUnit.SECONDS).status());
            assertEquals(STATUS_INVALID_PARAMETER, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_RESET_STATE, null, 0, null, 0,
                    new IoStatusBlock()), "RESET_STATE without its ULONG");
            assertEquals(STATUS_INVALID_PARAMETER, t.client.reset(c.pin(), 5));
        }
    }

    @Test
    void shouldSignalEndOfStreamAndDiscontinuityEventsUntilDisabled() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            KEvent eos = new KEvent();
            Semaphore discontinuities = new Semaphore(0);
            KsEventData eosData = KsEventData.event(eos);
            KsEventData discData = KsEventData.semaphore(discontinuities, 1);
            assertEquals(STATUS_SUCCESS, t.client.enableEvent(c.pin(), KsGuids.KSEVENTSETID_Connection, KsProperty.KSEVENT_CONNECTION_ENDOFSTREAM, eosData));
            assertEquals(STATUS_SUCCESS, t.client.enableEvent(c.pin(), KsGuids.KSEVENTSETID_Connection,
                    KsProperty.KSEVENT_CONNECTION_DATADISCONTINUITY, discData));
            c.run();
            KsPin pin = t.capturePinObject();
            CompletableFuture<IoStatusBlock> r1 = t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture();
            pin.fillNext((p, h) -> h.dataUsed(1).optionsFlags(KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY));
            r1.get(5, TimeUnit.SECONDS);
            assertEquals(1, discontinuities.availablePermits());
            assertFalse(eos.readStateEvent());
            CompletableFuture<IoStatusBlock> r2 = t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture();
            pin.fillNext((p, h) -> h.dataUsed(0).optionsFlags(KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM));
            r2.get(5, TimeUnit.SECONDS);
            assertTrue(eos.readStateEvent(), "ENDOFSTREAM on a header signals the event");
            assertEquals(STATUS_SUCCESS, t.client.disableEvent(c.pin(), discData));
            assertEquals(ks.api.io.NtStatus.STATUS_UNSUCCESSFUL, t.client.disableEvent(c.pin(), discData), "already disabled");
            pin.generateEvent(KsGuids.KSEVENTSETID_Connection, KsProperty.KSEVENT_CONNECTION_DATADISCONTINUITY);
            assertEquals(1, discontinuities.availablePermits(), "a disabled event is not signalled");
            eos.clearEvent();
            pin.generateEvent(KsGuids.KSEVENTSETID_Connection, KsProperty.KSEVENT_CONNECTION_ENDOFSTREAM);
            assertTrue(eos.readStateEvent(), "the device can raise an event itself");
        }
    }

    @Test
    void shouldRefuseEventsThePinDoesNotHave() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            KsEventData data = KsEventData.event(new KEvent());
            assertEquals(ks.api.io.NtStatus.STATUS_NOT_FOUND, t.client.enableEvent(c.pin(), KsGuids.KSEVENTSETID_Connection,
                    KsProperty.KSEVENT_CONNECTION_POSITIONUPDATE, data));
            assertEquals(ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND, t.client.enableEvent(c.pin(), KsGuids.KSPROPSETID_Pin, 0, data));
            ByteBuffer event = KsProperty.request(KsGuids.KSEVENTSETID_Connection, KsProperty.KSEVENT_CONNECTION_ENDOFSTREAM,
                    KsProperty.KSEVENT_TYPE_ENABLE, -1);
            assertEquals(STATUS_INVALID_PARAMETER, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_ENABLE_EVENT, event, 24, null, 0,
                    new IoStatusBlock()), "no KSEVENTDATA");
            assertEquals(STATUS_INVALID_PARAMETER, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_ENABLE_EVENT, event, 16, data, 32,
                    new IoStatusBlock()), "KSEVENT cut short");
            assertEquals(ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND, t.client.enableEvent(c.filter(), KsGuids.KSEVENTSETID_Connection,
                    KsProperty.KSEVENT_CONNECTION_ENDOFSTREAM, data), "filters have no connection events");
        }
    }

    @Test
    void shouldRunTheClockOnlyInRunAndHonourTheHeaderTimeScale() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            KsPin pin = t.capturePinObject();
            assertEquals(0, pin.filter().presentationTime());
            t.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            assertEquals(0, pin.filter().presentationTime(), "the clock holds in PAUSE");
            c.run();
            Thread.sleep(20);
            long running = pin.filter().presentationTime();
            assertTrue(running >= 200_000, "at least 20 ms of 100 ns units: " + running);
            t.client.setState(c.pin(), KsState.KSSTATE_PAUSE);
            long held = pin.filter().presentationTime();
            Thread.sleep(10);
            assertEquals(held, pin.filter().presentationTime());
            // KSTIME: Time x Numerator / Denominator is in 100 ns, so 10000/1 makes Time count milliseconds
            KsStreamHeader h = new KsStreamHeader().presentationTimeScale(10_000, 1);
            pin.stamp(h, 5);
            assertEquals(held / 10_000, h.presentationTime());
            assertEquals(held / 10_000 * 10_000, h.presentationTime100ns());
            c.stop();
            assertEquals(0, pin.filter().presentationTime(), "all pins stopped: the clock restarts");
        }
    }

    @Test
    void shouldCompleteQueuedReadsWithDeviceRemovedAndWithdrawInterfacesOnRemoval() throws Exception {
        List<String> notices = new ArrayList<>();
        AutoCloseable registration = t.h.io.registerPlugPlayNotification(null, true,
                (arrival, di) -> notices.add((arrival ? "+" : "-") + di.referenceString()));
        assertEquals(List.of("+capture", "+capture", "+render"), notices);
        KsClient.Connection c = t.connectCapture();
        c.run();
        List<CompletableFuture<IoStatusBlock>> reads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reads.add(t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture());
        }
        String link = t.captureInterface().symbolicLink();
        t.h.unload(t.driver);
        for (CompletableFuture<IoStatusBlock> r : reads) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(5, TimeUnit.SECONDS));
            assertEquals(STATUS_DEVICE_REMOVED, ((KsStatusException) e.getCause()).status());
        }
        assertEquals(List.of("+capture", "+capture", "+render", "-capture", "-capture", "-render"), notices);
        assertEquals(List.of(), t.h.io.deviceInterfaces(KsGuids.KSCATEGORY_VIDEO));
        KsStatusException gone = assertThrows(KsStatusException.class, () -> t.client.openFilter(link));
        assertEquals(STATUS_OBJECT_NAME_NOT_FOUND, gone.status());
        registration.close();
        t.h.io.closeFile(c.pin());
        t.h.io.closeFile(c.filter());
    }

    @Test
    void removalWaitsForARequestInsideTheDeviceAndTurnsNewOnesAwayWithDeviceRemoved() throws Exception {
        KsClient.Connection c = t.connectCapture();
        CountDownLatch gate = new CountDownLatch(1);
        t.methodGate = gate;
        ByteBuffer method = KsProperty.request(TestKsDevice.TEST_METHODSET, 0, KsProperty.KSMETHOD_TYPE_READ, -1);
        ByteBuffer data = KsDataFormat.allocate(4);
        CompletableFuture<Integer> held = CompletableFuture.supplyAsync(
                () -> t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, method, 24, data, 4, new IoStatusBlock()));
        assertTrue(t.inMethod.await(5, TimeUnit.SECONDS), "the method is inside the pin's dispatch");
        CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> t.h.unload(t.driver));
        ByteBuffer get = KsProperty.request(TestKsDevice.TEST_PROPSET, 0, KsProperty.KSPROPERTY_TYPE_GET, -1);
        int status = STATUS_SUCCESS;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (status == STATUS_SUCCESS && System.nanoTime() < deadline) {
            status = t.client.ioControl(c.filter(), KsIoctl.IOCTL_KS_PROPERTY, get, 24, KsDataFormat.allocate(4), 4, new IoStatusBlock());
        }
        assertEquals(STATUS_DEVICE_REMOVED, status, "a request arriving while the device is being removed");
        assertFalse(removal.isDone(), "REMOVE waits for the request still inside the device");
        gate.countDown();
        assertEquals(STATUS_SUCCESS, held.get(5, TimeUnit.SECONDS), "the request admitted before the removal finishes normally");
        removal.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), t.h.io.verifierViolations());
        t.h.io.closeFile(c.pin());
        t.h.io.closeFile(c.filter());
    }

    @Test
    void requestsOnHandlesThatOutlivedARemovedDeviceFailWithDeviceRemoved() throws Exception {
        KsClient.Connection c = t.connectCapture();
        c.run();
        DeviceObject fdo = t.h.io.getRelatedDeviceObject(c.filter()); // the top of the stack: the KS FDO
        t.h.unload(t.driver);
        assertTrue(fdo.isDeleted());
        ByteBuffer get = KsProperty.request(TestKsDevice.TEST_PROPSET, 0, KsProperty.KSPROPERTY_TYPE_GET, -1);
        assertEquals(STATUS_DEVICE_REMOVED,
                t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_PROPERTY, get, 24, KsDataFormat.allocate(4), 4, new IoStatusBlock()),
                "a property request on the pin handle");
        ExecutionException read = assertThrows(ExecutionException.class,
                () -> t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(STATUS_DEVICE_REMOVED, ((KsStatusException) read.getCause()).status(), "a stream read on the pin handle");
        // a request that passed the I/O manager's checks just before the deletion reaches the
        // driver's dispatch routine after it
        IoStatusBlock iosb = new IoStatusBlock();
        Irp late = t.h.io.allocateIrp(fdo.stackSize());
        IrpRecord.of(late).ioManagerOwned(true);
        late.userIosb(iosb);
        late.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).fileObject(c.pin())
                .parameters().deviceIoControl().ioControlCode(KsIoctl.IOCTL_KS_READ_STREAM);
        assertEquals(STATUS_DEVICE_REMOVED, t.h.io.callDriver(fdo, late), "a late request in the deleted device's dispatch");
        t.h.io.closeFile(c.pin());
        t.h.io.closeFile(c.filter());
        assertEquals(List.of(), t.h.io.verifierViolations());
    }

    @Test
    void shouldTearDownPinsWhenTheirFilterIsClosedFirst() throws Exception {
        KsClient.Connection c = t.connectCapture();
        c.run();
        CompletableFuture<IoStatusBlock> queued = t.streamIo.read(c.pin(), captureHeader(64)).toCompletableFuture();
        t.h.io.closeFile(c.filter());
        ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(5, TimeUnit.SECONDS));
        assertEquals(STATUS_CANCELLED, ((KsStatusException) e.getCause()).status());
        assertEquals(List.of(), t.device().filters());
        t.h.io.closeFile(c.pin());
    }

    @Test
    void shouldServeDeviceMethodsAndRefuseWrongOnes() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            ByteBuffer data = KsDataFormat.allocate(4);
            IoStatusBlock iosb = new IoStatusBlock();
            ByteBuffer method = KsProperty.request(TestKsDevice.TEST_METHODSET, 0, KsProperty.KSMETHOD_TYPE_READ, -1);
            assertEquals(STATUS_SUCCESS, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, method, 24, data, 4, iosb));
            assertEquals(1, KsWire.getInt(data, 0));
            assertEquals(4, iosb.information());
            ByteBuffer wrongType = KsProperty.request(TestKsDevice.TEST_METHODSET, 0, KsProperty.KSMETHOD_TYPE_WRITE, -1);
            assertEquals(STATUS_INVALID_PARAMETER, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, wrongType, 24, data, 4, iosb));
            ByteBuffer unknownId = KsProperty.request(TestKsDevice.TEST_METHODSET, 9, KsProperty.KSMETHOD_TYPE_READ, -1);
            assertEquals(ks.api.io.NtStatus.STATUS_NOT_FOUND, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, unknownId, 24, data, 4, iosb));
            ByteBuffer unknownSet = KsProperty.request(KsGuids.KSMETHODSETID_StreamIo, 0, KsProperty.KSMETHOD_TYPE_READ, -1);
            assertEquals(ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, unknownSet, 24, data, 4, iosb));
            assertEquals(ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, method, 24, null, 0, iosb));
            assertEquals(4, iosb.information(), "size query answers MinData");
            ByteBuffer basic = KsProperty.request(TestKsDevice.TEST_METHODSET, 0, KsProperty.KSMETHOD_TYPE_BASICSUPPORT, -1);
            assertEquals(STATUS_SUCCESS, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, basic, 24, data, 4, iosb));
            assertEquals(KsProperty.KSMETHOD_TYPE_READ, KsWire.getInt(data, 0));
            ByteBuffer sets = KsDataFormat.allocate(16);
            ByteBuffer support = KsProperty.request(KsGuids.GUID_NULL, 0, KsProperty.KSMETHOD_TYPE_SETSUPPORT, -1);
            assertEquals(STATUS_SUCCESS, t.client.ioControl(c.pin(), KsIoctl.IOCTL_KS_METHOD, support, 24, sets, 16, iosb));
            assertEquals(TestKsDevice.TEST_METHODSET, KsWire.getGuid(sets, 0));
            assertEquals(1, t.snapshots.get(), "refused calls never reached the handler");
        }
    }
}
