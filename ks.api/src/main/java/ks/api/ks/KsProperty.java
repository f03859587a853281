package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * KSPROPERTY / KSMETHOD / KSEVENT (KSIDENTIFIER, 24 bytes: Set GUID, Id, Flags) and KSP_PIN (32
 * bytes: the identifier plus PinId and Reserved), read from and written to request buffers, with
 * the flag and id constants of ks.h.
 */
public final class KsProperty {

    /** sizeof(KSPROPERTY) = sizeof(KSIDENTIFIER). */
    public static final int SIZEOF = 24;
    /** sizeof(KSP_PIN). */
    public static final int SIZEOF_KSP_PIN = 32;
    /** sizeof(KSMULTIPLE_ITEM): Size (including this header) and Count. */
    public static final int SIZEOF_KSMULTIPLE_ITEM = 8;
    /** sizeof(KSPROPERTY_DESCRIPTION). */
    public static final int SIZEOF_KSPROPERTY_DESCRIPTION = 40;

    public static final int KSPROPERTY_TYPE_GET = 0x00000001;
    public static final int KSPROPERTY_TYPE_SET = 0x00000002;
    public static final int KSPROPERTY_TYPE_SETSUPPORT = 0x00000100;
    public static final int KSPROPERTY_TYPE_BASICSUPPORT = 0x00000200;
    public static final int KSPROPERTY_TYPE_RELATIONS = 0x00000400;
    public static final int KSPROPERTY_TYPE_SERIALIZESET = 0x00000800;
    public static final int KSPROPERTY_TYPE_UNSERIALIZESET = 0x00001000;
    public static final int KSPROPERTY_TYPE_SERIALIZERAW = 0x00002000;
    public static final int KSPROPERTY_TYPE_UNSERIALIZERAW = 0x00004000;
    public static final int KSPROPERTY_TYPE_SERIALIZESIZE = 0x00008000;
    public static final int KSPROPERTY_TYPE_DEFAULTVALUES = 0x00010000;
    public static final int KSPROPERTY_TYPE_TOPOLOGY = 0x10000000;
    // KSPROPSETID_Topology
    public static final int KSPROPERTY_TOPOLOGY_CATEGORIES = 0;
    public static final int KSPROPERTY_TOPOLOGY_NODES = 1;
    public static final int KSPROPERTY_TOPOLOGY_CONNECTIONS = 2;
    public static final int KSPROPERTY_TOPOLOGY_NAME = 3;
    /** KSP_NODE: a KSPROPERTY, NodeId at 24, Reserved at 28. */
    public static final int SIZEOF_KSP_NODE = 32;
    public static final int KSP_NODE_ID = 24;

    public static final int KSMETHOD_TYPE_NONE = 0x00000000;
    public static final int KSMETHOD_TYPE_READ = 0x00000001;
    public static final int KSMETHOD_TYPE_SEND = 0x00000001;
    public static final int KSMETHOD_TYPE_WRITE = 0x00000002;
    public static final int KSMETHOD_TYPE_MODIFY = 0x00000003;
    public static final int KSMETHOD_TYPE_SOURCE = 0x00000004;
    public static final int KSMETHOD_TYPE_SETSUPPORT = 0x00000100;
    public static final int KSMETHOD_TYPE_BASICSUPPORT = 0x00000200;

    public static final int KSEVENT_TYPE_ENABLE = 0x00000001;
    public static final int KSEVENT_TYPE_ONESHOT = 0x00000002;
    public static final int KSEVENT_TYPE_ENABLEBUFFERED = 0x00000004;
    public static final int KSEVENT_TYPE_SETSUPPORT = 0x00000100;
    public static final int KSEVENT_TYPE_BASICSUPPORT = 0x00000200;
    public static final int KSEVENT_TYPE_QUERYBUFFER = 0x00000400;

    // KSPROPSETID_Pin
    public static final int KSPROPERTY_PIN_CINSTANCES = 0;
    public static final int KSPROPERTY_PIN_CTYPES = 1;
    public static final int KSPROPERTY_PIN_DATAFLOW = 2;
    public static final int KSPROPERTY_PIN_DATARANGES = 3;
    public static final int KSPROPERTY_PIN_DATAINTERSECTION = 4;
    public static final int KSPROPERTY_PIN_INTERFACES = 5;
    public static final int KSPROPERTY_PIN_MEDIUMS = 6;
    public static final int KSPROPERTY_PIN_COMMUNICATION = 7;
    public static final int KSPROPERTY_PIN_GLOBALCINSTANCES = 8;
    public static final int KSPROPERTY_PIN_NECESSARYINSTANCES = 9;
    public static final int KSPROPERTY_PIN_PHYSICALCONNECTION = 10;
    public static final int KSPROPERTY_PIN_CATEGORY = 11;
    public static final int KSPROPERTY_PIN_NAME = 12;
    public static final int KSPROPERTY_PIN_CONSTRAINEDDATARANGES = 13;
    public static final int KSPROPERTY_PIN_PROPOSEDATAFORMAT = 14;

