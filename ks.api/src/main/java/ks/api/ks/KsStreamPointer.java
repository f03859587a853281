package ks.api.ks;

import org.osgi.annotation.versioning.ProviderType;

/**
 * KSSTREAM_POINTER: a device's place in a pin's stream. There are two kinds.
 *
 * <h2>A request pointer ({@link KsPin#acquireLeadingEdge})</h2>
 * One stream IRP the device has taken to fill over time (a frame arriving in pieces), header by
 * header. The device owns the IRP until it calls {@link #complete} or {@link #fail}, which it must
 * do exactly once, also when the pin stops or the device goes away meanwhile. It has none of the
 * queue operations below (they throw {@link UnsupportedOperationException}).
 *
 * <h2>A queue pointer ({@link KsPin#leadingEdge}, {@link KsPin#trailingEdge}, {@link #clone})</h2>
 * AVStream's model. The pin's queue is a sequence of frames, one per stream header, across the
 * queued requests. The leading edge walks it: {@link #advance} and {@link #advanceOffsets} move it
 * over frames, and a frame it has left behind is done unless a clone still holds it (or, with
 * {@link KsPinDescriptor#KSPIN_FLAG_DISTINCT_TRAILING_EDGE}, until the trailing edge passes it).
 * A request completes when the last of its frames is done: STATUS_SUCCESS (or what
 * {@link #statusCode} set), Information as for any stream request, and for a capture pin each
 * header's DataUsed is the bytes the pointers advanced over it.
 * <ul>
 * <li>Only a locked pointer reaches its frame's {@link #header}; a frame under a locked pointer is
 *     not cancelled until it is unlocked (the cancel then takes effect).</li>
 * <li>A clone holds its frame, and so its request, until {@link #delete}; its cancel callback is
 *     how the device hears that the request was cancelled. A clone without one keeps the request
 *     from completing as cancelled until it is deleted.</li>
 * <li>On a queue pointer {@link #complete} means "done with this frame": an edge ejects it
 *     ({@code unlock(true)}), a clone is deleted; {@link #fail} sets the status code first.</li>
 * <li>Entering STOP, a reset and device removal end every queue pointer: their requests complete
 *     (cancelled) and a pointer used afterwards is a verifier violation; with the verifier on,
 *     a clone or locked edge still there at STOP is one too.</li>
 * </ul>
 * Offsets are in the pin's direction: on a capture pin the bytes written into the frame
 * (KSSTREAM_POINTER.OffsetOut), on a render pin the bytes read from it (OffsetIn).
 *
 * <h2>Threading</h2>
 * Any thread may use a pointer; the pin's queue serialises the operations. Callbacks run without
 * the queue's lock held.
 */
@ProviderType
public interface KsStreamPointer {

    /** The header of the frame the pointer is on (a queue pointer must be locked). */
    KsStreamHeader header();

    /**
     * A request pointer: moves to the IRP's next header; false when the current one is the last.
     * A queue pointer (KsStreamPointerAdvance): moves to the next frame, locked as it was; false
     * (STATUS_DEVICE_NOT_READY) when there is none yet, leaving it unlocked at the end of the
     * queue, from where a later {@link #lock} or {@link KsPin#leadingEdge} takes the next frame
     * to arrive.
     */
    boolean advance();

    /**
     * A request pointer: completes the IRP with STATUS_SUCCESS, as {@link KsPin#fillNext} does
     * (Information, the frame listener, ENDOFSTREAM/DATADISCONTINUITY events). A queue pointer:
     * done with its frame (an edge ejects it, a clone is deleted).
     */
    void complete();

    /** A request pointer: completes the IRP with {@code status} and Information 0. A queue pointer: {@link #statusCode} then {@link #complete}. */
    void fail(int status);

    /**
     * KsStreamPointerLock: locks the pointer onto its frame (for an edge at the end of the queue,
     * the next frame to have arrived).
     *
     * @return STATUS_SUCCESS, or STATUS_DEVICE_NOT_READY when there is no frame to lock
     */
    default int lock() {
        throw new UnsupportedOperationException("a request pointer has no lock; take KsPin.leadingEdge for a queue pointer");
    }

