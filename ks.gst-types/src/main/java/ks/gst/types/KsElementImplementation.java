package ks.gst.types;

import com.sun.jna.Pointer;

/**
 * What the ks elements do, bound by the ks GStreamer bridge while it runs
 * ({@link KsElementTypes#bind}). Each method is one vfunc of kssrc (a GstPushSrc) or kssink (a
 * GstBaseSink), called on the thread GStreamer calls it on: start, stop and set_caps on the
 * application's thread or the streaming thread, create and render on the streaming thread, unlock
 * from the application's thread while the streaming thread may be blocked in create or render.
 * A method that throws is answered as a failure (FALSE, GST_FLOW_ERROR) after an ERROR is posted;
 * nothing thrown reaches GStreamer.
 *
 * <p>Pointers are borrowed for the call unless a method says otherwise.
 */
public interface KsElementImplementation {

    /** GST_FLOW_OK. */
    int FLOW_OK = 0;
    /** GST_FLOW_FLUSHING. */
    int FLOW_FLUSHING = -2;
    /** GST_FLOW_EOS. */
    int FLOW_EOS = -3;
    /** GST_FLOW_NOT_NEGOTIATED. */
    int FLOW_NOT_NEGOTIATED = -4;
    /** GST_FLOW_ERROR. */
    int FLOW_ERROR = -5;

    /** READY → PAUSED: open the device. */
    boolean start(KsElement element);

    /** PAUSED → READY: close the device (the streaming thread has ended). */
    boolean stop(KsElement element);

    /** kssrc: the fixed caps downstream accepted (choose the pin format and start the pin); kssink: the caps of the buffers that follow. */
    boolean setCaps(KsElement element, Pointer caps);

    /** Makes a create() or render() that waits return GST_FLOW_FLUSHING at once, and later ones until {@link #unlockStop}. */
    void unlock(KsElement element);

    void unlockStop(KsElement element);

    /** The caps kssrc can produce, intersected with {@code filter} (may be null); a new reference, or null for the pad template's. */
    Pointer sourceCaps(KsElement src, Pointer filter);

    /** Fixates {@code caps} (whose reference it takes) and returns the fixed caps, or null to let GstBaseSrc fixate them. */
    Pointer sourceFixate(KsElement src, Pointer caps);

    /** Answers {@code query}: TRUE or FALSE, or null to leave it to GstBaseSrc. */
    Boolean sourceQuery(KsElement src, Pointer query);

    /** Waits for the next frame and stores a GstBuffer (whose reference passes to GStreamer) at {@code bufferOut}; a GstFlowReturn. */
    int sourceCreate(KsElement src, Pointer bufferOut);

    /** Writes one buffer; a GstFlowReturn. */
    int sinkRender(KsElement sink, Pointer buffer);

    /** Sees an event on the way to GstBaseSink (which handles it afterwards); EOS arrives here. */
    void sinkEvent(KsElement sink, Pointer event);

    /** The element is being freed; its attachment is dropped afterwards. */
    void finalized(KsElement element);

    /** The KS capture and render devices there are now (GstDeviceProvider probe). */
    java.util.List<KsDeviceInfo> devices();

    /** Devices arriving and leaving, for a started device provider. */
    interface DeviceListener {
        void added(KsDeviceInfo device);

        void removed(KsDeviceInfo device);
    }

    /**
     * Starts telling {@code listener} of devices arriving and leaving (those there now first, as
     * added); returns what stops it.
     */
    AutoCloseable watchDevices(DeviceListener listener);
}
