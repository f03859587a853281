package ks.api.ks;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * PFNKSINTERSECTHANDLER: picks the best concrete data format inside both a client's range and
 * one of the pin's ranges, which already passed the GUID/wildcard test. The framework applies the
 * first-client-range-wins rule and the size and status conventions; video pins get
 * {@link KsVideo#intersect} when they name no handler.
 */
@ConsumerType
@FunctionalInterface
public interface KsIntersectHandler {

    /**
     * @param clientRange the client's range, its limit = its FormatSize
     * @param pinRange one of the pin descriptor's ranges
     * @return a new format (KSDATAFORMAT and format block, FormatSize set), or null for no intersection
     */
    ByteBuffer intersect(ByteBuffer clientRange, ByteBuffer pinRange);
}
