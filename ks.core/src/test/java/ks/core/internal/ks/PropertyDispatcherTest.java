package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_VIOLATION;
import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_BUFFER_TOO_SMALL;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_UNSUCCESSFUL;
import static ks.api.ks.KsProperty.KSPROPERTY_TYPE_BASICSUPPORT;
import static ks.api.ks.KsProperty.KSPROPERTY_TYPE_DEFAULTVALUES;
import static ks.api.ks.KsProperty.KSPROPERTY_TYPE_GET;
import static ks.api.ks.KsProperty.KSPROPERTY_TYPE_SET;
import static ks.api.ks.KsProperty.KSPROPERTY_TYPE_SETSUPPORT;
import static ks.api.ks.KsProperty.KSPROPERTY_TYPE_TOPOLOGY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.UUID;

import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.ks.KsGuids;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertyReplies;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsPropertyValues;
import ks.api.ks.KsState;
import ks.api.ks.KsWire;
import ks.core.internal.io.IoManagerImpl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IOCTL_KS_PROPERTY dispatch and the KS status conventions of ks-semantics §6.3. */
class PropertyDispatcherTest {

    static final UUID CUSTOM = UUID.fromString("01234567-89AB-CDEF-0123-456789ABCDEF");

    int state = KsState.KSSTATE_STOP.value();
    final IoManagerImpl io = new IoManagerImpl(false);
    Irp irp;

