package ks.api.io;

/**
 * NTSTATUS values and the severity predicates of {@code ntdef.h}.
 *
 * <p>A status is an {@code int}: hex literals such as {@code 0xC0000001} are negative, so
 * {@link #NT_SUCCESS(int)} is simply {@code status >= 0}. The two top bits are the severity:
 * 0 success, 1 informational, 2 warning, 3 error. Completion routines are chosen by
 * {@code NT_SUCCESS}, while final completion writes the I/O status block unless
 * {@code NT_ERROR}; keep the two predicates apart (warnings are "not success" and "not error").
 */
public final class NtStatus {

    public static final int STATUS_SUCCESS = 0x00000000;
    public static final int STATUS_WAIT_0 = 0x00000000;
    public static final int STATUS_USER_APC = 0x000000C0;
    public static final int STATUS_ALERTED = 0x00000101;
    public static final int STATUS_TIMEOUT = 0x00000102;
    public static final int STATUS_PENDING = 0x00000103;
    public static final int STATUS_REPARSE = 0x00000104;
    public static final int STATUS_MORE_ENTRIES = 0x00000105;
    public static final int STATUS_DATATYPE_MISALIGNMENT = 0x80000002;
    public static final int STATUS_BUFFER_OVERFLOW = 0x80000005;
    public static final int STATUS_DEVICE_BUSY = 0x80000011;
    public static final int STATUS_NO_MORE_ENTRIES = 0x8000001A;
    public static final int STATUS_UNSUCCESSFUL = 0xC0000001;
    public static final int STATUS_NOT_IMPLEMENTED = 0xC0000002;
    public static final int STATUS_INFO_LENGTH_MISMATCH = 0xC0000004;
    public static final int STATUS_ACCESS_VIOLATION = 0xC0000005;
    public static final int STATUS_INVALID_HANDLE = 0xC0000008;
    public static final int STATUS_INVALID_PARAMETER = 0xC000000D;
    public static final int STATUS_NO_SUCH_DEVICE = 0xC000000E;
    public static final int STATUS_INVALID_DEVICE_REQUEST = 0xC0000010;
    public static final int STATUS_END_OF_FILE = 0xC0000011;
    public static final int STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016;
    public static final int STATUS_NO_MEMORY = 0xC0000017;
    public static final int STATUS_ACCESS_DENIED = 0xC0000022;
    public static final int STATUS_BUFFER_TOO_SMALL = 0xC0000023;
    public static final int STATUS_OBJECT_TYPE_MISMATCH = 0xC0000024;
    public static final int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;
    public static final int STATUS_OBJECT_NAME_COLLISION = 0xC0000035;
    public static final int STATUS_DELETE_PENDING = 0xC0000056;
    public static final int STATUS_INSUFFICIENT_RESOURCES = 0xC000009A;
    public static final int STATUS_DEVICE_DATA_ERROR = 0xC000009C;
    public static final int STATUS_DEVICE_NOT_CONNECTED = 0xC000009D;
    public static final int STATUS_DEVICE_CONFIGURATION_ERROR = 0xC0000182;
    public static final int STATUS_DEVICE_NOT_READY = 0xC00000A3;
    public static final int STATUS_IO_TIMEOUT = 0xC00000B5;
    public static final int STATUS_NOT_SUPPORTED = 0xC00000BB;
    public static final int STATUS_NO_SECURITY_ON_OBJECT = 0xC00000D7;
    public static final int STATUS_INVALID_USER_BUFFER = 0xC00000E8;
    public static final int STATUS_CANCELLED = 0xC0000120;
    public static final int STATUS_INVALID_DEVICE_STATE = 0xC0000184;
    public static final int STATUS_IO_DEVICE_ERROR = 0xC0000185;
    public static final int STATUS_INVALID_BUFFER_SIZE = 0xC0000206;
    public static final int STATUS_NOT_FOUND = 0xC0000225;
    public static final int STATUS_PROPSET_NOT_FOUND = 0xC0000230;
    public static final int STATUS_NO_MATCH = 0xC0000272;
    public static final int STATUS_DEVICE_REMOVED = 0xC00002B6;

    /** Unknown values are named by this constant; {@link #toString(int)} adds the hex value. */
    public static final String UNKNOWN_NAME = "STATUS_UNKNOWN";

    private NtStatus() {
    }

    /** NT_SUCCESS: severity success or informational. */
    public static boolean NT_SUCCESS(int status) {
        return status >= 0;
    }

    /** NT_INFORMATION: severity 1. */
    public static boolean NT_INFORMATION(int status) {
        return (status >>> 30) == 1;
    }

    /** NT_WARNING: severity 2. */
    public static boolean NT_WARNING(int status) {
        return (status >>> 30) == 2;
    }

    /** NT_ERROR: severity 3. */
    public static boolean NT_ERROR(int status) {
        return (status >>> 30) == 3;
    }

