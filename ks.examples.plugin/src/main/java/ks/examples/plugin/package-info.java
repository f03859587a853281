/**
 * A third-party plugin for ks, written against ks.api only: {@link ks.examples.plugin.NegativeFilter}
 * (an upper filter driver inserted into a camera's stack by a {@code ks.filter} configuration) and
 * {@link ks.examples.plugin.TinyCamera} (a root-enumerated KS function driver with one capture pin).
 * See docs/writing-a-driver.md.
 */
package ks.examples.plugin;
