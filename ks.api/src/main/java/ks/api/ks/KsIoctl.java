package ks.api.ks;

import static ks.api.io.IoControlCode.CTL_CODE;
import static ks.api.io.IoControlCode.FILE_ANY_ACCESS;
import static ks.api.io.IoControlCode.FILE_DEVICE_KS;
import static ks.api.io.IoControlCode.FILE_READ_ACCESS;
import static ks.api.io.IoControlCode.FILE_WRITE_ACCESS;
import static ks.api.io.IoControlCode.METHOD_NEITHER;

/**
 * The KS I/O control codes (ks.h), all METHOD_NEITHER on FILE_DEVICE_KS; READ_STREAM needs read
 * access and WRITE_STREAM write access.
 */
public final class KsIoctl {

    // Values, for checking against ks.h: PROPERTY 0x002F0003, ENABLE_EVENT 0x002F0007, DISABLE_EVENT 0x002F000B,
    // METHOD 0x002F000F, WRITE_STREAM 0x002F8013, READ_STREAM 0x002F4017, RESET_STATE 0x002F001B.

    public static final int IOCTL_KS_PROPERTY = CTL_CODE(FILE_DEVICE_KS, 0x000, METHOD_NEITHER, FILE_ANY_ACCESS);
    public static final int IOCTL_KS_ENABLE_EVENT = CTL_CODE(FILE_DEVICE_KS, 0x001, METHOD_NEITHER, FILE_ANY_ACCESS);
    public static final int IOCTL_KS_DISABLE_EVENT = CTL_CODE(FILE_DEVICE_KS, 0x002, METHOD_NEITHER, FILE_ANY_ACCESS);
    public static final int IOCTL_KS_METHOD = CTL_CODE(FILE_DEVICE_KS, 0x003, METHOD_NEITHER, FILE_ANY_ACCESS);
    public static final int IOCTL_KS_WRITE_STREAM = CTL_CODE(FILE_DEVICE_KS, 0x004, METHOD_NEITHER, FILE_WRITE_ACCESS);
    public static final int IOCTL_KS_READ_STREAM = CTL_CODE(FILE_DEVICE_KS, 0x005, METHOD_NEITHER, FILE_READ_ACCESS);
    public static final int IOCTL_KS_RESET_STATE = CTL_CODE(FILE_DEVICE_KS, 0x006, METHOD_NEITHER, FILE_ANY_ACCESS);
    public static final int KSRESET_BEGIN = 0;
    public static final int KSRESET_END = 1;

    private KsIoctl() {
    }
}
