package ks.api.ks;

import java.nio.ByteBuffer;

/**
 * KSSTREAM_HEADER: describes one frame of a stream packet. A read submits empty headers
 * (DataUsed 0, OptionsFlags 0) whose {@link #data()} the pin fills; a write submits filled ones.
 *
 * <pre>
 *  x64 layout (sizeof 56)        offset
 *  ULONG    Size                   0   bytes of this header incl. any extension
 *  ULONG    TypeSpecificFlags      4
 *  KSTIME   PresentationTime       8   { LONGLONG Time; ULONG Numerator; ULONG Denominator }
 *  LONGLONG Duration              24
 *  ULONG    FrameExtent           32   capacity of Data
 *  ULONG    DataUsed              36   bytes valid in Data
 *  PVOID    Data                  40
 *  ULONG    OptionsFlags          48   KSSTREAM_HEADER_OPTIONSF_*
 *  ULONG    Reserved              52
 * </pre>
 *
 * <p>An extended header (a pin whose KSPROPERTY_STREAMINTERFACE_HEADERSIZE is larger) carries the
 * format-specific bytes in {@link #extension()}, and its {@link #size()} covers them. Times are in
 * 100 ns units scaled by Numerator/Denominator.
 *
 * <h2>Ownership</h2>
 * The submitter owns headers and data buffers; they must stay untouched until the request
 * completes. Headers are meant to be reused.
 */
public final class KsStreamHeader {

    /** sizeof(KSSTREAM_HEADER) on x64. */
    public static final int SIZEOF = 56;

    private int size = SIZEOF;
    private int typeSpecificFlags;
    private long presentationTime;
    private int presentationTimeNumerator = 1;
    private int presentationTimeDenominator = 1;
    private long duration;
    private int frameExtent;
    private int dataUsed;
    private ByteBuffer data;
    private int optionsFlags;
    private int reserved;
    private ByteBuffer extension;

    public KsStreamHeader() {
    }

    /** A plain header over a data buffer: FrameExtent is the buffer's remaining bytes. */
    public KsStreamHeader(ByteBuffer data) {
        data(data);
    }

    public int size() {
        return size;
    }

    public KsStreamHeader size(int value) {
        size = value;
        return this;
    }

    public int typeSpecificFlags() {
        return typeSpecificFlags;
    }

    public KsStreamHeader typeSpecificFlags(int value) {
        typeSpecificFlags = value;
        return this;
    }

    /** PresentationTime.Time. */
    public long presentationTime() {
        return presentationTime;
    }

    public KsStreamHeader presentationTime(long value) {
        presentationTime = value;
        return this;
    }

    /** PresentationTime.Numerator. */
    public int presentationTimeNumerator() {
        return presentationTimeNumerator;
    }

    /** PresentationTime.Denominator. */
    public int presentationTimeDenominator() {
        return presentationTimeDenominator;
    }

    /** Sets the KSTIME scale; 1/1 means 100 ns units. */
    public KsStreamHeader presentationTimeScale(int numerator, int denominator) {
        presentationTimeNumerator = numerator;
        presentationTimeDenominator = denominator;
        return this;
    }

    /** PresentationTime normalised to 100 ns units: Time × Numerator ÷ Denominator, numerator first. */
    public long presentationTime100ns() {
        return toHundredNanoseconds(presentationTime, presentationTimeNumerator, presentationTimeDenominator);
    }

    /**
     * Sets PresentationTime.Time from a time in 100 ns units, in this header's KSTIME scale:
     * Time = t × Denominator ÷ Numerator (a 0 in the scale is taken as 1/1 and set so).
     */
    public KsStreamHeader presentationTime100ns(long time100ns) {
        if (presentationTimeNumerator == 0 || presentationTimeDenominator == 0) {
            presentationTimeScale(1, 1);
        }
        presentationTime = scale(time100ns, Integer.toUnsignedLong(presentationTimeDenominator), Integer.toUnsignedLong(presentationTimeNumerator));
        return this;
    }

