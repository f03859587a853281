package ks.api.ks;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * PFNKSSTREAMPOINTER: what a device is told about one of its stream pointers. As a clone's cancel
 * callback (AVStrMiniCancelCallback) it runs when the request under the clone is cancelled, and
 * must {@link KsStreamPointer#delete} the clone (after telling its hardware), or the request never
 * completes. As a timeout callback it runs when {@link KsStreamPointer#scheduleTimeout}'s interval
 * has passed.
 *
 * <p>Runs on the thread that cancelled the request, or on a timer thread for a timeout, with no
 * ks lock held; it may call any stream-pointer method but should not block.
 */
@ConsumerType
@FunctionalInterface
public interface KsStreamPointerCallback {

    void call(KsStreamPointer pointer);
}