    // KSPROPSETID_Connection
    public static final int KSPROPERTY_CONNECTION_STATE = 0;
    public static final int KSPROPERTY_CONNECTION_PRIORITY = 1;
    public static final int KSPROPERTY_CONNECTION_DATAFORMAT = 2;
    public static final int KSPROPERTY_CONNECTION_ALLOCATORFRAMING = 3;
    public static final int KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT = 4;
    public static final int KSPROPERTY_CONNECTION_ACQUIREORDERING = 5;
    public static final int KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX = 6;
    public static final int KSPROPERTY_CONNECTION_STARTAT = 7;

    // KSPROPSETID_Stream
    public static final int KSPROPERTY_STREAM_ALLOCATOR = 0;
    public static final int KSPROPERTY_STREAM_QUALITY = 1;
    public static final int KSPROPERTY_STREAM_DEGRADATION = 2;
    public static final int KSPROPERTY_STREAM_MASTERCLOCK = 3;
    public static final int KSPROPERTY_STREAM_TIMEFORMAT = 4;
    public static final int KSPROPERTY_STREAM_PRESENTATIONTIME = 5;
    public static final int KSPROPERTY_STREAM_PRESENTATIONEXTENT = 6;
    public static final int KSPROPERTY_STREAM_FRAMETIME = 7;
    public static final int KSPROPERTY_STREAM_RATECAPABILITY = 8;
    public static final int KSPROPERTY_STREAM_RATE = 9;
    public static final int KSPROPERTY_STREAM_PIPE_ID = 10;

    // KSPROPSETID_StreamInterface
    public static final int KSPROPERTY_STREAMINTERFACE_HEADERSIZE = 0;

    // KSEVENTSETID_Connection
    public static final int KSEVENT_CONNECTION_POSITIONUPDATE = 0;
    public static final int KSEVENT_CONNECTION_DATADISCONTINUITY = 1;
    public static final int KSEVENT_CONNECTION_TIMEDISCONTINUITY = 2;
    public static final int KSEVENT_CONNECTION_PRIORITY = 3;
    public static final int KSEVENT_CONNECTION_ENDOFSTREAM = 4;

    // KSMETHODSETID_StreamIo
    public static final int KSMETHOD_STREAMIO_READ = 0;
    public static final int KSMETHOD_STREAMIO_WRITE = 1;

    // pin descriptor values
    public static final int KSPIN_DATAFLOW_IN = 1;
    public static final int KSPIN_DATAFLOW_OUT = 2;
    public static final int KSPIN_COMMUNICATION_NONE = 0;
    public static final int KSPIN_COMMUNICATION_SINK = 1;
    public static final int KSPIN_COMMUNICATION_SOURCE = 2;
    public static final int KSPIN_COMMUNICATION_BOTH = 3;
    public static final int KSPIN_COMMUNICATION_BRIDGE = 4;
    public static final int KSINSTANCE_INDETERMINATE = 0xFFFFFFFF;
    public static final int KSINTERFACE_STANDARD_STREAMING = 0;
    public static final int KSMEDIUM_TYPE_ANYINSTANCE = 0;

    private KsProperty() {
    }

    /** KSPROPERTY.Set at {@code offset}. */
    public static UUID set(ByteBuffer request, int offset) {
        return KsWire.getGuid(request, offset);
    }

    /** KSPROPERTY.Id at {@code offset}. */
    public static int id(ByteBuffer request, int offset) {
        return KsWire.getInt(request, offset + 16);
    }

    /** KSPROPERTY.Flags at {@code offset}. */
    public static int flags(ByteBuffer request, int offset) {
        return KsWire.getInt(request, offset + 20);
    }

    /** KSP_PIN.PinId of a request that starts at 0. */
    public static int pinId(ByteBuffer request) {
        return KsWire.getInt(request, SIZEOF);
    }

    /** A new little-endian request buffer holding a KSPROPERTY (or KSP_PIN when {@code pinId >= 0}). */
    public static ByteBuffer request(UUID set, int id, int flags, int pinId) {
        ByteBuffer b = ByteBuffer.allocate(pinId >= 0 ? SIZEOF_KSP_PIN : SIZEOF).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        KsWire.putGuid(b, 0, set);
        KsWire.putInt(b, 16, id);
        KsWire.putInt(b, 20, flags);
        if (pinId >= 0) {
            KsWire.putInt(b, SIZEOF, pinId);
        }
        return b;
    }
}
