package ks.api.ks;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * KSPROCESSPIN: one pin instance as a filter-centric filter's {@link KsFilterDispatch#process}
 * sees it. Before the call the framework locks the pin's leading edge on its frame; after it, it
 * advances the edge by {@link #bytesUsed} and, with {@link #terminate}, ejects the frame (the
 * edge also moves on once a frame has nothing left). A device that moved or unlocked the pointer
 * itself during the call (to clone it, say) gets neither applied.
 *
 * <p>In-place counterparts, copy sources and delegate branches (splitter and in-place filters)
 * are not modelled: each process pin stands alone.
 */
@ProviderType
public interface KsProcessPin {

    KsPin pin();

    /** The pin's leading edge, locked on its frame; null when the pin has no frame (it does not need one). */
    KsStreamPointer streamPointer();

    /**
     * The frame's buffer from the leading edge's offset, with {@link #bytesAvailable} remaining
     * (a capture pin's room to fill, a render pin's data to consume); empty without a frame.
     */
    ByteBuffer data();

    /** BytesAvailable: what remains in the frame at the leading edge. */
    int bytesAvailable();

    /** BytesUsed: what the device produced or consumed in this call. */
    int bytesUsed();

    /**
     * Sets BytesUsed.
     *
     * @throws IllegalArgumentException when negative or more than {@link #bytesAvailable}
     */
    void bytesUsed(int value);

    /** Terminate: eject the frame after the call, however much of it was used. */
    boolean terminate();

    void terminate(boolean value);
}
