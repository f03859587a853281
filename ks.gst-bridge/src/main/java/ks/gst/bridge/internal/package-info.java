/** The bridge's runtime inside a framework: the component that owns GStreamer's initialisation. */
package ks.gst.bridge.internal;
