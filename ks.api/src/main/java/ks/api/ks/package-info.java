/**
 * Kernel Streaming on top of the I/O model: stream headers, the KS I/O control codes and the
 * {@code KsStreamIo} service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package ks.api.ks;
