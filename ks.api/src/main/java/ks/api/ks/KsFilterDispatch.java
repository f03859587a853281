package ks.api.ks;

import java.util.List;

import ks.api.io.NtStatus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * KSFILTER_DISPATCH: a filter instance being opened and closed, and, for a filter-centric filter,
 * processing and reset. A filter whose dispatch implements {@link #process} is filter-centric:
 * its pins' own process callbacks are not called, their arrivals and state changes (and
 * {@link KsFilter#attemptProcessing}) trigger the filter's.
 */
@ConsumerType
public interface KsFilterDispatch {

    /** A client opened the filter; a failure status fails the open. */
    default int create(KsFilter filter) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** The filter is closing; its pins are closed. */
    default void close(KsFilter filter) {
    }

    /**
     * AVStrMiniFilterProcess: called when every pin factory has its necessary instances, every
     * pin is in PAUSE or RUN (RUN for a pin with KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY), and every
     * pin without KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING has a frame at its leading edge.
     * Never runs twice at once on one filter; a trigger meanwhile runs it once more afterwards.
     *
     * @param index KSPROCESSPIN_INDEXENTRY: for each pin factory (by PinId), its open instances
     * @return STATUS_SUCCESS to be called again while the condition holds; STATUS_PENDING to wait
     *     for the next trigger (an arrival, a state change or {@link KsFilter#attemptProcessing})
     */
    default int process(KsFilter filter, List<List<KsProcessPin>> index) {
        return NtStatus.STATUS_PENDING;
    }

    /**
     * AVStrMiniFilterReset: a client reset one of a filter-centric filter's pins (KSRESET_BEGIN);
     * the framework has cancelled that pin's requests. A pin-centric filter's pins are told
     * through {@link KsPinDispatch#reset} instead.
     */
    default void reset(KsFilter filter) {
    }
}
