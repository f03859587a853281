package ks.api.ks;

/**
 * {@code KsStreamIo} Flags ({@code KSSTREAM_*}) and {@code KsProbeStreamIrp} ProbeFlags ({@code KSPROBE_*}), ks.h.
 * Only bit 0 chooses the direction: READ is 0, WRITE is 1; the rest are modifiers.
 */
public final class KsStreamFlags {

    public static final int KSPROBE_STREAMREAD = 0x00000000;
    public static final int KSPROBE_STREAMWRITE = 0x00000001;
    public static final int KSPROBE_ALLOCATEMDL = 0x00000010;
    public static final int KSPROBE_PROBEANDLOCK = 0x00000020;
    public static final int KSPROBE_SYSTEMADDRESS = 0x00000040;
    public static final int KSPROBE_ALLOWFORMATCHANGE = 0x00000080;
    public static final int KSPROBE_MODIFY = 0x00000200;
    public static final int KSPROBE_STREAMWRITEMODIFY = 0x00000201;
    public static final int KSSTREAM_READ = 0x00000000;
    public static final int KSSTREAM_WRITE = 0x00000001;
    public static final int KSSTREAM_PAGED_DATA = 0x00000000;
    public static final int KSSTREAM_NONPAGED_DATA = 0x00000100;
    public static final int KSSTREAM_SYNCHRONOUS = 0x00001000;
    public static final int KSSTREAM_FAILUREEXCEPTION = 0x00002000;

    private KsStreamFlags() {
    }
}
