package ks.api.ks;

import java.nio.ByteBuffer;

import ks.api.io.Irp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * KSPROPERTY_ITEM: one property of a set, as a device author declares it. The framework checks
 * the request and buffer sizes (MinProperty, MinData) and answers size queries, BASICSUPPORT and
 * unsupported operations itself; the handlers only see well-formed requests.
 *
 * @param propertyId the Id within the set
 * @param getHandler null when GET is not supported
 * @param setHandler null when SET is not supported
 * @param minProperty the smallest request (KSPROPERTY = 24, KSP_PIN = 32, ...)
 * @param minData the smallest value buffer; 0 for variable-size values the handler sizes itself
 * @param values the ranges and defaults BASICSUPPORT / DEFAULTVALUES report, or null for none
 */
public record KsPropertyItem(int propertyId, Handler getHandler, Handler setHandler, int minProperty, int minData,
        KsPropertyValues values) {

    /** An item without BASICSUPPORT ranges or DEFAULTVALUES. */
    public KsPropertyItem(int propertyId, Handler getHandler, Handler setHandler, int minProperty, int minData) {
        this(propertyId, getHandler, setHandler, minProperty, minData, null);
    }

    /** This item answering BASICSUPPORT and DEFAULTVALUES with {@code values}. */
    public KsPropertyItem withValues(KsPropertyValues values) {
        return new KsPropertyItem(propertyId, getHandler, setHandler, minProperty, minData, values);
    }

    /**
     * PFNKSHANDLER: serves one GET or SET. {@code request} holds the KSPROPERTY and any instance
     * data after it; {@code data} is the caller's value buffer (written for GET, read for SET), its
     * limit the caller's output length. Set {@code irp.ioStatus().information(...)} to the bytes
     * returned and return the status (no completion: the framework completes the IRP).
     */
    @ConsumerType
    @FunctionalInterface
    public interface Handler {
        int handle(Irp irp, ByteBuffer request, ByteBuffer data);
    }

    /** A read-only property with a fixed-size value. */
    public static KsPropertyItem get(int propertyId, int minProperty, int minData, Handler get) {
        return new KsPropertyItem(propertyId, get, null, minProperty, minData);
    }

    /** A read/write property with a fixed-size value. */
    public static KsPropertyItem getSet(int propertyId, int minProperty, int minData, Handler get, Handler set) {
        return new KsPropertyItem(propertyId, get, set, minProperty, minData);
    }
}
