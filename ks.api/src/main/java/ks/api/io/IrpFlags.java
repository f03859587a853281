package ks.api.io;

/**
 * {@code IRP.Flags} values (wdm.h).
 */
public final class IrpFlags {

    public static final int IRP_NOCACHE = 0x00000001;
    public static final int IRP_PAGING_IO = 0x00000002;
    public static final int IRP_MOUNT_COMPLETION = 0x00000002;
    public static final int IRP_SYNCHRONOUS_API = 0x00000004;
    public static final int IRP_ASSOCIATED_IRP = 0x00000008;
    public static final int IRP_BUFFERED_IO = 0x00000010;
    public static final int IRP_DEALLOCATE_BUFFER = 0x00000020;
    public static final int IRP_INPUT_OPERATION = 0x00000040;
    public static final int IRP_SYNCHRONOUS_PAGING_IO = 0x00000040;
    public static final int IRP_CREATE_OPERATION = 0x00000080;
    public static final int IRP_READ_OPERATION = 0x00000100;
    public static final int IRP_WRITE_OPERATION = 0x00000200;
    public static final int IRP_CLOSE_OPERATION = 0x00000400;
    public static final int IRP_DEFER_IO_COMPLETION = 0x00000800;
    public static final int IRP_OB_QUERY_NAME = 0x00001000;
    public static final int IRP_HOLD_DEVICE_QUEUE = 0x00002000;

    private IrpFlags() {
    }
}
