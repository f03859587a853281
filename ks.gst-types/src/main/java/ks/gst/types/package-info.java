/**
 * The GObject types behind the ks GStreamer elements ({@code kssrc}, {@code kssink}), registered
 * once per process in a static plugin {@code ks}, and the dispatcher through which their vfuncs
 * reach the {@link ks.gst.types.KsElementImplementation} that is bound now. A GType can be
 * registered only once per process and its vfuncs point at the callbacks of this bundle for the
 * rest of the process; keeping them here, in a bundle that depends on JNA alone and is not
 * refreshed, lets the bridge bundle above it stop, start and be updated freely.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package ks.gst.types;
