package ks.api.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The constant values of ks-semantics §2 and the IO_STACK_LOCATION page, written down from those
 * tables (not from this code), checked by reflective lookup of the constant with that exact name.
 */
class ConstantValuesTest {

    static int valueOf(Class<?> type, String name) throws ReflectiveOperationException {
        Field f = type.getField(name);
        return f.getInt(null);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "STATUS_SUCCESS, 0x00000000", "STATUS_WAIT_0, 0x00000000", "STATUS_USER_APC, 0x000000C0",
        "STATUS_ALERTED, 0x00000101", "STATUS_TIMEOUT, 0x00000102", "STATUS_PENDING, 0x00000103",
        "STATUS_REPARSE, 0x00000104", "STATUS_MORE_ENTRIES, 0x00000105", "STATUS_DATATYPE_MISALIGNMENT, 0x80000002",
        "STATUS_BUFFER_OVERFLOW, 0x80000005", "STATUS_DEVICE_BUSY, 0x80000011", "STATUS_NO_MORE_ENTRIES, 0x8000001A",
        "STATUS_UNSUCCESSFUL, 0xC0000001", "STATUS_NOT_IMPLEMENTED, 0xC0000002", "STATUS_INFO_LENGTH_MISMATCH, 0xC0000004",
        "STATUS_ACCESS_VIOLATION, 0xC0000005", "STATUS_INVALID_HANDLE, 0xC0000008", "STATUS_INVALID_PARAMETER, 0xC000000D",
        "STATUS_NO_SUCH_DEVICE, 0xC000000E", "STATUS_INVALID_DEVICE_REQUEST, 0xC0000010", "STATUS_END_OF_FILE, 0xC0000011",
        "STATUS_MORE_PROCESSING_REQUIRED, 0xC0000016", "STATUS_NO_MEMORY, 0xC0000017", "STATUS_ACCESS_DENIED, 0xC0000022",
        "STATUS_BUFFER_TOO_SMALL, 0xC0000023", "STATUS_OBJECT_TYPE_MISMATCH, 0xC0000024",
        "STATUS_OBJECT_NAME_NOT_FOUND, 0xC0000034", "STATUS_DELETE_PENDING, 0xC0000056",
        "STATUS_INSUFFICIENT_RESOURCES, 0xC000009A", "STATUS_DEVICE_NOT_CONNECTED, 0xC000009D",
        "STATUS_DEVICE_NOT_READY, 0xC00000A3", "STATUS_IO_TIMEOUT, 0xC00000B5", "STATUS_NOT_SUPPORTED, 0xC00000BB",
        "STATUS_NO_SECURITY_ON_OBJECT, 0xC00000D7", "STATUS_INVALID_USER_BUFFER, 0xC00000E8",
        "STATUS_CANCELLED, 0xC0000120", "STATUS_INVALID_DEVICE_STATE, 0xC0000184", "STATUS_IO_DEVICE_ERROR, 0xC0000185",
        "STATUS_INVALID_BUFFER_SIZE, 0xC0000206", "STATUS_NOT_FOUND, 0xC0000225", "STATUS_PROPSET_NOT_FOUND, 0xC0000230",
        "STATUS_NO_MATCH, 0xC0000272", "STATUS_DEVICE_REMOVED, 0xC00002B6"
    })
    void shouldDefineEveryNtStatusWithItsWindowsValue(String name, String hex) throws Exception {
        int expected = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertEquals(expected, valueOf(NtStatus.class, name));
        if (!name.equals("STATUS_WAIT_0")) {
            assertEquals(name, NtStatus.name(expected), "name(int) of " + hex);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "IRP_MJ_CREATE, 0x00", "IRP_MJ_CREATE_NAMED_PIPE, 0x01", "IRP_MJ_CLOSE, 0x02", "IRP_MJ_READ, 0x03",
        "IRP_MJ_WRITE, 0x04", "IRP_MJ_QUERY_INFORMATION, 0x05", "IRP_MJ_SET_INFORMATION, 0x06", "IRP_MJ_QUERY_EA, 0x07",
        "IRP_MJ_SET_EA, 0x08", "IRP_MJ_FLUSH_BUFFERS, 0x09", "IRP_MJ_QUERY_VOLUME_INFORMATION, 0x0A",
        "IRP_MJ_SET_VOLUME_INFORMATION, 0x0B", "IRP_MJ_DIRECTORY_CONTROL, 0x0C", "IRP_MJ_FILE_SYSTEM_CONTROL, 0x0D",
        "IRP_MJ_DEVICE_CONTROL, 0x0E", "IRP_MJ_INTERNAL_DEVICE_CONTROL, 0x0F", "IRP_MJ_SCSI, 0x0F", "IRP_MJ_SHUTDOWN, 0x10",
        "IRP_MJ_LOCK_CONTROL, 0x11", "IRP_MJ_CLEANUP, 0x12", "IRP_MJ_CREATE_MAILSLOT, 0x13", "IRP_MJ_QUERY_SECURITY, 0x14",
        "IRP_MJ_SET_SECURITY, 0x15", "IRP_MJ_POWER, 0x16", "IRP_MJ_SYSTEM_CONTROL, 0x17", "IRP_MJ_DEVICE_CHANGE, 0x18",
        "IRP_MJ_QUERY_QUOTA, 0x19", "IRP_MJ_SET_QUOTA, 0x1A", "IRP_MJ_PNP, 0x1B", "IRP_MJ_PNP_POWER, 0x1B",
        "IRP_MJ_MAXIMUM_FUNCTION, 0x1B"
    })
    void shouldDefineEveryMajorFunction(String name, String hex) throws Exception {
        assertEquals(Integer.decode(hex), valueOf(IrpMajorFunction.class, name));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "SL_KEY_SPECIFIED, 0x01", "SL_OVERRIDE_VERIFY_VOLUME, 0x02", "SL_WRITE_THROUGH, 0x04",
        "SL_FT_SEQUENTIAL_WRITE, 0x08", "SL_FORCE_DIRECT_WRITE, 0x10", "SL_REALTIME_STREAM, 0x20",
        "SL_PERSISTENT_MEMORY_FIXED_MAPPING, 0x20", "SL_PENDING_RETURNED, 0x01", "SL_ERROR_RETURNED, 0x02",
        "SL_INVOKE_ON_CANCEL, 0x20", "SL_INVOKE_ON_SUCCESS, 0x40", "SL_INVOKE_ON_ERROR, 0x80",
        "SL_FORCE_ACCESS_CHECK, 0x01", "SL_OPEN_TARGET_DIRECTORY, 0x04", "SL_CASE_SENSITIVE, 0x80"
    })
    void shouldDefineStackLocationFlagsAndControlBits(String name, String hex) throws Exception {
        assertEquals(Integer.decode(hex), valueOf(StackLocationFlags.class, name));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "IRP_NOCACHE, 0x1", "IRP_PAGING_IO, 0x2", "IRP_SYNCHRONOUS_API, 0x4", "IRP_ASSOCIATED_IRP, 0x8",
        "IRP_BUFFERED_IO, 0x10", "IRP_DEALLOCATE_BUFFER, 0x20", "IRP_INPUT_OPERATION, 0x40",
        "IRP_SYNCHRONOUS_PAGING_IO, 0x40", "IRP_CREATE_OPERATION, 0x80", "IRP_READ_OPERATION, 0x100",
        "IRP_WRITE_OPERATION, 0x200", "IRP_CLOSE_OPERATION, 0x400", "IRP_DEFER_IO_COMPLETION, 0x800",
        "IRP_OB_QUERY_NAME, 0x1000", "IRP_HOLD_DEVICE_QUEUE, 0x2000"
    })
    void shouldDefineIrpFlags(String name, String hex) throws Exception {
        assertEquals(Integer.decode(hex), valueOf(IrpFlags.class, name));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "IRP_MN_START_DEVICE, 0x00", "IRP_MN_QUERY_REMOVE_DEVICE, 0x01", "IRP_MN_REMOVE_DEVICE, 0x02",
        "IRP_MN_STOP_DEVICE, 0x04", "IRP_MN_QUERY_DEVICE_RELATIONS, 0x07", "IRP_MN_QUERY_INTERFACE, 0x08",
        "IRP_MN_QUERY_CAPABILITIES, 0x09", "IRP_MN_QUERY_ID, 0x13", "IRP_MN_QUERY_PNP_DEVICE_STATE, 0x14",
        "IRP_MN_SURPRISE_REMOVAL, 0x17", "IRP_MN_SET_POWER, 0x02", "IRP_MN_QUERY_POWER, 0x03", "IRP_MN_WAIT_WAKE, 0x00"
    })
    void shouldDefinePnpAndPowerMinorFunctions(String name, String hex) throws Exception {
        assertEquals(Integer.decode(hex), valueOf(IrpMinorFunction.class, name));
    }

    @ParameterizedTest(name = "DO/KPROCESSOR_MODE {0}")
    @CsvSource({"DO_BUFFERED_IO, 0x4", "DO_EXCLUSIVE, 0x8", "DO_DIRECT_IO, 0x10", "DO_DEVICE_INITIALIZING, 0x80",
        "DO_POWER_PAGABLE, 0x2000"})
    void shouldDefineDeviceFlags(String name, String hex) throws Exception {
        assertEquals(Integer.decode(hex), valueOf(DeviceObjectFlags.class, name));
        assertEquals(0, KProcessorMode.KernelMode);
        assertEquals(1, KProcessorMode.UserMode);
    }

    @ParameterizedTest(name = "NT_SUCCESS/INFORMATION/WARNING/ERROR of {0}")
    @CsvSource({
        "0x00000000, true, false, false, false", "0x00000103, true, false, false, false",
        "0x40000000, true, true, false, false", "0x80000005, false, false, true, false",
        "0xC0000120, false, false, false, true", "0xC0000016, false, false, false, true"
    })
    void shouldClassifySeverity(String hex, boolean success, boolean info, boolean warning, boolean error) {
        int s = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertEquals(success, NtStatus.NT_SUCCESS(s));
        assertEquals(info, NtStatus.NT_INFORMATION(s));
        assertEquals(warning, NtStatus.NT_WARNING(s));
        assertEquals(error, NtStatus.NT_ERROR(s));
    }

    @ParameterizedTest(name = "CTL_CODE({0},{1},{2},{3}) = {4}")
    @CsvSource({"0x2F, 0x000, 3, 0, 0x002F0003", "0x2F, 0x004, 3, 2, 0x002F8013", "0x2F, 0x005, 3, 1, 0x002F4017",
        "0x22, 0x800, 0, 0, 0x00222000"})
    void shouldComputeControlCodes(String type, String function, int method, int access, String expected) {
        int code = IoControlCode.CTL_CODE(Integer.decode(type), Integer.decode(function), method, access);
        assertEquals(Integer.decode(expected).intValue(), code);
        assertEquals(method, IoControlCode.METHOD_FROM_CTL_CODE(code));
        assertEquals(access, IoControlCode.ACCESS_FROM_CTL_CODE(code));
        assertEquals(Integer.decode(type).intValue(), IoControlCode.DEVICE_TYPE_FROM_CTL_CODE(code));
    }
}
