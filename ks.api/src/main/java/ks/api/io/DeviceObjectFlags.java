package ks.api.io;

/**
 * {@code DEVICE_OBJECT.Flags} values ({@code DO_*}, wdm.h).
 */
public final class DeviceObjectFlags {

    public static final int DO_UNLOAD_PENDING = 0x00000001;
    public static final int DO_VERIFY_VOLUME = 0x00000002;
    public static final int DO_BUFFERED_IO = 0x00000004;
    public static final int DO_EXCLUSIVE = 0x00000008;
    public static final int DO_DIRECT_IO = 0x00000010;
    public static final int DO_MAP_IO_BUFFER = 0x00000020;
    public static final int DO_DEVICE_HAS_NAME = 0x00000040;
    public static final int DO_DEVICE_INITIALIZING = 0x00000080;
    public static final int DO_BUS_ENUMERATED_DEVICE = 0x00001000;
    public static final int DO_POWER_PAGABLE = 0x00002000;
    public static final int DO_POWER_INRUSH = 0x00004000;

    private DeviceObjectFlags() {
    }
}
