/** The fast-I/O providers of ks.fastio and their statistics. */
package ks.fastio.internal;
