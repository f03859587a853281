/**
 * The GStreamer bridge: {@link ks.gst.KsSrc} (a KS capture pin as a GStreamer source) and
 * {@link ks.gst.KsSink} (GStreamer into a KS render pin), {@link ks.gst.KsPipelines} for gst-launch
 * descriptions that name them, and {@link ks.gst.KsCaps} between KS data ranges and GStreamer caps.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package ks.gst;
