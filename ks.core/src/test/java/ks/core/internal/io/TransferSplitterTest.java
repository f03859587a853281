package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_IO_DEVICE_ERROR;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KEvent;

import org.junit.jupiter.api.Test;

/** Splitting a Read larger than the lower device's maximum transfer (the IO_STACK_LOCATION page's last remark). */
class TransferSplitterTest {

    final Harness h = new Harness();
    final List<String> pieces = Collections.synchronizedList(new ArrayList<>());

    /** A "disk" whose byte i holds (offset + i) & 0xFF, refusing transfers over 4096 bytes. */
    DeviceObject disk(boolean async, int failAtOffset, ExecutorService completer) {
        return h.device("Disk", (d, irp) -> {
            var rd = irp.currentIrpStackLocation().parameters().read();
            int len = rd.length();
            long off = rd.byteOffset();
            pieces.add(off + "+" + len);
            if (len > 4096) {
                throw new AssertionError("transfer of " + len + " exceeds the device maximum");
            }
            ByteBuffer buf = (ByteBuffer) irp.userBuffer();
            for (int i = 0; i < len; i++) {
                buf.put(i, (byte) (off + i));
            }
            int status = off == failAtOffset ? STATUS_IO_DEVICE_ERROR : STATUS_SUCCESS;
            irp.ioStatus().set(status, status == STATUS_SUCCESS ? len : 0);
            if (!async) {
                h.io.completeRequest(irp);
                return status;
            }
            irp.markIrpPending();
            completer.execute(() -> h.io.completeRequest(irp));
            return STATUS_PENDING;
        });
    }

    DeviceObject splitter(DeviceObject disk) {
        return h.stack(disk, h.device("Class", (d, irp) -> h.io.callDriverInPieces(d.attachedTo(), irp, 4096)));
    }

    Irp read(DeviceObject top, ByteBuffer buf, long offset, IoStatusBlock iosb, KEvent done) {
        Irp irp = h.io.allocateIrp(top.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        irp.userIosb(iosb);
        irp.userEvent(done);
        irp.userBuffer(buf);
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_READ).parameters().read()
                .length(buf.capacity()).byteOffset(offset);
        return irp;
    }

    @Test
    void shouldSplitIntoPartialTransfersAndCompleteOnceWithTheSum() throws Exception {
        DeviceObject top = splitter(disk(false, -1, null));
        ByteBuffer buf = ByteBuffer.allocate(10_000);
        IoStatusBlock iosb = new IoStatusBlock();
        KEvent done = new KEvent();
        assertEquals(STATUS_SUCCESS, h.io.callDriver(top, read(top, buf, 1000, iosb, done)),
                "every piece completed before the call returned: the final status, not STATUS_PENDING");
        assertTrue(done.readStateEvent());
        assertEquals(List.of("1000+4096", "5096+4096", "9192+1808"), pieces);
        assertEquals(STATUS_SUCCESS, iosb.status());
        assertEquals(10_000, iosb.information());
        for (int i = 0; i < 10_000; i++) {
            assertEquals((byte) (1000 + i), buf.get(i), "byte " + i);
        }
        h.assertNoLeaks();
    }

    @Test
    void shouldContinueFromTheCompletingThreadWhenPiecesPend() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            DeviceObject top = splitter(disk(true, -1, ex));
            IoStatusBlock iosb = new IoStatusBlock();
            KEvent done = new KEvent();
            h.io.callDriver(top, read(top, ByteBuffer.allocate(3 * 4096 + 1), 0, iosb, done));
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(4, pieces.size());
            assertEquals(3 * 4096 + 1, iosb.information());
            h.assertNoLeaks();
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void shouldFailTheOriginalWithTheFirstPieceError() {
        DeviceObject top = splitter(disk(false, 4096, null));
        IoStatusBlock iosb = new IoStatusBlock();
        iosb.set(STATUS_PENDING, 0);
        KEvent done = new KEvent();
        long[] moved = {-1};
        Irp irp = read(top, ByteBuffer.allocate(12_000), 0, iosb, done);
        irp.setCompletionRoutine((d, i, c) -> {
            moved[0] = i.ioStatus().information();
            return STATUS_SUCCESS;
        }, null, true, true, true);
        assertEquals(STATUS_IO_DEVICE_ERROR, h.io.callDriver(top, irp), "the first piece error, returned at once");
        assertEquals(List.of("0+4096", "4096+4096"), pieces, "no piece after the failure");
        assertEquals(4096, moved[0], "bytes moved before the failure");
        assertEquals(STATUS_PENDING, iosb.status(), "an error that never pended is reported by the return value only");
        assertFalse(done.readStateEvent());
        h.assertNoLeaks();
    }

    @Test
    void shouldFailAPendedTransferThroughTheStatusBlock() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            DeviceObject top = splitter(disk(true, 4096, ex));
            IoStatusBlock iosb = new IoStatusBlock();
            KEvent done = new KEvent();
            assertEquals(STATUS_PENDING, h.io.callDriver(top, read(top, ByteBuffer.allocate(12_000), 0, iosb, done)));
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(STATUS_IO_DEVICE_ERROR, iosb.status(), "a pended error is reported");
            assertEquals(4096, iosb.information());
            h.assertNoLeaks();
        } finally {
            ex.shutdownNow();
        }
    }
}
