package ks.api.ks;

import ks.api.io.NtStatus;

import org.osgi.annotation.versioning.ConsumerType;

/** KSFILTER_DISPATCH: a filter instance being opened and closed. */
@ConsumerType
public interface KsFilterDispatch {

    /** A client opened the filter; a failure status fails the open. */
    default int create(KsFilter filter) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** The filter is closing; its pins are closed. */
    default void close(KsFilter filter) {
    }
}
