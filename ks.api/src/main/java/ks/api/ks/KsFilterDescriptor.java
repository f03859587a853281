package ks.api.ks;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * KSFILTER_DESCRIPTOR: a filter factory. Each one becomes a device interface under every category
 * (with {@code referenceString}, so a device can have several factories), and each open of that
 * interface is a new filter instance.
 *
 * @param referenceString the interface's reference string, e.g. {@code GLOBAL}
 * @param friendlyName the name users see
 * @param categories KSCATEGORY_* interface classes, e.g. VIDEO, CAPTURE, VIDEO_CAMERA
 * @param pins the pin factories, indexed by PinId
 * @param propertySets the device's own filter-level property sets
 * @param dispatch filter open/close callbacks
 * @param nodes the topology nodes (KSNODE_DESCRIPTOR), indexed by node id
 * @param connections the topology (KSTOPOLOGY_CONNECTION), between pin factories and nodes
 */
public record KsFilterDescriptor(String referenceString, String friendlyName, List<UUID> categories, List<KsPinDescriptor> pins,
        List<KsPropertySet> propertySets, KsFilterDispatch dispatch, List<KsNodeDescriptor> nodes,
        List<KsTopologyConnection> connections) {

    public KsFilterDescriptor {
        Objects.requireNonNull(referenceString);
        categories = List.copyOf(categories);
        pins = List.copyOf(pins);
        propertySets = List.copyOf(propertySets);
        nodes = List.copyOf(nodes);
        connections = List.copyOf(connections);
        Objects.requireNonNull(dispatch);
        if (referenceString.isEmpty() || referenceString.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("reference string must be a non-empty name without backslashes: " + referenceString);
        }
        for (KsTopologyConnection c : connections) {
            if (!endpoint(c.fromNode(), c.fromNodePin(), pins.size(), nodes.size()) || !endpoint(c.toNode(), c.toNodePin(), pins.size(), nodes.size())) {
                throw new IllegalArgumentException("topology connection " + c + " names a node or pin factory the filter does not have ("
                        + nodes.size() + " nodes, " + pins.size() + " pin factories)");
            }
        }
    }

    /** A filter without topology nodes. */
    public KsFilterDescriptor(String referenceString, String friendlyName, List<UUID> categories, List<KsPinDescriptor> pins,
            List<KsPropertySet> propertySets, KsFilterDispatch dispatch) {
        this(referenceString, friendlyName, categories, pins, propertySets, dispatch, List.of(), List.of());
    }

    private static boolean endpoint(int node, int pin, int pinFactories, int nodeCount) {
        return node == KsTopologyConnection.KSFILTER_NODE ? pin >= 0 && pin < pinFactories : node >= 0 && node < nodeCount && pin >= 0;
    }

    /** This descriptor with the pin factory {@code pin} added last (KsEdit's copy-on-write: this one is unchanged). */
    public KsFilterDescriptor withPinFactory(KsPinDescriptor pin) {
        java.util.List<KsPinDescriptor> more = new java.util.ArrayList<>(pins);
        more.add(Objects.requireNonNull(pin));
        return new KsFilterDescriptor(referenceString, friendlyName, categories, more, propertySets, dispatch, nodes, connections);
    }

    /** This descriptor with the node added last. */
    public KsFilterDescriptor withNode(KsNodeDescriptor node) {
        java.util.List<KsNodeDescriptor> more = new java.util.ArrayList<>(nodes);
        more.add(Objects.requireNonNull(node));
        return new KsFilterDescriptor(referenceString, friendlyName, categories, pins, propertySets, dispatch, more, connections);
    }

    /** This descriptor with {@code added} connections after its own. */
    public KsFilterDescriptor withConnections(List<KsTopologyConnection> added) {
        java.util.List<KsTopologyConnection> more = new java.util.ArrayList<>(connections);
        more.addAll(added);
        return new KsFilterDescriptor(referenceString, friendlyName, categories, pins, propertySets, dispatch, nodes, more);
    }

    /** A filter with default dispatch and no extra property sets. */
    public static KsFilterDescriptor of(String referenceString, String friendlyName, List<UUID> categories, KsPinDescriptor... pins) {
        return new KsFilterDescriptor(referenceString, friendlyName, categories, List.of(pins), List.of(), new KsFilterDispatch() {
        });
    }
}
