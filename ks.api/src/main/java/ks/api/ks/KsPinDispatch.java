package ks.api.ks;

import java.nio.ByteBuffer;

import ks.api.io.NtStatus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * KSPIN_DISPATCH: what a device author's pin does at creation, format change, state change and
 * when there is work. Every method has a default that accepts and does nothing, so a device
 * implements only what it needs. Callbacks must not return STATUS_PENDING.
 */
@ConsumerType
public interface KsPinDispatch {

    /** A pin instance was created (its format is set); a failure status fails the create. */
    default int create(KsPin pin) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** The pin is closing; it is in STOP and its queue is empty. */
    default void close(KsPin pin) {
    }

    /**
     * One step of KSSTATE (PFNKSPINSETDEVICESTATE): STOP → ACQUIRE → PAUSE → RUN or back. A failure
     * leaves the pin in {@code from}.
     */
    default int setDeviceState(KsPin pin, KsState to, KsState from) {
        return NtStatus.STATUS_SUCCESS;
    }

    /**
     * PFNKSPINSETDATAFORMAT: {@code format} lies in {@code range} by the framework's check; the
     * device may refuse it (STATUS_NO_MATCH) or prepare for it.
     */
    default int setDataFormat(KsPin pin, ByteBuffer format, ByteBuffer range) {
        return NtStatus.STATUS_SUCCESS;
    }

    /**
     * There is work: a stream IRP was queued while running, or the pin entered RUN with IRPs
     * queued. A device that produces frames on its own schedule can ignore it and call
     * {@link KsPin#fillNext} when a frame is ready.
     */
    default void process(KsPin pin) {
    }
}
