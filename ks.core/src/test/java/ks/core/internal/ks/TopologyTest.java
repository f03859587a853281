package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsGuids;
import ks.api.ks.KsNodeDescriptor;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsTopologyConnection;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * KSPROPSETID_Topology from KSNODE_DESCRIPTORs and connections, node-addressed properties, and the
 * runtime edits (KsFilterCreatePinFactory, KsFilterCreateNode, KsFilterAddTopologyConnections) of
 * one filter instance.
 */
class TopologyTest {

    static final long FPS30 = 333_333;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final AtomicReference<KsFilter> opened = new AtomicReference<>();

    @AfterEach
    void cleanUp() {
        h.io.shutdown();
    }

    static KsPinDescriptor capturePin() {
        return KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, FPS30, FPS30, FPS30, 0))
                .build();
    }

    /** A camera terminal, a processing unit with Brightness, a streaming pin: CT → PU → pin 0. */
    FileObject open() throws KsStatusException {
        KsPropertyItem brightness = KsPropertyItem.get(KsVidcap.VIDEOPROCAMP_BRIGHTNESS, KsProperty.SIZEOF_KSP_NODE, 4, (irp, r, d) -> {
            KsWire.putInt(d, 0, 100 + KsWire.getInt(r, KsProperty.KSP_NODE_ID));
            irp.ioStatus().information(4);
            return STATUS_SUCCESS;
        });
        List<KsNodeDescriptor> nodes = List.of(KsNodeDescriptor.of(KsGuids.KSNODETYPE_VIDEO_CAMERA_TERMINAL, "Camera"),
                new KsNodeDescriptor(KsGuids.KSNODETYPE_VIDEO_PROCESSING, "Processing Unit",
                        List.of(new KsPropertySet(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, List.of(brightness)))));
        List<KsTopologyConnection> connections = List.of(new KsTopologyConnection(0, 0, 1, 0), KsTopologyConnection.toFilterPin(1, 1, 0));
        KsFilterDispatch remember = new KsFilterDispatch() {
            @Override
            public int create(KsFilter filter) {
                opened.set(filter);
                return STATUS_SUCCESS;
            }
        };
        KsFilterDescriptor filter = new KsFilterDescriptor("f", "Node Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE),
                List.of(capturePin()), List.of(), remember, nodes, connections);
        if (h.io.findDevice("\\Device\\NodeCam") == null) {
            h.load("NodeCam", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("NodeCam", filter)));
        }
        return client.openFilter(client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink());
    }

    List<UUID> guids(FileObject f, int id) throws KsStatusException {
        ByteBuffer b = client.getSized(f, KsProperty.request(KsGuids.KSPROPSETID_Topology, id, KsProperty.KSPROPERTY_TYPE_GET, -1));
        int count = KsWire.getInt(b, 4);
        List<UUID> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(KsWire.getGuid(b, 8 + i * 16));
        }
        return out;
    }

    List<KsTopologyConnection> connections(FileObject f) throws KsStatusException {
        ByteBuffer b = client.getSized(f, KsProperty.request(KsGuids.KSPROPSETID_Topology, KsProperty.KSPROPERTY_TOPOLOGY_CONNECTIONS,
                KsProperty.KSPROPERTY_TYPE_GET, -1));
        List<KsTopologyConnection> out = new java.util.ArrayList<>();
        for (int i = 0; i < KsWire.getInt(b, 4); i++) {
            int at = 8 + i * 16;
            out.add(new KsTopologyConnection(KsWire.getInt(b, at), KsWire.getInt(b, at + 4), KsWire.getInt(b, at + 8), KsWire.getInt(b, at + 12)));
        }
        return out;
    }

    static ByteBuffer node(UUID set, int id, int flags, int node) {
        ByteBuffer r = KsDataFormat.allocate(KsProperty.SIZEOF_KSP_NODE);
        r.put(0, KsProperty.request(set, id, flags, -1), 0, KsProperty.SIZEOF);
        KsWire.putInt(r, KsProperty.KSP_NODE_ID, node);
        return r;
    }

    @Test
    void theTopologySetListsNodesConnectionsAndNames() throws Exception {
        FileObject f = open();
        assertEquals(List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), guids(f, KsProperty.KSPROPERTY_TOPOLOGY_CATEGORIES));
        assertEquals(List.of(KsGuids.KSNODETYPE_VIDEO_CAMERA_TERMINAL, KsGuids.KSNODETYPE_VIDEO_PROCESSING),
                guids(f, KsProperty.KSPROPERTY_TOPOLOGY_NODES));
        assertEquals(List.of(new KsTopologyConnection(0, 0, 1, 0), new KsTopologyConnection(1, 1, KsTopologyConnection.KSFILTER_NODE, 0)),
                connections(f));
        ByteBuffer name = client.getSized(f, node(KsGuids.KSPROPSETID_Topology, KsProperty.KSPROPERTY_TOPOLOGY_NAME, KsProperty.KSPROPERTY_TYPE_GET, 1));
        byte[] text = new byte[name.limit()];
        name.get(0, text);
        assertEquals("Processing Unit\0", new String(text, StandardCharsets.UTF_16LE));
        IoStatusBlock iosb = new IoStatusBlock();
        assertEquals(STATUS_INVALID_PARAMETER, client.property(f, node(KsGuids.KSPROPSETID_Topology, KsProperty.KSPROPERTY_TOPOLOGY_NAME,
                KsProperty.KSPROPERTY_TYPE_GET, 7), KsDataFormat.allocate(64), iosb), "no node 7");
        h.io.closeFile(f);
    }

    @Test
    void aNodeAddressedRequestReachesTheNodesOwnProperties() throws Exception {
        FileObject f = open();
        IoStatusBlock iosb = new IoStatusBlock();
        ByteBuffer value = KsDataFormat.allocate(4);
        assertEquals(STATUS_SUCCESS, client.property(f, node(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS,
                KsProperty.KSPROPERTY_TYPE_GET | KsProperty.KSPROPERTY_TYPE_TOPOLOGY, 1), value, iosb));
        assertEquals(101, KsWire.getInt(value, 0), "the handler saw node 1");
        assertEquals(STATUS_PROPSET_NOT_FOUND, client.property(f, node(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS,
                KsProperty.KSPROPERTY_TYPE_GET | KsProperty.KSPROPERTY_TYPE_TOPOLOGY, 0), value, iosb), "the camera terminal has no VideoProcAmp");
        assertEquals(STATUS_PROPSET_NOT_FOUND, client.property(f, KsVidcap.get(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP,
                KsVidcap.VIDEOPROCAMP_BRIGHTNESS), KsVidcap.get(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS), iosb),
                "the filter itself has none either");
        h.io.closeFile(f);
    }

    @Test
    void runtimeEditsChangeOneInstanceOnly() throws Exception {
        FileObject f = open();
        KsFilter filter = opened.get();
        assertEquals(1, client.pinFactories(f));
        int added = filter.createPinFactory(capturePin());
        assertEquals(1, added, "the new PinId");
        assertEquals(2, client.pinFactories(f), "KSPROPERTY_PIN_CTYPES sees it");
        FileObject pin = client.createPin(f, added, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, FPS30, 0), true);
        assertEquals(1, filter.pinCount(added), "a pin of the new factory");
        int n = filter.createNode(KsNodeDescriptor.of(KsGuids.KSNODETYPE_VIDEO_SELECTOR, "Selector"));
        assertEquals(2, n);
        assertEquals(STATUS_SUCCESS, filter.addTopologyConnections(List.of(KsTopologyConnection.toFilterPin(n, 1, added))));
        assertEquals(3, guids(f, KsProperty.KSPROPERTY_TOPOLOGY_NODES).size());
        assertEquals(3, connections(f).size());
        assertEquals(STATUS_INVALID_PARAMETER, filter.addTopologyConnections(List.of(KsTopologyConnection.toFilterPin(9, 0, 0))));
        assertEquals(3, connections(f).size(), "a refused edit adds nothing");

        FileObject other = open();
        assertEquals(1, client.pinFactories(other), "another instance of the factory is as it was");
        assertEquals(2, guids(other, KsProperty.KSPROPERTY_TOPOLOGY_NODES).size());
        h.io.closeFile(pin);
        h.io.closeFile(other);
        h.io.closeFile(f);
    }
}
