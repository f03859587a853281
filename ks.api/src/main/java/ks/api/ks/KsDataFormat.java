package ks.api.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * KSDATAFORMAT and KSDATARANGE (one layout): the 64-byte head every data format and data range
 * starts with, read and written in a {@link ByteBuffer} whose byte 0 is the structure's first byte.
 * GUID_NULL in MajorFormat, SubFormat or Specifier is the wildcard of a range.
 *
 * <pre>
 *  0 FormatSize  (whole structure incl. the format block)   4 Flags
 *  8 SampleSize                                            12 Reserved (0)
 * 16 MajorFormat (GUID)  32 SubFormat (GUID)  48 Specifier (GUID)
 * </pre>
 */
public final class KsDataFormat {

    public static final int SIZEOF = 64;
    public static final int FORMAT_SIZE = 0;
    public static final int FLAGS = 4;
    public static final int SAMPLE_SIZE = 8;
    public static final int RESERVED = 12;
    public static final int MAJOR_FORMAT = 16;
    public static final int SUB_FORMAT = 32;
    public static final int SPECIFIER = 48;

    public static final int KSDATAFORMAT_TEMPORAL_COMPRESSION = 0x1;
    public static final int KSDATAFORMAT_ATTRIBUTES = 0x2;
    public static final int KSDATARANGE_ATTRIBUTES = 0x2;
    public static final int KSDATARANGE_REQUIRED_ATTRIBUTES = 0x4;

    private KsDataFormat() {
    }

    /** A zeroed little-endian buffer of {@code size} bytes. */
    public static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the 64-byte head. */
    public static void putHeader(ByteBuffer b, int formatSize, int flags, int sampleSize, UUID majorFormat, UUID subFormat,
            UUID specifier) {
        KsWire.putInt(b, FORMAT_SIZE, formatSize);
        KsWire.putInt(b, FLAGS, flags);
        KsWire.putInt(b, SAMPLE_SIZE, sampleSize);
        KsWire.putInt(b, RESERVED, 0);
        KsWire.putGuid(b, MAJOR_FORMAT, majorFormat);
        KsWire.putGuid(b, SUB_FORMAT, subFormat);
        KsWire.putGuid(b, SPECIFIER, specifier);
    }

    public static int formatSize(ByteBuffer b) {
        return KsWire.getInt(b, FORMAT_SIZE);
    }

    public static int flags(ByteBuffer b) {
        return KsWire.getInt(b, FLAGS);
    }

    public static int sampleSize(ByteBuffer b) {
        return KsWire.getInt(b, SAMPLE_SIZE);
    }

    public static UUID majorFormat(ByteBuffer b) {
        return KsWire.getGuid(b, MAJOR_FORMAT);
    }

    public static UUID subFormat(ByteBuffer b) {
        return KsWire.getGuid(b, SUB_FORMAT);
    }

    public static UUID specifier(ByteBuffer b) {
        return KsWire.getGuid(b, SPECIFIER);
    }

    /**
     * Checks a format or range that arrived in {@code length} bytes: the head must fit, FormatSize
     * must be at least 64 and no more than the bytes given, Reserved must be 0.
     *
     * @return STATUS_SUCCESS or STATUS_INVALID_BUFFER_SIZE
     */
    public static int validate(ByteBuffer b, int length) {
        if (length < SIZEOF || !KsWire.fits(b, 0, length)) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        int size = formatSize(b);
        if (size < SIZEOF || size > length || KsWire.getInt(b, RESERVED) != 0) {
            return STATUS_INVALID_BUFFER_SIZE;
        }
        return STATUS_SUCCESS;
    }

    /** Whether two GUIDs match under the wildcard rule: equal, or either is GUID_NULL. */
    public static boolean guidMatches(UUID a, UUID b) {
        return a.equals(b) || a.equals(KsGuids.GUID_NULL) || b.equals(KsGuids.GUID_NULL);
    }

    /**
     * Step 1 of intersection (ks-semantics §6.5): MajorFormat, SubFormat and Specifier each match
     * or one side is a wildcard.
     */
    public static boolean candidates(ByteBuffer a, ByteBuffer b) {
        return guidMatches(majorFormat(a), majorFormat(b)) && guidMatches(subFormat(a), subFormat(b))
                && guidMatches(specifier(a), specifier(b));
    }

    /** A private little-endian copy of the first FormatSize bytes (at most {@code b}'s limit). */
    public static ByteBuffer copy(ByteBuffer b) {
        int n = Math.min(b.limit(), Math.max(SIZEOF, formatSize(b)));
        return allocate(n).put(0, b, 0, n);
    }

    /** The first {@code length} bytes of {@code b} from {@code offset}, as a little-endian view. */
    public static ByteBuffer view(ByteBuffer b, int offset, int length) {
        ByteBuffer d = b.duplicate();
        d.clear();
        d.position(offset).limit(offset + length);
        return d.slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
