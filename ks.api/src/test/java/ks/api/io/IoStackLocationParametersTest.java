package ks.api.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The Parameters union: every member of the IO_STACK_LOCATION page, one storage area, C aliasing. */
class IoStackLocationParametersTest {

    /** The union members listed on the IO_STACK_LOCATION page. */
    static final List<String> MEMBERS = List.of("Create", "CreatePipe", "CreateMailslot", "Read", "Write", "QueryDirectory",
            "NotifyDirectory", "NotifyDirectoryEx", "QueryFile", "SetFile", "QueryEa", "SetEa", "QueryVolume", "SetVolume",
            "FileSystemControl", "LockControl", "DeviceIoControl", "QuerySecurity", "SetSecurity", "MountVolume",
            "VerifyVolume", "Scsi", "QueryQuota", "SetQuota", "QueryDeviceRelations", "QueryInterface", "DeviceCapabilities",
            "FilterResourceRequirements", "ReadWriteConfig", "SetLock", "QueryId", "QueryDeviceText", "UsageNotification",
            "WaitWake", "PowerSequence", "Power", "StartDevice", "WMI", "Others");

    @Test
    void shouldHaveAViewForEveryUnionMember() throws Exception {
        IoStackLocationParameters p = new IoStackLocationParameters();
        for (String m : MEMBERS) {
            String getter = Character.toLowerCase(m.charAt(0)) + m.substring(1);
            if (m.equals("WMI")) {
                getter = "wMI";
            }
            Method g = IoStackLocationParameters.class.getMethod(getter);
            Object view = g.invoke(p);
            assertEquals(m, view.getClass().getSimpleName());
            assertSame(view, g.invoke(p), "views are created once, not per request");
        }
        List<String> nested = Arrays.stream(IoStackLocationParameters.class.getClasses()).map(Class::getSimpleName)
                .sorted().collect(Collectors.toList());
        assertEquals(MEMBERS.stream().sorted().collect(Collectors.toList()), nested);
    }

    @Test
    void shouldAliasDeviceIoControlReadAndOthersInOneStorage() {
        IoStackLocationParameters p = new IoStackLocationParameters();
        p.deviceIoControl().outputBufferLength(4096).inputBufferLength(24).ioControlCode(0x002F4017);
        // Read.Length, Write.Length and QueryFile.Length sit at offset 0 like OutputBufferLength
        assertEquals(4096, p.read().length());
        assertEquals(4096, p.write().length());
        assertEquals(4096, p.queryFile().length());
        assertEquals(24, p.read().key(), "Read.Key is at offset 8, where InputBufferLength is");
        assertEquals(0x002F4017L, p.read().byteOffset(), "ByteOffset at 16 holds IoControlCode's bits");
        assertEquals(4096L, p.slotWord(0));
        // writing an integer member over a pointer slot destroys the pointer, as in C
        Object buffer = new Object();
        p.others().argument4(buffer);
        assertSame(buffer, p.deviceIoControl().type3InputBuffer());
        assertSame(buffer, p.fileSystemControl().type3InputBuffer());
        p.createPipe().shareAccess(3);
        assertSame(buffer, p.others().argument4(), "slot 3 untouched by a slot-2 write");
        p.create().eaLength(7);
        assertNull(p.others().argument4(), "slot 3 overwritten by an integer");
        assertEquals(7, p.readWriteConfig().length());
        p.others().argument1(buffer);
        assertSame(buffer, p.scsi().srb());
        assertSame(buffer, p.mountVolume().vpb());
        assertEquals(0, p.read().length(), "a pointer write replaces the slot's integer bits");
    }

    @Test
    void shouldKeepBitFieldsOfOneSlotApart() {
        IoStackLocationParameters p = new IoStackLocationParameters();
        p.read().key(0xFFFFFFFF).flags(0x20);
        assertEquals(0xFFFFFFFF, p.read().key());
        assertEquals(0x20, p.read().flags());
        p.create().fileAttributes(0xFFFF).shareAccess(0x7);
        assertEquals(0xFFFF, p.create().fileAttributes());
        assertEquals(0x7, p.create().shareAccess());
        p.setFile().replaceIfExists(true).advanceOnly(false);
        assertTrue(p.setFile().replaceIfExists());
        assertFalse(p.setFile().advanceOnly());
        assertEquals(1, p.setFile().clusterCount(), "ClusterCount shares its bytes with the two BOOLEANs");
        p.queryInterface().size(0x1234).version(2);
        assertEquals(0x1234, p.queryInterface().size());
        assertEquals(2, p.queryInterface().version());
        p.wMI().providerId(-5L);
        assertEquals(-5L, p.wMI().providerId());
    }

    @Test
    void shouldCopyAndClearTheWholeUnion() {
        IoStackLocation a = new IoStackLocation();
        Object ptr = new Object();
        a.majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).minorFunction(1).flags(StackLocationFlags.SL_OVERRIDE_VERIFY_VOLUME);
        a.parameters().deviceIoControl().outputBufferLength(56).type3InputBuffer(ptr);
        a.setControl(StackLocationFlags.SL_PENDING_RETURNED | StackLocationFlags.SL_INVOKE_ON_SUCCESS);
        a.setCompletion((d, i, c) -> 0, "ctx");
        IoStackLocation b = new IoStackLocation();
        b.copyFrom(a);
        assertEquals(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, b.majorFunction());
        assertEquals(1, b.minorFunction());
        assertEquals(StackLocationFlags.SL_OVERRIDE_VERIFY_VOLUME, b.flags());
        assertEquals(56, b.parameters().deviceIoControl().outputBufferLength());
        assertSame(ptr, b.parameters().deviceIoControl().type3InputBuffer());
        assertEquals(0, b.control(), "Control is not inherited");
        assertNull(b.completionRoutine(), "the completion routine is not copied");
        a.clearForCompletion();
        assertEquals(0, a.parameters().deviceIoControl().outputBufferLength());
        assertNull(a.parameters().others().argument4());
        assertEquals(0, a.flags());
        assertEquals(0, a.control());
    }
}
