/**
 * The GStreamer bridge (kssrc, kssink). Empty until the bridge is built; the bundle exists so the
 * workspace layout is complete.
 */
package ks.gst.bridge.internal;