    /**
     * The constant name of a status, without allocating; {@link #UNKNOWN_NAME} for values this
     * class does not define. {@code STATUS_SUCCESS} is preferred over its alias
     * {@code STATUS_WAIT_0}.
     */
    public static String name(int status) {
        switch (status) {
            case STATUS_SUCCESS: return "STATUS_SUCCESS";
            case STATUS_USER_APC: return "STATUS_USER_APC";
            case STATUS_ALERTED: return "STATUS_ALERTED";
            case STATUS_TIMEOUT: return "STATUS_TIMEOUT";
            case STATUS_PENDING: return "STATUS_PENDING";
            case STATUS_REPARSE: return "STATUS_REPARSE";
            case STATUS_MORE_ENTRIES: return "STATUS_MORE_ENTRIES";
            case STATUS_DATATYPE_MISALIGNMENT: return "STATUS_DATATYPE_MISALIGNMENT";
            case STATUS_BUFFER_OVERFLOW: return "STATUS_BUFFER_OVERFLOW";
            case STATUS_DEVICE_BUSY: return "STATUS_DEVICE_BUSY";
            case STATUS_NO_MORE_ENTRIES: return "STATUS_NO_MORE_ENTRIES";
            case STATUS_UNSUCCESSFUL: return "STATUS_UNSUCCESSFUL";
            case STATUS_NOT_IMPLEMENTED: return "STATUS_NOT_IMPLEMENTED";
            case STATUS_INFO_LENGTH_MISMATCH: return "STATUS_INFO_LENGTH_MISMATCH";
            case STATUS_ACCESS_VIOLATION: return "STATUS_ACCESS_VIOLATION";
            case STATUS_INVALID_HANDLE: return "STATUS_INVALID_HANDLE";
            case STATUS_INVALID_PARAMETER: return "STATUS_INVALID_PARAMETER";
            case STATUS_NO_SUCH_DEVICE: return "STATUS_NO_SUCH_DEVICE";
            case STATUS_INVALID_DEVICE_REQUEST: return "STATUS_INVALID_DEVICE_REQUEST";
            case STATUS_END_OF_FILE: return "STATUS_END_OF_FILE";
            case STATUS_MORE_PROCESSING_REQUIRED: return "STATUS_MORE_PROCESSING_REQUIRED";
            case STATUS_NO_MEMORY: return "STATUS_NO_MEMORY";
            case STATUS_ACCESS_DENIED: return "STATUS_ACCESS_DENIED";
            case STATUS_BUFFER_TOO_SMALL: return "STATUS_BUFFER_TOO_SMALL";
            case STATUS_OBJECT_TYPE_MISMATCH: return "STATUS_OBJECT_TYPE_MISMATCH";
            case STATUS_OBJECT_NAME_NOT_FOUND: return "STATUS_OBJECT_NAME_NOT_FOUND";
            case STATUS_OBJECT_NAME_COLLISION: return "STATUS_OBJECT_NAME_COLLISION";
            case STATUS_DELETE_PENDING: return "STATUS_DELETE_PENDING";
            case STATUS_INSUFFICIENT_RESOURCES: return "STATUS_INSUFFICIENT_RESOURCES";
            case STATUS_DEVICE_DATA_ERROR: return "STATUS_DEVICE_DATA_ERROR";
            case STATUS_DEVICE_NOT_CONNECTED: return "STATUS_DEVICE_NOT_CONNECTED";
            case STATUS_DEVICE_CONFIGURATION_ERROR: return "STATUS_DEVICE_CONFIGURATION_ERROR";
            case STATUS_DEVICE_NOT_READY: return "STATUS_DEVICE_NOT_READY";
            case STATUS_IO_TIMEOUT: return "STATUS_IO_TIMEOUT";
            case STATUS_NOT_SUPPORTED: return "STATUS_NOT_SUPPORTED";
            case STATUS_NO_SECURITY_ON_OBJECT: return "STATUS_NO_SECURITY_ON_OBJECT";
            case STATUS_INVALID_USER_BUFFER: return "STATUS_INVALID_USER_BUFFER";
            case STATUS_CANCELLED: return "STATUS_CANCELLED";
            case STATUS_INVALID_DEVICE_STATE: return "STATUS_INVALID_DEVICE_STATE";
            case STATUS_IO_DEVICE_ERROR: return "STATUS_IO_DEVICE_ERROR";
            case STATUS_INVALID_BUFFER_SIZE: return "STATUS_INVALID_BUFFER_SIZE";
            case STATUS_NOT_FOUND: return "STATUS_NOT_FOUND";
            case STATUS_PROPSET_NOT_FOUND: return "STATUS_PROPSET_NOT_FOUND";
            case STATUS_NO_MATCH: return "STATUS_NO_MATCH";
            case STATUS_DEVICE_REMOVED: return "STATUS_DEVICE_REMOVED";
            default: return UNKNOWN_NAME;
        }
    }

    /** Name and hex value, for messages: {@code STATUS_CANCELLED (0xC0000120)}. */
    public static String toString(int status) {
        return name(status) + String.format(" (0x%08X)", status);
    }
}
