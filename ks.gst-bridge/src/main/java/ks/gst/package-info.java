/**
 * The GStreamer bridge: what the registered elements {@code kssrc} and {@code kssink} do
 * ({@link ks.gst.KsSrc}, a KS capture pin as a GStreamer live source; {@link ks.gst.KsSink},
 * GStreamer into a KS render pin), {@link ks.gst.KsElements} to bind them to a KS client and reach
 * an element's stream from Java, {@link ks.gst.KsPipelines} for gst-launch descriptions,
 * {@link ks.gst.KsDeviceMonitor} and {@link ks.gst.KsCaps} between KS data ranges and GStreamer caps.
 * 2.0: kssrc and kssink are GStreamer elements (no Bin of Java's own to add, no constructor); their
 * streams are reached with {@link ks.gst.KsElements#source} and {@link ks.gst.KsElements#sink}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package ks.gst;
