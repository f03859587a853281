/**
 * FastIoDispatch providers for KS streaming pins. Empty until the fast-I/O provider is built; the
 * bundle exists so the workspace layout and the container are complete.
 */
package ks.fastio.internal;
