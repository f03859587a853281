package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_NOT_READY;
import static ks.api.io.NtStatus.STATUS_DEVICE_REMOVED;
import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_IO_DEVICE_ERROR;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_UNSUCCESSFUL;
import static ks.api.ks.KsState.KSSTATE_ACQUIRE;
import static ks.api.ks.KsState.KSSTATE_PAUSE;
import static ks.api.ks.KsState.KSSTATE_RUN;
import static ks.api.ks.KsState.KSSTATE_STOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A capture pin's state machine and stream queue (ks-semantics §6.2), through the real I/O manager. */
class StreamPinTest {

    final Harness h = new Harness();
    final KsStreamIoImpl ks = new KsStreamIoImpl(h.io);
    final List<String> transitions = new ArrayList<>();
    KsState failAt;
    StreamPin pin;
    FileObject file;

    StreamPinTest() {
        pin = new StreamPin(h.io, ks, (to, from) -> {
            transitions.add(from + "->" + to);
            return to == failAt ? STATUS_IO_DEVICE_ERROR : STATUS_SUCCESS;
        }, true, 0);
        DeviceObject dev = h.device("CapturePin", (d, irp) -> pin.dispatchStream(irp));
        file = new FileObject(dev, "", null, null, 0);
    }

    /** One read of a 64-byte frame; returns what KsStreamIo returned. */
    int read(IoStatusBlock iosb, KEvent done, KsStreamHeader header) {
        return ks.ksStreamIo(file, done, null, null, null, 0, iosb, new KsStreamHeader[] {header}, KsStreamHeader.SIZEOF,
                KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "KSSTATE_STOP, KSSTATE_RUN, KSSTATE_STOP->KSSTATE_ACQUIRE KSSTATE_ACQUIRE->KSSTATE_PAUSE KSSTATE_PAUSE->KSSTATE_RUN",
        "KSSTATE_RUN, KSSTATE_STOP, KSSTATE_RUN->KSSTATE_PAUSE KSSTATE_PAUSE->KSSTATE_ACQUIRE KSSTATE_ACQUIRE->KSSTATE_STOP",
        "KSSTATE_PAUSE, KSSTATE_RUN, KSSTATE_PAUSE->KSSTATE_RUN",
        "KSSTATE_RUN, KSSTATE_PAUSE, KSSTATE_RUN->KSSTATE_PAUSE",
        "KSSTATE_ACQUIRE, KSSTATE_ACQUIRE, ''"
    })
    void shouldStepThroughEveryIntermediateState(KsState from, KsState to, String expected) {
        assertEquals(STATUS_SUCCESS, pin.setState(from));
        transitions.clear();
        assertEquals(STATUS_SUCCESS, pin.setState(to));
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), transitions);
        assertEquals(to, pin.state());
    }

    @Test
    void shouldKeepTheLastStateReachedWhenTheDeviceFails() {
        failAt = KSSTATE_PAUSE;
        assertEquals(STATUS_IO_DEVICE_ERROR, pin.setState(KSSTATE_RUN));
        assertEquals(KSSTATE_ACQUIRE, pin.state());
        assertEquals(STATUS_INVALID_PARAMETER, pin.setState(KsState.UNKNOWN));
        assertEquals(KSSTATE_ACQUIRE, pin.state());
    }

    @Test
    void shouldStillCompleteTheIrpOnceWhenTheFillerThrows() throws Exception {
        pin.setState(KSSTATE_RUN);
        IoStatusBlock iosb = new IoStatusBlock();
        KEvent done = new KEvent();
        assertEquals(STATUS_PENDING, read(iosb, done, new KsStreamHeader(ByteBuffer.allocate(64))));
        assertTrue(pin.fillNext(null, (p, hd) -> {
            throw new IllegalStateException("a broken device");
        }));
        assertTrue(done.await(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(STATUS_UNSUCCESSFUL, iosb.status());
        assertEquals(0, pin.queued());
        h.assertNoLeaks();
    }

    @Test
    void shouldRefuseStreamIoInStop() {
        IoStatusBlock iosb = new IoStatusBlock(-1, -1);
        assertEquals(STATUS_INVALID_DEVICE_STATE, read(iosb, null, new KsStreamHeader(ByteBuffer.allocate(64))));
        assertEquals(-1, iosb.status());
        h.assertNoLeaks();
    }

    @Test
    void shouldQueueInAcquireAndPauseAndFillInOrderOnlyInRun() {
        pin.setState(KSSTATE_ACQUIRE);
        IoStatusBlock[] io = new IoStatusBlock[3];
        KsStreamHeader[] hs = new KsStreamHeader[3];
        for (int i = 0; i < 3; i++) {
            io[i] = new IoStatusBlock();
            hs[i] = new KsStreamHeader(ByteBuffer.allocate(64));
            assertEquals(STATUS_PENDING, read(io[i], null, hs[i]));
            if (i == 0) {
                pin.setState(KSSTATE_PAUSE);
            }
        }
        long[] n = {100};
        ks.api.ks.KsFrameFiller filler = (p, hd) -> {
            hd.data().put(0, (byte) n[0]);
            hd.dataUsed(1).presentationTime(n[0]++).optionsFlags(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID);
        };
        assertFalse(pin.fillNext(null, filler), "no data moves in PAUSE");
        assertEquals(3, pin.queued());
        pin.setState(KSSTATE_RUN);
        assertTrue(pin.fillNext(null, filler));
        assertTrue(pin.fillNext(null, filler));
        assertTrue(pin.fillNext(null, filler));
        assertFalse(pin.fillNext(null, filler), "nothing left");
        for (int i = 0; i < 3; i++) {
            assertEquals(STATUS_SUCCESS, io[i].status());
            assertEquals(KsStreamHeader.SIZEOF, io[i].information());
            assertEquals(100 + i, hs[i].presentationTime(), "filled in submission order");
            assertEquals(1, hs[i].dataUsed());
            assertTrue(hs[i].hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID));
        }
        h.assertNoLeaks();
    }

    @Test
    void shouldKeepQueuedIrpsOnRunToPauseAndCancelThemOnStop() {
        pin.setState(KSSTATE_RUN);
        IoStatusBlock a = new IoStatusBlock();
        IoStatusBlock b = new IoStatusBlock();
        KEvent done = new KEvent();
        read(a, null, new KsStreamHeader(ByteBuffer.allocate(8)));
        read(b, done, new KsStreamHeader(ByteBuffer.allocate(8)));
        pin.setState(KSSTATE_PAUSE);
        assertEquals(2, pin.queued(), "RUN -> PAUSE keeps them");
        pin.setState(KSSTATE_STOP);
        assertEquals(0, pin.queued());
        assertEquals(STATUS_CANCELLED, a.status());
        assertEquals(STATUS_CANCELLED, b.status());
        assertTrue(done.readStateEvent());
        h.assertNoLeaks();
    }

    @Test
    void shouldFlushOnResetBeginAndRefuseIoUntilResetEnd() {
        pin.setState(KSSTATE_PAUSE);
        IoStatusBlock queued = new IoStatusBlock();
        read(queued, null, new KsStreamHeader(ByteBuffer.allocate(8)));
        assertEquals(STATUS_SUCCESS, pin.reset(KsIoctl.KSRESET_BEGIN));
        assertEquals(STATUS_CANCELLED, queued.status());
        assertEquals(STATUS_DEVICE_NOT_READY, read(new IoStatusBlock(), null, new KsStreamHeader(ByteBuffer.allocate(8))));
        pin.setState(KSSTATE_RUN);
        assertTrue(pin.resetting(), "a state change does not end a reset");
        assertEquals(STATUS_DEVICE_NOT_READY, read(new IoStatusBlock(), null, new KsStreamHeader(ByteBuffer.allocate(8))));
        assertEquals(STATUS_SUCCESS, pin.reset(KsIoctl.KSRESET_END));
        assertEquals(STATUS_PENDING, read(new IoStatusBlock(), null, new KsStreamHeader(ByteBuffer.allocate(8))));
        assertEquals(STATUS_INVALID_PARAMETER, pin.reset(5));
        pin.setState(KSSTATE_STOP);
        h.assertNoLeaks();
    }

    @ParameterizedTest(name = "cancel while queued in {0}")
    @CsvSource({"KSSTATE_ACQUIRE", "KSSTATE_PAUSE", "KSSTATE_RUN"})
    void shouldCompleteAClientCancelledIrpOnceInEveryQueuingState(KsState s) {
        pin.setState(s);
        List<Irp> sent = new ArrayList<>();
        IoStatusBlock iosb = new IoStatusBlock();
        int status = ks.ksStreamIo(file, null, null, (d, irp, c) -> STATUS_SUCCESS, null, 0, iosb,
                new KsStreamHeader[] {new KsStreamHeader(ByteBuffer.allocate(8))}, KsStreamHeader.SIZEOF,
                KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
        assertEquals(STATUS_PENDING, status);
        // the client (the IRP's creator) cancels it: find it through the verifier's in-flight list
        sent.addAll(h.io.inFlightIrps());
        assertEquals(1, sent.size());
        assertTrue(h.io.cancelIrp(sent.get(0)));
        assertEquals(STATUS_CANCELLED, iosb.status());
        assertEquals(0, pin.queued());
        pin.setState(KSSTATE_STOP);
        h.assertNoLeaks();
    }

    @Test
    void shouldCompleteQueuedIrpsWithDeviceRemovedOnRemoval() {
        pin.setState(KSSTATE_PAUSE);
        IoStatusBlock iosb = new IoStatusBlock();
        read(iosb, null, new KsStreamHeader(ByteBuffer.allocate(8)));
        assertEquals(1, pin.remove(STATUS_DEVICE_REMOVED));
        assertEquals(STATUS_DEVICE_REMOVED, iosb.status());
        h.assertNoLeaks();
    }

    @Test
    void shouldRejectTheWrongDirectionAndBadHeaders() {
        pin.setState(KSSTATE_RUN);
        KsStreamHeader h1 = new KsStreamHeader(ByteBuffer.allocate(8)).dataUsed(8);
        assertEquals(STATUS_INVALID_DEVICE_REQUEST, ks.ksStreamIo(file, null, null, null, null, 0,
                new IoStatusBlock(), new KsStreamHeader[] {h1}, KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_WRITE,
                KProcessorMode.KernelMode), "a capture pin takes reads only");
        KsStreamHeader dirty = new KsStreamHeader(ByteBuffer.allocate(8)).dataUsed(3);
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(new IoStatusBlock(), null, dirty),
                "the probe runs before queuing");
        assertEquals(0, pin.queued());
        h.assertNoLeaks();
    }
}