    /** KsStreamPointerUnlock; {@code eject}: move on to the next frame (unlocked) as well. */
    default void unlock(boolean eject) {
        throw new UnsupportedOperationException("a request pointer has no lock; take KsPin.leadingEdge for a queue pointer");
    }

    /** Whether the pointer is locked onto a frame. */
    default boolean locked() {
        return true;
    }

    /** Bytes the pointer has advanced over in its current frame (Offset.Count - Offset.Remaining). */
    default int offset() {
        return 0;
    }

    /**
     * Bytes left in the current frame (Offset.Remaining): FrameExtent less {@link #offset} on a
     * capture pin, DataUsed less it on a render pin.
     */
    default int remaining() {
        KsStreamHeader h = header();
        return h.frameExtent();
    }

    /**
     * KsStreamPointerAdvanceOffsets: moves {@code used} bytes on in the frame (on a capture pin
     * the frame's DataUsed grows by as much); when nothing remains, or with {@code eject}, moves
     * to the next frame and locks it.
     *
     * @return STATUS_SUCCESS; STATUS_DEVICE_NOT_READY when the pointer was not locked or no next
     *     frame could be locked (the pointer is then unlocked at the end of the queue);
     *     STATUS_INVALID_PARAMETER when {@code used} is negative or more than {@link #remaining}
     */
    default int advanceOffsets(int used, boolean eject) {
        throw new UnsupportedOperationException("a request pointer has no offsets; take KsPin.leadingEdge for a queue pointer");
    }

    /** KsStreamPointerAdvanceOffsetsAndUnlock: {@link #advanceOffsets}, then unlocked. */
    default void advanceOffsetsAndUnlock(int used, boolean eject) {
        throw new UnsupportedOperationException("a request pointer has no offsets; take KsPin.leadingEdge for a queue pointer");
    }

    /**
     * KsStreamPointerClone: a new pointer on the same frame, in the same lock state, that holds
     * the frame until {@link #delete}d.
     *
     * @param cancelCallback told when the frame's request is cancelled (it must delete the clone);
     *     null for none
     */
    default KsStreamPointer clone(KsStreamPointerCallback cancelCallback) {
        throw new UnsupportedOperationException("a request pointer cannot be cloned; take KsPin.leadingEdge for a queue pointer");
    }

    /** KsStreamPointerDelete: a clone lets its frame go (the edges are not deleted). */
    default void delete() {
        throw new UnsupportedOperationException("only a clone is deleted");
    }

    /** KsStreamPointerGetNextClone: the pin's next clone after this one, oldest first, or null. */
    default KsStreamPointer nextClone() {
        return null;
    }

    /**
     * KsStreamPointerScheduleTimeout: calls {@code callback} with this pointer once
     * {@code interval100ns} has passed, unless cancelled, deleted or ended first. A new schedule
     * replaces the last.
     */
    default void scheduleTimeout(KsStreamPointerCallback callback, long interval100ns) {
        throw new UnsupportedOperationException("a request pointer has no timeout; take KsPin.leadingEdge for a queue pointer");
    }

    /** KsStreamPointerCancelTimeout. */
    default void cancelTimeout() {
        throw new UnsupportedOperationException("a request pointer has no timeout; take KsPin.leadingEdge for a queue pointer");
    }

    /**
     * KsStreamPointerSetStatusCode: the status the frame's request completes with (its first
     * failure wins over STATUS_SUCCESS).
     */
    default void statusCode(int status) {
        throw new UnsupportedOperationException("a request pointer completes with fail(status)");
    }

    /** KSSTREAM_POINTER.Context: the device's own per-pointer state. */
    default Object context() {
        return null;
    }

    default void context(Object value) {
        throw new UnsupportedOperationException("a request pointer has no context; use KsPin.context");
    }
}
