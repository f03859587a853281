package ks.api.io;

/**
 * {@code FILE_OBJECT.Flags} values used by the I/O manager ({@code FO_*}, wdm.h).
 */
public final class FileObjectFlags {

    public static final int FO_SYNCHRONOUS_IO = 0x00000002;
    public static final int FO_ALERTABLE_IO = 0x00000004;
    public static final int FO_HANDLE_CREATED = 0x00040000;
    public static final int FO_CLEANUP_COMPLETE = 0x00004000;

    private FileObjectFlags() {
    }
}
