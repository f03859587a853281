package ks.api.fastio;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Counters of one fast-I/O provider, published as a service next to it (same {@link FastIo#PROVIDER}
 * property). Counts are since the provider was registered.
 */
@ProviderType
public interface FastIoStatistics {

    /** The provider's name. */
    String provider();

    /** Requests the provider handled (returned true). */
    long hits();

    /** Requests it declined (returned false). */
    long declines();

    /** Data bytes moved by handled requests (DataUsed of the headers). */
    long bytes();
}
