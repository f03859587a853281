package ks.core.internal.ks;

import ks.api.ks.KsStreamHeader;
import ks.core.internal.io.IoManagerImpl;

/**
 * The kernel copy of a UserMode caller's stream headers (the system buffer of a probed IRP).
 * For a read, final completion copies the headers covered by Information back to the caller's
 * array; the data buffers themselves are shared, as locked user pages would be.
 */
final class HeaderCopy implements IoManagerImpl.BufferedCopy {

    private final KsStreamHeader[] headers;

    HeaderCopy(KsStreamHeader[] headers) {
        this.headers = headers;
    }

    KsStreamHeader[] headers() {
        return headers;
    }

    /** Copies the headers that {@code length} bytes cover (at most all of them). */
    static KsStreamHeader[] copyOf(KsStreamHeader[] source, int length) {
        long remaining = Integer.toUnsignedLong(length);
        int n = 0;
        while (n < source.length && remaining > 0 && source[n] != null) {
            // a Size-0 header still ends the copy; the probe then rejects it
            remaining -= Math.max(Integer.toUnsignedLong(source[n].size()), 1);
            n++;
        }
        KsStreamHeader[] copy = new KsStreamHeader[n];
        for (int i = 0; i < n; i++) {
            copy[i] = new KsStreamHeader();
            copyFields(source[i], copy[i]);
        }
        return copy;
    }

    static void copyFields(KsStreamHeader from, KsStreamHeader to) {
        to.dataPointer(from.data())
                .frameExtent(from.frameExtent())
                .dataUsed(from.dataUsed())
                .presentationTime(from.presentationTime())
                .presentationTimeScale(from.presentationTimeNumerator(), from.presentationTimeDenominator())
                .duration(from.duration())
                .optionsFlags(from.optionsFlags())
                .typeSpecificFlags(from.typeSpecificFlags())
                .reserved(from.reserved());
        to.extension(from.extension());
        to.size(from.size());
    }

    @Override
    public void copyBack(Object userBuffer, long information) {
        if (!(userBuffer instanceof KsStreamHeader[])) {
            return;
        }
        KsStreamHeader[] user = (KsStreamHeader[]) userBuffer;
        long remaining = information;
        for (int i = 0; i < headers.length && i < user.length && remaining > 0; i++) {
            copyFields(headers[i], user[i]);
            remaining -= Integer.toUnsignedLong(headers[i].size());
        }
    }
}
