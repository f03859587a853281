package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;

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

    /**
     * Work waiting for the device: queued stream IRPs and, on a render pin, frames accepted into its
     * ready ring and not yet consumed.
     */
    int queued();

    /**
     * Frames in the pin's ready ring: on a capture pin, frames completed while no read was queued
     * and not yet delivered; on a render pin, frames written and not yet consumed. 0 when the pin
     * has no ring (fast I/O is not configured for its device).
     */
    int readyFrames();

    /**
     * The fast-I/O read of a capture pin: in RUN, with no read IRP queued and a ready frame for each
     * header, copies the oldest ready frames into {@code headers} (data, DataUsed, OptionsFlags,
     * times and the header extension, as the IRP path fills them), sets {@code ioStatus} to
     * STATUS_SUCCESS with Information = the headers' total size and returns true. Returns false
     * (declines, nothing changed) otherwise, including for headers the stream-header probe would
     * refuse; the caller then builds an IRP, which takes its place in the same order.
     */
    boolean fastRead(KsStreamHeader[] headers, int length, IoStatusBlock ioStatus);

    /**
     * The fast-I/O write of a render pin: with no write IRP queued and room in the ready ring for
     * every header, copies the frames into the ring, sets {@code ioStatus} to STATUS_SUCCESS with
     * Information = the bytes written and returns true; the device consumes them before any later
     * IRP. Returns false (declines) otherwise.
     */
    boolean fastWrite(KsStreamHeader[] headers, int length, IoStatusBlock ioStatus);

    /**
     * KsPinAttemptProcessing: asks for {@link KsPinDispatch#process} to run, for a device that
     * returned STATUS_PENDING from it and now has room again (typically from its completion or
     * "interrupt"). If processing is running, it runs once more when it returns; if the pin is
     * below its processing state, nothing happens.
     *
     * @param asynchronous true: on a worker thread, never this one; false: on this thread when no
     *     processing is running (so not from inside {@code process} itself, where it runs again
     *     after the current call)
     */
    void attemptProcessing(boolean asynchronous);

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
     * KsPinGetLeadingEdgeStreamPointer: the pin's leading-edge queue pointer (see
     * {@link KsStreamPointer}), the same object on every call. In PAUSE or RUN, and not being
     * reset, with a frame at the edge (it takes the next queued request when it reached the end).
     *
     * @param locked true to lock it on its frame (KSSTREAM_POINTER_STATE_LOCKED)
     * @return null when the pin is below PAUSE, is being reset, or (for {@code locked}) has no
     *     frame at the leading edge
     */
    default KsStreamPointer leadingEdge(boolean locked) {
        throw new UnsupportedOperationException("this pin has no stream queue");
    }

    /**
     * KsPinGetTrailingEdgeStreamPointer: with {@link KsPinDescriptor#KSPIN_FLAG_DISTINCT_TRAILING_EDGE},
     * the pointer on the oldest frame the leading edge has passed and that is not yet done; frames
     * stay until it passes them.
     *
     * @return null without the flag, below PAUSE, while resetting, or (for {@code locked}) when
     *     the leading edge has passed no frame that is still waiting
     */
    default KsStreamPointer trailingEdge(boolean locked) {
        throw new UnsupportedOperationException("this pin has no stream queue");
    }

    /**
     * KsPinAcquireProcessingMutex: while the device holds it, {@link KsPinDispatch#process} does
     * not run (process runs holding it), e.g. in SetDeviceState while it takes its buffers back
     * from the hardware. Re-entrant; release it once per acquire, on the same thread. Do not hold
     * it while completing requests on a pin without KSPIN_FLAG_ASYNCHRONOUS_PROCESSING: the
     * client's next request may start process on that thread.
     */
    default void acquireProcessingMutex() {
        throw new UnsupportedOperationException("this pin has no processing mutex");
    }

    /** KsPinReleaseProcessingMutex. */
    default void releaseProcessingMutex() {
        throw new UnsupportedOperationException("this pin has no processing mutex");
    }

    /**
     * KsPinGetConnectedPinFileObject, as the pin: the pin of another filter this one is connected
     * to pin-to-pin (see {@link KsPinDispatch#connect}), or null.
     */
    default KsPin connectedPin() {
        return null;
    }

    /** KsPinGetFirstCloneStreamPointer: the oldest clone of this pin's queue pointers, or null. */
    default KsStreamPointer firstClone() {
        return null;
    }

    /**
     * Sets PresentationTime from the filter's clock (in the header's KSTIME units) and Duration,
     * with TIMEVALID and DURATIONVALID.
     */
    void stamp(KsStreamHeader header, long duration100ns);

    /** Signals every client that enabled {@code eventId} of {@code set} on this pin. */
    void generateEvent(UUID set, int eventId);

    /** Frames completed since the pin was created (stream requests served, on either path). */
    long framesCompleted();

    /** Data bytes of those frames: the DataUsed of every header completed. */
    long bytesCompleted();

    /**
     * Frames a capture device had to drop because nothing was there to take them: it asked for the
     * leading edge in RUN with no read queued and no ready-ring slot free. Frames a device discards
     * for its own reasons (damaged in transfer) are its own count (KS_FRAME_INFO.DropCount on video
     * pins). Always 0 on a render pin.
     */
    long framesDropped();

    /** The device's per-pin state. */
    Object context();

    void context(Object value);
}
