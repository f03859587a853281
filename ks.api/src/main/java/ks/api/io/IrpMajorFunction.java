package ks.api.io;

/**
 * IRP major function codes ({@code IRP_MJ_*}, wdm.h): the index into a driver object's dispatch table.
 */
public final class IrpMajorFunction {

    public static final int IRP_MJ_CREATE = 0x00;
    public static final int IRP_MJ_CREATE_NAMED_PIPE = 0x01;
    public static final int IRP_MJ_CLOSE = 0x02;
    public static final int IRP_MJ_READ = 0x03;
    public static final int IRP_MJ_WRITE = 0x04;
    public static final int IRP_MJ_QUERY_INFORMATION = 0x05;
    public static final int IRP_MJ_SET_INFORMATION = 0x06;
    public static final int IRP_MJ_QUERY_EA = 0x07;
    public static final int IRP_MJ_SET_EA = 0x08;
    public static final int IRP_MJ_FLUSH_BUFFERS = 0x09;
    public static final int IRP_MJ_QUERY_VOLUME_INFORMATION = 0x0A;
    public static final int IRP_MJ_SET_VOLUME_INFORMATION = 0x0B;
    public static final int IRP_MJ_DIRECTORY_CONTROL = 0x0C;
    public static final int IRP_MJ_FILE_SYSTEM_CONTROL = 0x0D;
    public static final int IRP_MJ_DEVICE_CONTROL = 0x0E;
    public static final int IRP_MJ_INTERNAL_DEVICE_CONTROL = 0x0F;
    public static final int IRP_MJ_SHUTDOWN = 0x10;
    public static final int IRP_MJ_LOCK_CONTROL = 0x11;
    public static final int IRP_MJ_CLEANUP = 0x12;
    public static final int IRP_MJ_CREATE_MAILSLOT = 0x13;
    public static final int IRP_MJ_QUERY_SECURITY = 0x14;
    public static final int IRP_MJ_SET_SECURITY = 0x15;
    public static final int IRP_MJ_POWER = 0x16;
    public static final int IRP_MJ_SYSTEM_CONTROL = 0x17;
    public static final int IRP_MJ_DEVICE_CHANGE = 0x18;
    public static final int IRP_MJ_QUERY_QUOTA = 0x19;
    public static final int IRP_MJ_SET_QUOTA = 0x1A;
    public static final int IRP_MJ_PNP = 0x1B;
    public static final int IRP_MJ_SCSI = IRP_MJ_INTERNAL_DEVICE_CONTROL;
    public static final int IRP_MJ_PNP_POWER = IRP_MJ_PNP;
    public static final int IRP_MJ_MAXIMUM_FUNCTION = IRP_MJ_PNP;

    /** Entries in {@link DriverObject#MajorFunction}: {@code IRP_MJ_MAXIMUM_FUNCTION + 1} = 28. */
    public static final int COUNT = IRP_MJ_MAXIMUM_FUNCTION + 1;

    /** The constant's name, for messages; never allocates. */
    public static String name(int majorFunction) {
        switch (majorFunction) {
            case IRP_MJ_CREATE: return "IRP_MJ_CREATE";
            case IRP_MJ_CREATE_NAMED_PIPE: return "IRP_MJ_CREATE_NAMED_PIPE";
            case IRP_MJ_CLOSE: return "IRP_MJ_CLOSE";
            case IRP_MJ_READ: return "IRP_MJ_READ";
            case IRP_MJ_WRITE: return "IRP_MJ_WRITE";
            case IRP_MJ_QUERY_INFORMATION: return "IRP_MJ_QUERY_INFORMATION";
            case IRP_MJ_SET_INFORMATION: return "IRP_MJ_SET_INFORMATION";
            case IRP_MJ_QUERY_EA: return "IRP_MJ_QUERY_EA";
            case IRP_MJ_SET_EA: return "IRP_MJ_SET_EA";
            case IRP_MJ_FLUSH_BUFFERS: return "IRP_MJ_FLUSH_BUFFERS";
            case IRP_MJ_QUERY_VOLUME_INFORMATION: return "IRP_MJ_QUERY_VOLUME_INFORMATION";
            case IRP_MJ_SET_VOLUME_INFORMATION: return "IRP_MJ_SET_VOLUME_INFORMATION";
            case IRP_MJ_DIRECTORY_CONTROL: return "IRP_MJ_DIRECTORY_CONTROL";
            case IRP_MJ_FILE_SYSTEM_CONTROL: return "IRP_MJ_FILE_SYSTEM_CONTROL";
            case IRP_MJ_DEVICE_CONTROL: return "IRP_MJ_DEVICE_CONTROL";
            case IRP_MJ_INTERNAL_DEVICE_CONTROL: return "IRP_MJ_INTERNAL_DEVICE_CONTROL";
            case IRP_MJ_SHUTDOWN: return "IRP_MJ_SHUTDOWN";
            case IRP_MJ_LOCK_CONTROL: return "IRP_MJ_LOCK_CONTROL";
            case IRP_MJ_CLEANUP: return "IRP_MJ_CLEANUP";
            case IRP_MJ_CREATE_MAILSLOT: return "IRP_MJ_CREATE_MAILSLOT";
            case IRP_MJ_QUERY_SECURITY: return "IRP_MJ_QUERY_SECURITY";
            case IRP_MJ_SET_SECURITY: return "IRP_MJ_SET_SECURITY";
            case IRP_MJ_POWER: return "IRP_MJ_POWER";
            case IRP_MJ_SYSTEM_CONTROL: return "IRP_MJ_SYSTEM_CONTROL";
            case IRP_MJ_DEVICE_CHANGE: return "IRP_MJ_DEVICE_CHANGE";
            case IRP_MJ_QUERY_QUOTA: return "IRP_MJ_QUERY_QUOTA";
            case IRP_MJ_SET_QUOTA: return "IRP_MJ_SET_QUOTA";
            case IRP_MJ_PNP: return "IRP_MJ_PNP";
            default: return "IRP_MJ_UNKNOWN";
        }
    }

    private IrpMajorFunction() {
    }
}