    /** KSTIME to 100 ns: Time × Numerator ÷ Denominator (Time itself when the denominator is 0). */
    public static long toHundredNanoseconds(long time, int numerator, int denominator) {
        long den = Integer.toUnsignedLong(denominator);
        return den == 0 ? time : scale(time, Integer.toUnsignedLong(numerator), den);
    }

    /** value × mul ÷ div, multiplying first for precision unless the product does not fit in 64 bits. */
    private static long scale(long value, long mul, long div) {
        if (mul == div) {
            return value;
        }
        long high = Math.multiplyHigh(value, mul);
        long low = value * mul;
        return (high == 0 && low >= 0) || (high == -1 && low < 0) ? low / div : value / div * mul;
    }

    public long duration() {
        return duration;
    }

    public KsStreamHeader duration(long value) {
        duration = value;
        return this;
    }

    /** FrameExtent: capacity of Data in bytes (an unsigned ULONG). */
    public int frameExtent() {
        return frameExtent;
    }

    public KsStreamHeader frameExtent(int value) {
        frameExtent = value;
        return this;
    }

    public int dataUsed() {
        return dataUsed;
    }

    public KsStreamHeader dataUsed(int value) {
        dataUsed = value;
        return this;
    }

    /** Data: the frame buffer; its position 0 is the frame's first byte. */
    public ByteBuffer data() {
        return data;
    }

    /** Sets Data and FrameExtent to the buffer's capacity. */
    public KsStreamHeader data(ByteBuffer value) {
        data = value;
        frameExtent = value == null ? 0 : value.capacity();
        return this;
    }

    /** Sets Data without touching FrameExtent. */
    public KsStreamHeader dataPointer(ByteBuffer value) {
        data = value;
        return this;
    }

    public int optionsFlags() {
        return optionsFlags;
    }

    public KsStreamHeader optionsFlags(int value) {
        optionsFlags = value;
        return this;
    }

    public boolean hasOption(int flag) {
        return (optionsFlags & flag) != 0;
    }

    public int reserved() {
        return reserved;
    }

    public KsStreamHeader reserved(int value) {
        reserved = value;
        return this;
    }

    /** Bytes that follow the 56-byte header in an extended header, or null. */
    public ByteBuffer extension() {
        return extension;
    }

    /** Sets the extension and Size = 56 + its capacity. */
    public KsStreamHeader extension(ByteBuffer value) {
        extension = value;
        size = SIZEOF + (value == null ? 0 : value.capacity());
        return this;
    }

    /** Clears what a read must submit empty (DataUsed, OptionsFlags, times) so the header can be reused. */
    public KsStreamHeader resetForRead() {
        dataUsed = 0;
        optionsFlags = 0;
        presentationTime = 0;
        duration = 0;
        typeSpecificFlags = 0;
        return this;
    }

    /** Total byte size of a header array, the {@code Length} argument of KsStreamIo. */
    public static int totalSize(KsStreamHeader... headers) {
        int total = 0;
        for (int i = 0; i < headers.length; i++) {
            total += headers[i].size;
        }
        return total;
    }

    /**
     * The sum of the headers' DataUsed, each unsigned: the data bytes a stream request carries.
     * A request of one header, the common one, is summed without the loop: the JIT compiles any
     * counted loop with an outer loop and a safepoint poll around it, a dozen instructions more on
     * every fast read the statistics decorator counts.
     */
    public static long totalDataUsed(KsStreamHeader... headers) {
        if (headers.length == 1) {
            return Integer.toUnsignedLong(headers[0].dataUsed);
        }
        long total = 0;
        for (int i = 0; i < headers.length; i++) {
            total += Integer.toUnsignedLong(headers[i].dataUsed);
        }
        return total;
    }

    @Override
    public String toString() {
        return "KSSTREAM_HEADER{Size=" + size + ", Time=" + presentationTime + ", Duration=" + duration
                + ", FrameExtent=" + Integer.toUnsignedString(frameExtent) + ", DataUsed=" + Integer.toUnsignedString(dataUsed)
                + ", OptionsFlags=0x" + Integer.toHexString(optionsFlags) + "}";
    }
}
