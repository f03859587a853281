package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import ks.api.io.Irp;
import ks.api.ks.KsGuids;
import ks.api.ks.KsNodeDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertyReplies;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsTopologyConnection;
import ks.api.ks.KsWire;

/**
 * KSPROPSETID_Topology of a filter: its categories, node types, connections and node names, read
 * from the instance's descriptor at each request (runtime edits show at once).
 */
final class TopologyProperties {

    private TopologyProperties() {
    }

    static KsPropertySet set(FilterObject filter) {
        int prop = KsProperty.SIZEOF;
        return new KsPropertySet(KsGuids.KSPROPSETID_Topology, List.of(
                KsPropertyItem.get(KsProperty.KSPROPERTY_TOPOLOGY_CATEGORIES, prop, 0,
                        (irp, r, d) -> guids(irp, d, filter.descriptor().categories())),
                KsPropertyItem.get(KsProperty.KSPROPERTY_TOPOLOGY_NODES, prop, 0,
                        (irp, r, d) -> guids(irp, d, filter.descriptor().nodes().stream().map(KsNodeDescriptor::type).toList())),
                KsPropertyItem.get(KsProperty.KSPROPERTY_TOPOLOGY_CONNECTIONS, prop, 0, (irp, r, d) -> connections(irp, d, filter)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_TOPOLOGY_NAME, KsProperty.SIZEOF_KSP_NODE, 0, (irp, r, d) -> name(irp, r, d, filter))));
    }

    private static int guids(Irp irp, ByteBuffer data, List<UUID> guids) {
        return KsPropertyReplies.multipleItem(irp, data, guids.size(), guids.size() * 16, (b, off) -> {
            for (int i = 0; i < guids.size(); i++) {
                KsWire.putGuid(b, off + i * 16, guids.get(i));
            }
        });
    }

    private static int connections(Irp irp, ByteBuffer data, FilterObject filter) {
        List<KsTopologyConnection> cs = filter.descriptor().connections();
        return KsPropertyReplies.multipleItem(irp, data, cs.size(), cs.size() * KsTopologyConnection.SIZEOF, (b, off) -> {
            for (int i = 0; i < cs.size(); i++) {
                KsTopologyConnection c = cs.get(i);
                int at = off + i * KsTopologyConnection.SIZEOF;
                KsWire.putInt(b, at, c.fromNode());
                KsWire.putInt(b, at + 4, c.fromNodePin());
                KsWire.putInt(b, at + 8, c.toNode());
                KsWire.putInt(b, at + 12, c.toNodePin());
            }
        });
    }

    /** KSPROPERTY_TOPOLOGY_NAME: the node's name as a NUL-terminated UTF-16LE string. */
    private static int name(Irp irp, ByteBuffer request, ByteBuffer data, FilterObject filter) {
        int node = KsWire.getInt(request, KsProperty.KSP_NODE_ID);
        List<KsNodeDescriptor> nodes = filter.descriptor().nodes();
        if (node < 0 || node >= nodes.size()) {
            irp.ioStatus().information(0);
            return STATUS_INVALID_PARAMETER;
        }
        byte[] text = (nodes.get(node).name() + "\0").getBytes(StandardCharsets.UTF_16LE);
        return KsPropertyReplies.sized(irp, data, text.length, (b, off) -> b.put(off, text));
    }
}