    final List<KsPropertySet> sets = List.of(
            new KsPropertySet(KsGuids.KSPROPSETID_Connection, List.of(
                    KsPropertyItem.getSet(KsProperty.KSPROPERTY_CONNECTION_STATE, KsProperty.SIZEOF, 4,
                            (i, req, data) -> {
                                KsWire.putInt(data, 0, state);
                                i.ioStatus().information(4);
                                return STATUS_SUCCESS;
                            },
                            (i, req, data) -> {
                                state = KsWire.getInt(data, 0);
                                return STATUS_SUCCESS;
                            }))),
            new KsPropertySet(KsGuids.KSPROPSETID_Pin, List.of(
                    KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_DATAFLOW, KsProperty.SIZEOF_KSP_PIN, 4, (i, req, data) -> {
                        KsWire.putInt(data, 0, KsProperty.pinId(req) == 0 ? KsProperty.KSPIN_DATAFLOW_OUT : KsProperty.KSPIN_DATAFLOW_IN);
                        i.ioStatus().information(4);
                        return STATUS_SUCCESS;
                    }),
                    KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_DATARANGES, KsProperty.SIZEOF_KSP_PIN, 0,
                            (i, req, data) -> KsPropertyReplies.multipleItem(i, data, 2, 16, (b, off) -> {
                                KsWire.putLong(b, off, 0x1111);
                                KsWire.putLong(b, off + 8, 0x2222);
                            })))),
            new KsPropertySet(CUSTOM, List.of(KsPropertyItem.get(7, KsProperty.SIZEOF, 4, (i, req, data) -> {
                throw new IllegalStateException("a driver bug");
            }), KsPropertyItem.getSet(8, KsProperty.SIZEOF, 4, (i, req, data) -> STATUS_SUCCESS, (i, req, data) -> STATUS_SUCCESS)
                    .withValues(KsPropertyValues.steppedLong(5, -100, 100, 10)))));

    /** Sends a property request the way a client does: KSPROPERTY as input, the value as output. */
    int request(ByteBuffer req, int inputLength, ByteBuffer value, int outputLength) {
        irp = io.allocateIrp(1);
        irp.setNextIrpStackLocation();
        irp.currentIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL).parameters().deviceIoControl()
                .ioControlCode(KsIoctl.IOCTL_KS_PROPERTY).inputBufferLength(inputLength).outputBufferLength(outputLength)
                .type3InputBuffer(req);
        irp.userBuffer(value);
        return PropertyDispatcher.dispatch(irp, sets);
    }

    int request(UUID set, int id, int flags, int pinId, ByteBuffer value) {
        ByteBuffer req = KsProperty.request(set, id, flags, pinId);
        return request(req, req.capacity(), value, value == null ? 0 : value.capacity());
    }

    static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void shouldGetAndSetAFixedSizeProperty() {
        ByteBuffer v = bytes(4);
        KsWire.putInt(v, 0, KsState.KSSTATE_PAUSE.value());
        assertEquals(STATUS_SUCCESS, request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE,
                KSPROPERTY_TYPE_SET, -1, v));
        assertEquals(KsState.KSSTATE_PAUSE.value(), state);
        ByteBuffer out = bytes(4);
        assertEquals(STATUS_SUCCESS, request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE,
                KSPROPERTY_TYPE_GET, -1, out));
        assertEquals(KsState.KSSTATE_PAUSE.value(), KsWire.getInt(out, 0));
        assertEquals(4, irp.ioStatus().information());
    }

    @Test
    void shouldAnswerSizeQueriesWithBufferOverflowAndShortBuffersWithTooSmall() {
        assertEquals(STATUS_BUFFER_OVERFLOW, request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE,
                KSPROPERTY_TYPE_GET, -1, null));
        assertEquals(4, irp.ioStatus().information(), "Information = the required size");
        assertEquals(STATUS_BUFFER_TOO_SMALL, request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE,
                KSPROPERTY_TYPE_GET, -1, bytes(2)));
        assertEquals(4, irp.ioStatus().information());
    }

    @ParameterizedTest(name = "output {0} bytes -> {1}, Information {2}")
    @CsvSource({"0, 0x80000005, 24", "4, 0x00000000, 4", "8, 0x00000000, 8", "12, 0xC0000023, 24", "24, 0x00000000, 24",
        "40, 0x00000000, 24"})
    void shouldFollowTheSizedListConventionsForMultipleItems(int length, String status, int information) {
        ByteBuffer out = length == 0 ? null : bytes(length);
        int s = request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES, KSPROPERTY_TYPE_GET, 0, out);
        assertEquals(Integer.parseUnsignedInt(status.substring(2), 16), s);
        assertEquals(information, irp.ioStatus().information());
        if (length >= 4 && s == STATUS_SUCCESS) {
            assertEquals(24, KsWire.getInt(out, 0), "KSMULTIPLE_ITEM.Size includes the header");
        }
        if (length >= 24) {
            assertEquals(2, KsWire.getInt(out, 4));
            assertEquals(0x2222, KsWire.getLong(out, 16));
        }
    }

    @Test
    void shouldRejectUnknownSetsAndIds() {
        assertEquals(STATUS_PROPSET_NOT_FOUND, request(UUID.randomUUID(), 0, KSPROPERTY_TYPE_GET, -1, bytes(4)));
        assertEquals(STATUS_NOT_FOUND, request(KsGuids.KSPROPSETID_Connection, 99, KSPROPERTY_TYPE_GET, -1, bytes(4)));
    }

    @Test
    void shouldRejectMalformedRequests() {
        ByteBuffer req = KsProperty.request(KsGuids.KSPROPSETID_Connection, 0, KSPROPERTY_TYPE_GET, -1);
        assertEquals(STATUS_INVALID_PARAMETER, request(req, 20, bytes(4), 4), "shorter than a KSPROPERTY");
        assertEquals(STATUS_ACCESS_VIOLATION, request(req, 40, bytes(4), 4), "input length beyond the buffer");
        assertEquals(STATUS_ACCESS_VIOLATION, request(req, 24, bytes(4), 8), "output length beyond the buffer");
        assertEquals(STATUS_ACCESS_VIOLATION, request(null, 24, bytes(4), 4));
        assertEquals(STATUS_INVALID_PARAMETER, request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW,
                KSPROPERTY_TYPE_GET, -1, bytes(4)), "a KSP_PIN property sent a bare KSPROPERTY");
        assertEquals(32, irp.ioStatus().information(), "Information = MinProperty");
        assertEquals(STATUS_INVALID_PARAMETER, request(KsGuids.KSPROPSETID_Connection, 0,
                KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET, -1, bytes(4)), "two operations at once");
        assertEquals(STATUS_INVALID_PARAMETER, request(KsGuids.KSPROPSETID_Connection, 0, 0, -1, bytes(4)), "no operation");
        assertEquals(STATUS_INVALID_PARAMETER, request(KsGuids.KSPROPSETID_Connection, 0,
                KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_TOPOLOGY, -1, bytes(4)), "a node request shorter than KSP_NODE");
        assertEquals(KsProperty.SIZEOF_KSP_NODE, irp.ioStatus().information());
        ByteBuffer node = bytes(KsProperty.SIZEOF_KSP_NODE).put(0, KsProperty.request(KsGuids.KSPROPSETID_Connection, 0,
                KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_TOPOLOGY, -1), 0, KsProperty.SIZEOF);
        assertEquals(STATUS_INVALID_PARAMETER, request(node, KsProperty.SIZEOF_KSP_NODE, bytes(4), 4), "node 0 of an object without nodes");
    }

    @Test
    void shouldFailAnOperationTheItemDoesNotHave() {
        assertEquals(STATUS_INVALID_DEVICE_REQUEST, request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW,
                KSPROPERTY_TYPE_SET, 0, bytes(4)));
    }

    @Test
    void shouldPassInstanceDataToTheHandler() {
        ByteBuffer out = bytes(4);
        request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, KSPROPERTY_TYPE_GET, 1, out);
        assertEquals(KsProperty.KSPIN_DATAFLOW_IN, KsWire.getInt(out, 0));
        request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, KSPROPERTY_TYPE_GET, 0, out);
        assertEquals(KsProperty.KSPIN_DATAFLOW_OUT, KsWire.getInt(out, 0));
    }

    @Test
    void shouldAnswerBasicSupport() {
        ByteBuffer flags = bytes(4);
        assertEquals(STATUS_SUCCESS, request(KsGuids.KSPROPSETID_Connection, 0, KSPROPERTY_TYPE_BASICSUPPORT, -1, flags));
        assertEquals(KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET, KsWire.getInt(flags, 0));
        ByteBuffer d = bytes(40);
        assertEquals(STATUS_SUCCESS, request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW,
                KSPROPERTY_TYPE_BASICSUPPORT, 0, d));
        assertEquals(KSPROPERTY_TYPE_GET, KsWire.getInt(d, 0), "AccessFlags");
        assertEquals(40, KsWire.getInt(d, 4), "DescriptionSize");
        assertEquals(KsGuids.KSPROPTYPESETID_General, KsWire.getGuid(d, 8));
        assertEquals(STATUS_BUFFER_OVERFLOW, request(KsGuids.KSPROPSETID_Connection, 0, KSPROPERTY_TYPE_BASICSUPPORT, -1, null));
        assertEquals(40, irp.ioStatus().information());
        assertEquals(STATUS_BUFFER_TOO_SMALL, request(KsGuids.KSPROPSETID_Connection, 0, KSPROPERTY_TYPE_BASICSUPPORT, -1, bytes(8)));
    }

    /** The 72-byte stepped-range and 60-byte default answers of ks-video §3.9, offsets written out by hand. */
    @Test
    void shouldAnswerBasicSupportAndDefaultValuesWithMemberLists() {
        assertEquals(STATUS_BUFFER_OVERFLOW, request(CUSTOM, 8, KSPROPERTY_TYPE_BASICSUPPORT, -1, null));
        assertEquals(72, irp.ioStatus().information());
        ByteBuffer description = bytes(40);
        assertEquals(STATUS_SUCCESS, request(CUSTOM, 8, KSPROPERTY_TYPE_BASICSUPPORT, -1, description));
        assertEquals(72, KsWire.getInt(description, 4), "DescriptionSize names the whole answer");
        assertEquals(1, KsWire.getInt(description, 32), "MembersListCount");
        assertEquals(STATUS_BUFFER_TOO_SMALL, request(CUSTOM, 8, KSPROPERTY_TYPE_BASICSUPPORT, -1, bytes(56)));
        ByteBuffer d = bytes(72);
        assertEquals(STATUS_SUCCESS, request(CUSTOM, 8, KSPROPERTY_TYPE_BASICSUPPORT, -1, d));
        assertEquals(72, irp.ioStatus().information());
        assertEquals(KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET, KsWire.getInt(d, 0));
        assertEquals(3, KsWire.getInt(d, 24), "VT_I4");
        assertEquals(2, KsWire.getInt(d, 40), "KSPROPERTY_MEMBER_STEPPEDRANGES");
        assertEquals(16, KsWire.getInt(d, 44), "MembersSize");
        assertEquals(1, KsWire.getInt(d, 48), "MembersCount");
        assertEquals(0, KsWire.getInt(d, 52), "not the default list");
        assertEquals(5, KsWire.getInt(d, 56), "SteppingDelta");
        assertEquals(-100, KsWire.getInt(d, 64), "SignedMinimum");
        assertEquals(100, KsWire.getInt(d, 68), "SignedMaximum");
        ByteBuffer def = bytes(60);
        assertEquals(STATUS_SUCCESS, request(CUSTOM, 8, KSPROPERTY_TYPE_DEFAULTVALUES, -1, def));
        assertEquals(60, irp.ioStatus().information());
        assertEquals(60, KsWire.getInt(def, 4));
        assertEquals(3, KsWire.getInt(def, 40), "KSPROPERTY_MEMBER_VALUES");
        assertEquals(4, KsWire.getInt(def, 44));
        assertEquals(1, KsWire.getInt(def, 52), "KSPROPERTY_MEMBER_FLAG_DEFAULT");
        assertEquals(10, KsWire.getInt(def, 56));
        assertEquals(STATUS_NOT_FOUND, request(KsGuids.KSPROPSETID_Connection, 0, KSPROPERTY_TYPE_DEFAULTVALUES, -1, bytes(60)),
                "no default declared");
    }

    @Test
    void shouldEnumerateSupportedSets() {
        assertEquals(STATUS_BUFFER_OVERFLOW, request(KsGuids.GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT, -1, null));
        assertEquals(48, irp.ioStatus().information());
        ByteBuffer out = bytes(48);
        assertEquals(STATUS_SUCCESS, request(KsGuids.GUID_NULL, 0, KSPROPERTY_TYPE_SETSUPPORT, -1, out));
        assertEquals(KsGuids.KSPROPSETID_Connection, KsWire.getGuid(out, 0));
        assertEquals(KsGuids.KSPROPSETID_Pin, KsWire.getGuid(out, 16));
        assertEquals(CUSTOM, KsWire.getGuid(out, 32));
        assertEquals(STATUS_SUCCESS, request(KsGuids.KSPROPSETID_Pin, 0, KSPROPERTY_TYPE_SETSUPPORT, -1, null));
        assertEquals(STATUS_PROPSET_NOT_FOUND, request(KsGuids.KSPROPSETID_Topology, 0, KSPROPERTY_TYPE_SETSUPPORT, -1, null));
    }

    @Test
    void shouldTurnAThrowingHandlerIntoAFailedRequest() {
        assertEquals(STATUS_UNSUCCESSFUL, request(CUSTOM, 7, KSPROPERTY_TYPE_GET, -1, bytes(4)));
        assertEquals(0, irp.ioStatus().information());
    }
}
