package ks.api.ks;

import java.util.List;

import ks.api.io.FileObject;

import org.osgi.annotation.versioning.ProviderType;

/**
 * KSFILTER: one opened filter, the parent of its pins. It owns the presentation clock its pins
 * stamp headers with.
 */
@ProviderType
public interface KsFilter {

    /** The instance's descriptor: the factory's, with any pin factories, nodes and connections added to this instance since. */
    KsFilterDescriptor descriptor();

    /** KsFilterGetDevice: the KS device the filter was created on. */
    KsDevice device();

    FileObject fileObject();

    /** Pin instances open now, of every factory. */
    List<KsPin> pins();

    /** Instances of pin factory {@code pinId} open now. */
    int pinCount(int pinId);

    /**
     * The presentation clock in 100 ns units: runs while a pin of the filter is in RUN, holds in
     * PAUSE and ACQUIRE, and restarts from 0 once every pin is back in STOP.
     */
    long presentationTime();

    /**
     * KsFilterAttemptProcessing: for a filter-centric filter, asks for
     * {@link KsFilterDispatch#process} to run (see {@link KsPin#attemptProcessing} for the rules).
     * Nothing happens on a pin-centric filter.
     */
    default void attemptProcessing(boolean asynchronous) {
    }

    /** KsFilterAcquireProcessingMutex: while the device holds it, the filter's process does not run. */
    default void acquireProcessingMutex() {
        throw new UnsupportedOperationException("this filter has no processing mutex");
    }

    /** KsFilterReleaseProcessingMutex. */
    default void releaseProcessingMutex() {
        throw new UnsupportedOperationException("this filter has no processing mutex");
    }

    /**
     * KsFilterCreatePinFactory: adds a pin factory to this filter instance only (its descriptor is
     * replaced by a copy with the factory last, as KsEdit does; the device's filter factory is
     * unchanged). Clients see it in KSPROPERTY_PIN_CTYPES and may create pins of it at once.
     *
     * @return the new factory's PinId
     */
    default int createPinFactory(KsPinDescriptor pin) {
        throw new UnsupportedOperationException("this filter cannot be edited");
    }

    /** KsFilterCreateNode: adds a topology node to this filter instance; returns its node id. */
    default int createNode(KsNodeDescriptor node) {
        throw new UnsupportedOperationException("this filter cannot be edited");
    }

    /**
     * KsFilterAddTopologyConnections: adds connections to this filter instance's topology.
     *
     * @return STATUS_SUCCESS, or STATUS_INVALID_PARAMETER (nothing added) when one names a node or
     *     pin factory the filter does not have
     */
    default int addTopologyConnections(List<KsTopologyConnection> connections) {
        throw new UnsupportedOperationException("this filter cannot be edited");
    }

    /** The device's per-filter state. */
    Object context();

    void context(Object value);
}
