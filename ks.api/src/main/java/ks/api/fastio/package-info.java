/**
 * Pluggable fast I/O: {@link ks.api.io.FastIoDispatch} providers published as OSGi services, the
 * service properties and Config Admin bindings that select them for a driver or device, and the
 * statistics a provider exposes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package ks.api.fastio;
