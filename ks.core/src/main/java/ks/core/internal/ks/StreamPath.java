package ks.core.internal.ks;

import ks.api.io.Irp;
import ks.api.ks.KsStreamHeader;

/**
 * How a pin's stream requests meet its device, chosen when the pin is made: the cancel-safe queue
 * alone, or with a capture pin's or a render pin's ready ring (fast I/O). {@link StreamPin} does
 * the state, the header probe and the refusals; the path does the rest.
 */
interface StreamPath {

    /** A probed stream request of a pin in ACQUIRE, PAUSE or RUN: served, queued (STATUS_PENDING) or completed with its status. */
    int dispatch(Irp irp);

    /** The device's request pointer, in RUN and not resetting: on the oldest request or on a ring slot; null when there is none. */
    RequestPointer acquire();

    /** Frames in the ready ring (0 without one). */
    int readyFrames();

    /** STOP, reset or removal: the ring emptied, a read filled in part completed with {@code status}. */
    void discard(int status);

    /** A ring slot the device held through {@code pointer} is done ({@code ok}: filled or consumed, else failed). */
    void slotDone(RequestPointer pointer, KsStreamHeader header, int epoch, boolean ok);
}
