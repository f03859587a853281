package ks.api.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KS constants of ks-semantics §2.1–§2.3 and §3.2, values written down from those tables. */
class KsConstantValuesTest {

    static int valueOf(Class<?> type, String name) throws ReflectiveOperationException {
        return type.getField(name).getInt(null);
    }

    @ParameterizedTest(name = "{0} = {1} ({2})")
    @CsvSource({
        "IOCTL_KS_PROPERTY, 0x002F0003, 3080195", "IOCTL_KS_ENABLE_EVENT, 0x002F0007, 3080199",
        "IOCTL_KS_DISABLE_EVENT, 0x002F000B, 3080203", "IOCTL_KS_METHOD, 0x002F000F, 3080207",
        "IOCTL_KS_WRITE_STREAM, 0x002F8013, 3112979", "IOCTL_KS_READ_STREAM, 0x002F4017, 3096599",
        "IOCTL_KS_RESET_STATE, 0x002F001B, 3080219"
    })
    void shouldDefineKsIoctls(String name, String hex, int decimal) throws Exception {
        assertEquals(Integer.decode(hex).intValue(), valueOf(KsIoctl.class, name));
        assertEquals(decimal, valueOf(KsIoctl.class, name));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "KSPROBE_STREAMREAD, 0x0", "KSPROBE_STREAMWRITE, 0x1", "KSPROBE_ALLOCATEMDL, 0x10", "KSPROBE_PROBEANDLOCK, 0x20",
        "KSPROBE_SYSTEMADDRESS, 0x40", "KSPROBE_ALLOWFORMATCHANGE, 0x80", "KSPROBE_MODIFY, 0x200",
        "KSPROBE_STREAMWRITEMODIFY, 0x201", "KSSTREAM_READ, 0x0", "KSSTREAM_WRITE, 0x1", "KSSTREAM_PAGED_DATA, 0x0",
        "KSSTREAM_NONPAGED_DATA, 0x100", "KSSTREAM_SYNCHRONOUS, 0x1000", "KSSTREAM_FAILUREEXCEPTION, 0x2000"
    })
    void shouldDefineStreamAndProbeFlags(String name, String hex) throws Exception {
        assertEquals(Integer.decode(hex).intValue(), valueOf(KsStreamFlags.class, name));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT, 0x00000001", "KSSTREAM_HEADER_OPTIONSF_PREROLL, 0x00000002",
        "KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY, 0x00000004", "KSSTREAM_HEADER_OPTIONSF_TYPECHANGED, 0x00000008",
        "KSSTREAM_HEADER_OPTIONSF_TIMEVALID, 0x00000010", "KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY, 0x00000040",
        "KSSTREAM_HEADER_OPTIONSF_FLUSHONPAUSE, 0x00000080", "KSSTREAM_HEADER_OPTIONSF_DURATIONVALID, 0x00000100",
        "KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM, 0x00000200", "KSSTREAM_HEADER_OPTIONSF_BUFFEREDTRANSFER, 0x00000400",
        "KSSTREAM_HEADER_OPTIONSF_VRAM_DATA_TRANSFER, 0x00000800", "KSSTREAM_HEADER_OPTIONSF_METADATA, 0x00001000",
        "KSSTREAM_HEADER_OPTIONSF_ENDOFPHOTOSEQUENCE, 0x00002000", "KSSTREAM_HEADER_OPTIONSF_FRAMEINFO, 0x00004000",
        "KSSTREAM_HEADER_OPTIONSF_PERSIST_SAMPLE, 0x00008000", "KSSTREAM_HEADER_OPTIONSF_SAMPLE_PERSISTED, 0x00010000",
        "KSSTREAM_HEADER_TRACK_COMPLETION_NUMBERS, 0x00020000", "KSSTREAM_HEADER_OPTIONSF_SECUREBUFFERTRANSFER, 0x00040000",
        "KSSTREAM_HEADER_OPTIONSF_LOOPEDDATA, 0x80000000"
    })
    void shouldDefineEveryOptionsFlag(String name, String hex) throws Exception {
        assertEquals(Integer.parseUnsignedInt(hex.substring(2), 16), valueOf(KsStreamHeaderOptions.class, name));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"KsInvokeOnSuccess, 1", "KsInvokeOnError, 2", "KsInvokeOnCancel, 4"})
    void shouldDefineCompletionInvocation(String name, int value) throws Exception {
        assertEquals(value, valueOf(KsCompletionInvocation.class, name));
    }

    @ParameterizedTest(name = "Time {0} x {1}/{2} = {3} (100 ns)")
    @CsvSource({"333, 1, 1, 333", "48000, 10000000, 48000, 10000000", "3, 10, 3, 10", "-40, 1, 4, -10"})
    void shouldNormalisePresentationTimeNumeratorFirst(long time, int num, int den, long expected) {
        KsStreamHeader h = new KsStreamHeader().presentationTime(time).presentationTimeScale(num, den);
        assertEquals(expected, h.presentationTime100ns());
    }
}
