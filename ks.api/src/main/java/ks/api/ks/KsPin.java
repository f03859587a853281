package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

import ks.api.io.FileObject;

import org.osgi.annotation.versioning.ProviderType;

/**
 * KSPIN: one pin instance, created by a client with KSPIN_CONNECT and a data format. The device
 * side sees it in its {@link KsPinDispatch} callbacks and moves frames through it with
 * {@link #fillNext}.
 *
 * <h2>Threading</h2>
 * {@link #fillNext} and {@link #generateEvent} may be called from any thread (typically the
 * device's own); state changes are serialised by the framework.
 */
@ProviderType
public interface KsPin {

    /** The pin factory index (KSPIN_CONNECT.PinId). */
    int id();

    KsPinDescriptor descriptor();

    KsFilter filter();

    /** The file object the client holds for this pin. */
    FileObject fileObject();

    KsState state();

    /** The connection's data format (read-only). */
    ByteBuffer dataFormat();

    /** Stream IRPs waiting to be filled or consumed. */
    int queued();

    /**
     * In RUN, takes the oldest queued stream IRP, calls {@code filler} for each of its headers and
     * completes it with STATUS_SUCCESS. Headers with ENDOFSTREAM or DATADISCONTINUITY raise the
     * matching KSEVENTSETID_Connection event.
     *
     * @return false when the pin is not running, is being reset, or nothing is queued
     */
    boolean fillNext(KsFrameFiller filler);

    /**
     * KsPinGetLeadingEdgeStreamPointer: in RUN, takes the oldest queued stream IRP for the device to
     * fill piece by piece (e.g. a frame assembled from USB payloads straight into its Data buffer).
     *
     * @return null when the pin is not running, is being reset, nothing is queued, or the previous
     *     pointer is still held
     */
    KsStreamPointer acquireLeadingEdge();

    /**
     * Sets PresentationTime from the filter's clock (in the header's KSTIME units) and Duration,
     * with TIMEVALID and DURATIONVALID.
     */
    void stamp(KsStreamHeader header, long duration100ns);

    /** Signals every client that enabled {@code eventId} of {@code set} on this pin. */
    void generateEvent(UUID set, int eventId);

    /** Frames completed since the pin was created. */
    long framesCompleted();

    /** The device's per-pin state. */
    Object context();

    void context(Object value);
}
