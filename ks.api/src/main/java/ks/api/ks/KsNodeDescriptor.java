package ks.api.ks;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * KSNODE_DESCRIPTOR: one topology node of a filter (a camera terminal, a processing unit, an
 * extension unit), listed by KSPROPERTY_TOPOLOGY_NODES in the order of the filter's nodes, which
 * are the node ids. Its property sets answer requests addressed to the node (KSPROPERTY_TYPE_TOPOLOGY
 * with a KSP_NODE).
 *
 * @param type KSNODETYPE_* (e.g. {@link KsGuids#KSNODETYPE_VIDEO_PROCESSING})
 * @param name what KSPROPERTY_TOPOLOGY_NAME answers
 * @param propertySets the node's automation table
 */
public record KsNodeDescriptor(UUID type, String name, List<KsPropertySet> propertySets) {

    public KsNodeDescriptor {
        Objects.requireNonNull(type);
        Objects.requireNonNull(name);
        propertySets = List.copyOf(propertySets);
    }

    /** A node without properties of its own. */
    public static KsNodeDescriptor of(UUID type, String name) {
        return new KsNodeDescriptor(type, name, List.of());
    }
}
