package ks.api.ks;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fills (capture) or consumes (render) the header of one frame: a capture device writes into
 * {@code header.data()} and sets DataUsed, times and OptionsFlags; a render device reads DataUsed
 * bytes.
 */
@ConsumerType
@FunctionalInterface
public interface KsFrameFiller {
    void fill(KsPin pin, KsStreamHeader header);
}
