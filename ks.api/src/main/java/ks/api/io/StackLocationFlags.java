package ks.api.io;

/**
 * {@code IO_STACK_LOCATION.Flags} values ({@code SL_*}, meaning depends on the major function) and
 * {@code IO_STACK_LOCATION.Control} bits ({@code SL_PENDING_RETURNED}, {@code SL_INVOKE_ON_*}).
 *
 * <p>Read/write flags are the table of the IO_STACK_LOCATION page: SL_REALTIME_STREAM (optical
 * media) and SL_PERSISTENT_MEMORY_FIXED_MAPPING (persistent-memory IRP_MJ_WRITE) share 0x20.
 */
public final class StackLocationFlags {

    public static final int SL_FORCE_ACCESS_CHECK = 0x01;
    public static final int SL_OPEN_PAGING_FILE = 0x02;
    public static final int SL_OPEN_TARGET_DIRECTORY = 0x04;
    public static final int SL_STOP_ON_SYMLINK = 0x08;
    public static final int SL_CASE_SENSITIVE = 0x80;
    public static final int SL_KEY_SPECIFIED = 0x01;
    public static final int SL_OVERRIDE_VERIFY_VOLUME = 0x02;
    public static final int SL_WRITE_THROUGH = 0x04;
    public static final int SL_FT_SEQUENTIAL_WRITE = 0x08;
    public static final int SL_FORCE_DIRECT_WRITE = 0x10;
    public static final int SL_REALTIME_STREAM = 0x20;
    public static final int SL_PERSISTENT_MEMORY_FIXED_MAPPING = 0x20;
    public static final int SL_READ_ACCESS_GRANTED = 0x01;
    public static final int SL_WRITE_ACCESS_GRANTED = 0x04;
    public static final int SL_FAIL_IMMEDIATELY = 0x01;
    public static final int SL_EXCLUSIVE_LOCK = 0x02;
    public static final int SL_RESTART_SCAN = 0x01;
    public static final int SL_RETURN_SINGLE_ENTRY = 0x02;
    public static final int SL_INDEX_SPECIFIED = 0x04;
    public static final int SL_WATCH_TREE = 0x01;
    public static final int SL_ALLOW_RAW_MOUNT = 0x01;
    public static final int SL_PENDING_RETURNED = 0x01;
    public static final int SL_ERROR_RETURNED = 0x02;
    public static final int SL_INVOKE_ON_CANCEL = 0x20;
    public static final int SL_INVOKE_ON_SUCCESS = 0x40;
    public static final int SL_INVOKE_ON_ERROR = 0x80;

    private StackLocationFlags() {
    }
}
