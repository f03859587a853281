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
     * device may refuse it (STATUS_NO_MATCH) or prepare for it. Called by
     * {@link #setDataFormat(KsPin, ByteBuffer, ByteBuffer, ByteBuffer)} unless that is overridden.
     */
    default int setDataFormat(KsPin pin, ByteBuffer format, ByteBuffer range) {
        return NtStatus.STATUS_SUCCESS;
    }

    /**
     * PFNKSPINSETDATAFORMAT with the format it replaces. The order: at pin creation, once with
     * {@code oldFormat} null, before {@link #create} (a failure fails the create, and create is
     * not called); on a KSPROPERTY_CONNECTION_DATAFORMAT set (in STOP, not with
     * KSPIN_FLAG_FIXED_FORMAT), with the format in use, {@link KsPin#dataFormat} already reading
     * the new one, which a failure puts back. Never called for KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT,
     * which only asks whether a format lies in the factory's ranges.
     */
    default int setDataFormat(KsPin pin, ByteBuffer oldFormat, ByteBuffer format, ByteBuffer range) {
        return setDataFormat(pin, format, range);
    }

    /**
     * AVStrMiniPinConnect: this pin, a sink, was connected to a source pin of another filter
     * (a client created that pin with KSPIN_CONNECT.PinToHandle naming this one). From now on the
     * framework moves frames between the two pins: reads on the pin data flows out of, written to
     * the pin data flows into, while the former runs. A failure fails the source pin's create.
     */
    default int connect(KsPin pin) {
        return NtStatus.STATUS_SUCCESS;
    }

    /**
     * AVStrMiniPinDisconnect: the connection {@link #connect} made is gone (the source pin, or
     * this pin, is closing); no more frames flow through it. Called once per connection, before
     * this pin's {@link #close}.
     */
    default void disconnect(KsPin pin) {
    }

    /**
     * AVStrMiniPinReset: a client asked for a reset (IOCTL_KS_RESET_STATE, KSRESET_BEGIN). The
     * framework has cancelled the queued requests and emptied the ready ring; the device drops
     * what it holds of the stream (a stream pointer it has, a half-assembled frame). Requests are
     * refused with STATUS_DEVICE_NOT_READY until KSRESET_END.
     */
    default void reset(KsPin pin) {
    }

    /**
     * AVStrMiniPinProcess: there is work. Called when data arrives in a queue the device had
     * emptied (every arrival with KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL, none with
     * KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING), when the pin reaches PAUSE (RUN with
     * KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY) with data queued, and when the device calls
     * {@link KsPin#attemptProcessing}. Never runs twice at once on one pin; a trigger that comes
     * while it runs makes it run once more after it returns.
     *
     * <p>A device that produces frames on its own schedule can return at once and call
     * {@link KsPin#fillNext} when a frame is ready.
     *
     * @return STATUS_SUCCESS to be called again while queued data remains; STATUS_PENDING to wait
     *     for the next trigger (an arrival, or {@link KsPin#attemptProcessing} from the device's
     *     completion, as AVStream drivers do when their hardware has room again)
     */
    default int process(KsPin pin) {
        return NtStatus.STATUS_PENDING;
    }
}
