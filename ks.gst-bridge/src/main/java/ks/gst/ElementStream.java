package ks.gst;

import com.sun.jna.Pointer;

/**
 * What kssrc's and kssink's streams ({@link KsSrc}, {@link KsSink}) both do for the vfuncs the two
 * elements share (GstBaseSrc's and GstBaseSink's start, stop, set_caps, unlock and unlock_stop).
 * A class of this package only, so those entry points stay out of the public API.
 */
abstract class ElementStream {

    abstract boolean start();

    abstract boolean stop();

    abstract boolean setCaps(Pointer caps);

    abstract void unlock();

    abstract void unlockStop();

    /** The bridge is stopping: an ERROR says so when streaming, and the device is released. */
    abstract void bridgeStopped();
}
