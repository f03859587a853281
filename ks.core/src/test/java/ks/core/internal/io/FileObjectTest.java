package ks.core.internal.io;

import static ks.api.io.NtStatus.STATUS_ACCESS_DENIED;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.FileObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KProcessorMode;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.core.internal.ks.KsStreamIoImpl;

import org.junit.jupiter.api.Test;

/** Opening file objects with IRP_MJ_CREATE, closing with CLEANUP and CLOSE, and the Null device. */
class FileObjectTest {

    final Harness h = new Harness();

    /** A device that logs create/cleanup/close with the file name it saw, and pends stream reads. */
    DeviceObject logging(String name) {
        return h.device(name, (dev, irp) -> {
            var sl = irp.currentIrpStackLocation();
            int major = sl.majorFunction();
            if (major == IrpMajorFunction.IRP_MJ_DEVICE_CONTROL) {
                irp.markIrpPending();
                h.parked.add(irp);
                return STATUS_PENDING;
            }
            FileObject fo = sl.fileObject();
            h.log.add(IrpMajorFunction.name(major) + " " + fo.fileName()
                    + (fo.relatedFileObject() != null ? " related" : "")
                    + (fo.createParameters() != null ? " params=" + fo.createParameters().remaining() : ""));
            int status = major == IrpMajorFunction.IRP_MJ_CREATE && fo.fileName().equals("forbidden")
                    ? STATUS_ACCESS_DENIED : STATUS_SUCCESS;
            irp.ioStatus().set(status, 0);
            h.io.completeRequest(irp);
            return status;
        });
    }

    @Test
    void shouldOpenByDeviceNameAndPassTheRemainderToTheDriver() throws Exception {
        DeviceObject dev = logging("Cam");
        FileObject fo = h.io.createFile("\\Device\\Cam\\pin0", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        assertSame(dev, fo.deviceObject());
        assertEquals("pin0", fo.fileName());
        assertTrue(fo.readAccess());
        FileObject child = h.io.createFile("child", fo, IoControlCode.FILE_READ_ACCESS, ByteBuffer.allocate(12), 0);
        assertSame(fo, child.relatedFileObject());
        assertEquals(List.of("IRP_MJ_CREATE pin0", "IRP_MJ_CREATE child related params=12"), h.log);
        h.io.closeFile(child);
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void shouldSendCreateToTheTopOfTheStack() throws Exception {
        DeviceObject bottom = logging("Bottom");
        h.stack(bottom, logging("Upper"));
        h.io.createFile("\\Device\\Bottom", null, 0, null, 0);
        assertEquals(1, h.log.size());
        assertEquals(h.io.findDevice("\\Device\\Upper"), h.io.getRelatedDeviceObject(
                new FileObject(bottom, "", null, null, 0)));
        h.assertNoLeaks();
    }

    @Test
    void shouldFailOpensWithSpecificStatuses() throws Exception {
        logging("Cam");
        KsStatusException unknown = assertThrows(KsStatusException.class,
                () -> h.io.createFile("\\Device\\Nope", null, 0, null, 0));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, unknown.status());
        assertTrue(unknown.getMessage().contains("\\Device\\Nope"), unknown.getMessage());
        KsStatusException denied = assertThrows(KsStatusException.class,
                () -> h.io.createFile("\\Device\\Cam\\forbidden", null, 0, null, 0));
        assertEquals(STATUS_ACCESS_DENIED, denied.status(), "the driver's failure status");
        DeviceObject init = logging("Initializing");
        init.flags(init.flags() | DeviceObjectFlags.DO_DEVICE_INITIALIZING);
        assertEquals(NtStatus.STATUS_NO_SUCH_DEVICE, assertThrows(KsStatusException.class,
                () -> h.io.createFile("\\Device\\Initializing", null, 0, null, 0)).status());
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, assertThrows(KsStatusException.class,
                () -> h.io.createDevice(init.driverObject(), "\\Device\\Cam", 0, null)).status());
        h.assertNoLeaks();
    }

    @Test
    void shouldSendCloseOnlyWhenTheLastReferenceGoes() throws Exception {
        logging("Cam");
        FileObject fo = h.io.createFile("\\Device\\Cam", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        KsStreamHeader[] headers = {new KsStreamHeader(ByteBuffer.allocate(8))};
        assertEquals(STATUS_PENDING, new KsStreamIoImpl(h.io).ksStreamIo(fo, null, null, null, null, 0,
                new IoStatusBlock(), headers, KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode));
        h.io.closeFile(fo);
        assertEquals(List.of("IRP_MJ_CREATE ", "IRP_MJ_CLEANUP "), h.log, "the pending read still holds the file object");
        h.completeParked(STATUS_SUCCESS, 0);
        assertEquals(List.of("IRP_MJ_CREATE ", "IRP_MJ_CLEANUP ", "IRP_MJ_CLOSE "), h.log);
        assertThrows(IllegalStateException.class, () -> h.io.closeFile(fo), "closing twice is a programming error");
        h.assertNoLeaks();
    }

    @Test
    void shouldProvideTheNullDevice() throws Exception {
        NullDriver.load(h.io);
        FileObject nul = h.io.createFile("\\Device\\Null", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        assertEquals(NtStatus.STATUS_END_OF_FILE, send(nul, IrpMajorFunction.IRP_MJ_READ, 100));
        assertEquals(STATUS_SUCCESS, send(nul, IrpMajorFunction.IRP_MJ_WRITE, 100));
        h.io.closeFile(nul);
        h.assertNoLeaks();
    }

    int send(FileObject fo, int major, int length) {
        DeviceObject top = h.io.getRelatedDeviceObject(fo);
        Irp irp = h.io.allocateIrp(top.stackSize());
        IrpRecord.of(irp).ioManagerOwned(true);
        IoStatusBlock iosb = new IoStatusBlock(-1, -1);
        irp.userIosb(iosb);
        irp.nextIrpStackLocation().majorFunction(major).fileObject(fo).parameters().read().length(length);
        int status = h.io.callDriver(top, irp);
        if (major == IrpMajorFunction.IRP_MJ_WRITE) {
            assertEquals(length, iosb.information(), "Null consumes everything written");
        } else {
            assertEquals(-1, iosb.status(), "an error completion is reported by the return value only");
        }
        return status;
    }

    @Test
    void shouldDetachAndDeleteDevices() throws Exception {
        DeviceObject bottom = logging("Bottom");
        DeviceObject upper = logging("Upper");
        h.stack(bottom, upper);
        h.io.detachDevice(bottom);
        h.io.deleteDevice(upper);
        assertNull(h.io.findDevice("\\Device\\Upper"));
        assertTrue(upper.isDeleted());
        assertTrue(!h.io.deviceObjects().contains(upper) && !upper.driverObject().deviceObjects().contains(upper));
        h.assertNoLeaks();
    }
}
