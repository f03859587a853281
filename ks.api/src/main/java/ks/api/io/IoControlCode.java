package ks.api.io;

/**
 * The {@code CTL_CODE} macro and its parts: device type, access, function and transfer method of
 * an I/O control code (devioctl.h).
 *
 * <pre>
 *  31          16 15  14 13          2 1  0
 * +--------------+------+-------------+----+
 * | DeviceType   |Access| Function    |Meth|
 * +--------------+------+-------------+----+
 * </pre>
 */
public final class IoControlCode {

    public static final int METHOD_BUFFERED = 0;
    public static final int METHOD_IN_DIRECT = 1;
    public static final int METHOD_OUT_DIRECT = 2;
    public static final int METHOD_NEITHER = 3;

    public static final int FILE_ANY_ACCESS = 0;
    public static final int FILE_READ_ACCESS = 1;
    public static final int FILE_WRITE_ACCESS = 2;

    public static final int FILE_DEVICE_KS = 0x0000002F;
    public static final int FILE_DEVICE_NULL = 0x00000015;
    public static final int FILE_DEVICE_UNKNOWN = 0x00000022;
    public static final int FILE_DEVICE_BUS_EXTENDER = 0x0000002A;

    private IoControlCode() {
    }

    /** CTL_CODE(DeviceType, Function, Method, Access). */
    public static int CTL_CODE(int deviceType, int function, int method, int access) {
        return (deviceType << 16) | (access << 14) | (function << 2) | method;
    }

    /** DEVICE_TYPE_FROM_CTL_CODE. */
    public static int DEVICE_TYPE_FROM_CTL_CODE(int code) {
        return code >>> 16;
    }

    /** METHOD_FROM_CTL_CODE. */
    public static int METHOD_FROM_CTL_CODE(int code) {
        return code & 3;
    }

    /** The required-access bits, {@code (code >> 14) & 3}. */
    public static int ACCESS_FROM_CTL_CODE(int code) {
        return (code >>> 14) & 3;
    }

    /** The function number, bits 2..13. */
    public static int FUNCTION_FROM_CTL_CODE(int code) {
        return (code >>> 2) & 0xFFF;
    }
}
