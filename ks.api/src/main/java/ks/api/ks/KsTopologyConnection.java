package ks.api.ks;

/**
 * KSTOPOLOGY_CONNECTION: data flows from {@code fromNodePin} of {@code fromNode} to
 * {@code toNodePin} of {@code toNode}. {@link #KSFILTER_NODE} as a node means the filter itself,
 * and its pin is then a pin factory id.
 */
public record KsTopologyConnection(int fromNode, int fromNodePin, int toNode, int toNodePin) {

    /** KSFILTER_NODE ((ULONG)-1): the filter, not one of its nodes. */
    public static final int KSFILTER_NODE = -1;

    /** Bytes of one KSTOPOLOGY_CONNECTION: four ULONGs. */
    public static final int SIZEOF = 16;

    /** A connection from a filter pin factory into a node's pin. */
    public static KsTopologyConnection fromFilterPin(int pinId, int toNode, int toNodePin) {
        return new KsTopologyConnection(KSFILTER_NODE, pinId, toNode, toNodePin);
    }

    /** A connection from a node's pin out to a filter pin factory. */
    public static KsTopologyConnection toFilterPin(int fromNode, int fromNodePin, int pinId) {
        return new KsTopologyConnection(fromNode, fromNodePin, KSFILTER_NODE, pinId);
    }
}
