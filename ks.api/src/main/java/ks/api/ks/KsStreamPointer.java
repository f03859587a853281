package ks.api.ks;

import org.osgi.annotation.versioning.ProviderType;

/**
 * KSSTREAM_POINTER at the leading edge of a pin's queue: one stream IRP the device has taken to
 * fill over time (a frame arriving in pieces), header by header. The device owns the IRP until it
 * calls {@link #complete} or {@link #fail}, which it must do exactly once, also when the pin stops
 * or the device goes away meanwhile.
 *
 * <h2>Threading</h2>
 * Used by one device thread at a time; the object is reused by the pin after completion.
 */
@ProviderType
public interface KsStreamPointer {

    /** The header being filled. */
    KsStreamHeader header();

    /** Moves to the IRP's next header; false when the current one is the last. */
    boolean advance();

    /**
     * Completes the IRP with STATUS_SUCCESS, as {@link KsPin#fillNext} does (Information, the
     * frame listener, ENDOFSTREAM/DATADISCONTINUITY events).
     */
    void complete();

    /** Completes the IRP with the error {@code status} and Information 0. */
    void fail(int status);
}
