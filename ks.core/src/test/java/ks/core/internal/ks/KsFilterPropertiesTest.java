package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_BUFFER_TOO_SMALL;
import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_NO_MATCH;
import static ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsIdentifier;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standard property sets of filters and pins and their size and status conventions
 * (ks-semantics §6.3–§6.6), asked through IOCTL_KS_PROPERTY on real file objects.
 */
class KsFilterPropertiesTest {

    final TestKsDevice t = new TestKsDevice();
    final IoStatusBlock iosb = new IoStatusBlock();
    FileObject filter;

    KsFilterPropertiesTest() throws KsStatusException {
        filter = t.client.openFilter(t.captureInterface().symbolicLink());
    }

    @AfterEach
    void close() {
        t.h.io.closeFile(filter);
        t.h.assertNoLeaks();
    }

    int get(FileObject fo, UUID set, int id, int pinId, ByteBuffer data) {
        return t.client.property(fo, KsProperty.request(set, id, KsProperty.KSPROPERTY_TYPE_GET, pinId), data, iosb);
    }

    @Test
    void shouldDescribeThePinFactories() throws Exception {
        ByteBuffer v = KsDataFormat.allocate(16);
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CTYPES, -1, v.limit(4)));
        assertEquals(1, KsWire.getInt(v, 0));
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, 0, v.limit(4)));
        assertEquals(KsProperty.KSPIN_DATAFLOW_OUT, KsWire.getInt(v, 0));
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_COMMUNICATION, 0, v.limit(4)));
        assertEquals(KsProperty.KSPIN_COMMUNICATION_SINK, KsWire.getInt(v, 0));
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CATEGORY, 0, v.limit(16)));
        assertEquals(UUID.fromString("FB6C4281-0353-11D1-905F-0000C0CC16BA"), KsWire.getGuid(v, 0));
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CINSTANCES, 0, v.limit(8)));
        assertEquals(1, KsWire.getInt(v, 0), "PossibleCount");
        assertEquals(0, KsWire.getInt(v, 4), "CurrentCount");
        try (KsClient.Connection c = t.connectCapture()) {
            assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CINSTANCES, 0, v.limit(8)));
            assertEquals(0, KsWire.getInt(v, 4), "instances are counted per filter instance");
            assertEquals(STATUS_SUCCESS, get(c.filter(), KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CINSTANCES, 0, v.limit(8)));
            assertEquals(1, KsWire.getInt(v, 4));
        }
        assertEquals(STATUS_INVALID_PARAMETER, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, 1, v.limit(4)),
                "a PinId beyond the factories");
    }

    @Test
    void shouldNameThePinFromItsCategoryOrItsOwnName() throws Exception {
        ByteBuffer name = t.client.getSized(filter, KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_NAME,
                KsProperty.KSPROPERTY_TYPE_GET, 0));
        assertEquals("Capture\0", utf16(name));
        FileObject render = t.client.openFilter(t.renderInterface().symbolicLink());
        try {
            ByteBuffer own = t.client.getSized(render, KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_NAME,
                    KsProperty.KSPROPERTY_TYPE_GET, 0));
            assertEquals("Video In\0", utf16(own));
            assertEquals(STATUS_NOT_FOUND, get(render, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CATEGORY, 0,
                    KsDataFormat.allocate(16)), "a pin without a category");
            ByteBuffer v = KsDataFormat.allocate(8);
            assertEquals(STATUS_SUCCESS, get(render, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CINSTANCES, 0, v));
            assertEquals(0xFFFFFFFF, KsWire.getInt(v, 0), "KSINSTANCE_INDETERMINATE");
        } finally {
            t.h.io.closeFile(render);
        }
    }

    static String utf16(ByteBuffer b) {
        byte[] bytes = new byte[b.limit()];
        b.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_16LE);
    }

    @Test
    void shouldFollowTheSizeQueryConventionForDataRanges() {
        int required = 8 + 3 * KsVideo.SIZEOF_KS_DATARANGE_VIDEO;
        assertEquals(STATUS_BUFFER_OVERFLOW, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES, 0, null));
        assertEquals(required, iosb.information());
        ByteBuffer four = KsDataFormat.allocate(4);
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES, 0, four));
        assertEquals(required, KsWire.getInt(four, 0));
        ByteBuffer header = KsDataFormat.allocate(8);
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES, 0, header));
        assertEquals(3, KsWire.getInt(header, 4));
        assertEquals(STATUS_BUFFER_TOO_SMALL, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES, 0,
                KsDataFormat.allocate(100)));
        ByteBuffer all = KsDataFormat.allocate(required);
        assertEquals(STATUS_SUCCESS, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES, 0, all));
        assertEquals(required, iosb.information());
        ByteBuffer third = KsDataFormat.view(all, 8 + 2 * KsVideo.SIZEOF_KS_DATARANGE_VIDEO, KsVideo.SIZEOF_KS_DATARANGE_VIDEO);
        assertEquals(t.mjpgHd, third, "ranges come back byte for byte, in order");
    }

    @Test
    void shouldListTheStandardInterfaceAndMedium() throws Exception {
        ByteBuffer ifs = t.client.getSized(filter, KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_INTERFACES,
                KsProperty.KSPROPERTY_TYPE_GET, 0));
        assertEquals(1, KsWire.getInt(ifs, 4));
        assertEquals(new KsIdentifier(UUID.fromString("1A8766A0-62CE-11CF-A5D6-28DB04C10000"), 0, 0), KsIdentifier.read(ifs, 8));
        ByteBuffer mediums = t.client.getSized(filter, KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_MEDIUMS,
                KsProperty.KSPROPERTY_TYPE_GET, 0));
        assertEquals(new KsIdentifier(UUID.fromString("4747B320-62CE-11CF-A5D6-28DB04C10000"), 0, 0), KsIdentifier.read(mediums, 8));
    }

    @Test
    void shouldAnswerUnknownSetsAndIdsAndShortRequests() {
        ByteBuffer v = KsDataFormat.allocate(4);
        assertEquals(STATUS_PROPSET_NOT_FOUND, get(filter, UUID.randomUUID(), 0, -1, v));
        assertEquals(STATUS_NOT_FOUND, get(filter, KsGuids.KSPROPSETID_Pin, 99, 0, v));
        assertEquals(STATUS_INVALID_PARAMETER, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, -1, v),
                "KSPROPERTY where KSP_PIN is needed");
        assertEquals(STATUS_BUFFER_TOO_SMALL, get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CATEGORY, 0, v));
        assertEquals(STATUS_INVALID_PARAMETER, t.client.property(filter,
                KsDataFormat.view(KsProperty.request(KsGuids.KSPROPSETID_Pin, 1, KsProperty.KSPROPERTY_TYPE_GET, -1), 0, 20), v, iosb),
                "a request shorter than a KSPROPERTY");
    }

    @Test
    void shouldServeTheDevicesOwnFilterPropertySet() {
        ByteBuffer v = KsDataFormat.allocate(4);
        assertEquals(STATUS_SUCCESS, get(filter, TestKsDevice.TEST_PROPSET, 0, -1, v));
        assertEquals(7, KsWire.getInt(v, 0));
        KsWire.putInt(v, 0, 42);
        assertEquals(STATUS_SUCCESS, t.client.property(filter,
                KsProperty.request(TestKsDevice.TEST_PROPSET, 0, KsProperty.KSPROPERTY_TYPE_SET, -1), v, iosb));
        assertEquals(42, t.filterValue);
        ByteBuffer sets = KsDataFormat.allocate(48);
        assertEquals(STATUS_SUCCESS, t.client.property(filter,
                KsProperty.request(KsGuids.GUID_NULL, 0, KsProperty.KSPROPERTY_TYPE_SETSUPPORT, -1), sets, iosb));
        assertEquals(List.of(KsGuids.KSPROPSETID_Pin, KsGuids.KSPROPSETID_Topology, TestKsDevice.TEST_PROPSET),
                List.of(KsWire.getGuid(sets, 0), KsWire.getGuid(sets, 16), KsWire.getGuid(sets, 32)));
    }

    @Test
    void shouldPickTheFirstClientRangeThatIntersects() throws Exception {
        ByteBuffer nv12 = KsVideo.range(KsGuids.MEDIASUBTYPE_NV12, 640, 480, 12, 333_333, 333_333, 333_333, 0);
        ByteBuffer mjpg = KsVideo.range(KsGuids.MEDIASUBTYPE_MJPG, 1280, 720, 24, 333_333, 333_333, 333_333, 1);
        ByteBuffer f = t.client.intersect(filter, 0, List.of(nv12, mjpg, TestKsDevice.wildcardVideo()));
        assertEquals(KsGuids.MEDIASUBTYPE_MJPG, KsDataFormat.subFormat(f), "NV12 does not intersect; MJPG comes before the wildcard");
        assertEquals(1280, KsVideo.width(f));
        assertEquals(KsVideo.SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER, KsDataFormat.formatSize(f));
        ByteBuffer any = t.client.intersect(filter, 0, List.of(TestKsDevice.wildcardVideo()));
        assertEquals(KsGuids.MEDIASUBTYPE_YUY2, KsDataFormat.subFormat(any), "a wildcard takes the pin's first range");
        assertEquals(640, KsVideo.width(any));
        assertEquals(333_333, KsVideo.avgTimePerFrame(any), "at the range's default rate");
        ByteBuffer slow = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, 1_000_000, 1_000_000, 1_000_000, 0);
        ByteBuffer f2 = t.client.intersect(filter, 0, List.of(slow));
        assertEquals(320, KsVideo.width(f2));
        assertEquals(1_000_000, KsVideo.avgTimePerFrame(f2), "the client's rate inside the pin's interval range");
        KsStatusException none = assertThrows(KsStatusException.class, () -> t.client.intersect(filter, 0, List.of(nv12)));
        assertEquals(STATUS_NO_MATCH, none.status());
    }

    @Test
    void shouldFollowTheSizeConventionsForIntersection() {
        ByteBuffer request = intersectionRequest(List.of(TestKsDevice.wildcardVideo()));
        assertEquals(STATUS_BUFFER_OVERFLOW, t.client.property(filter, request, null, iosb));
        assertEquals(KsVideo.SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER, iosb.information());
        assertEquals(STATUS_BUFFER_TOO_SMALL, t.client.property(filter, request, KsDataFormat.allocate(100), iosb));
        assertEquals(STATUS_SUCCESS, t.client.property(filter, request, KsDataFormat.allocate(400), iosb));
        assertEquals(KsVideo.SIZEOF_KS_DATAFORMAT_VIDEOINFOHEADER, iosb.information());
    }

    @Test
    void shouldRefuseMalformedIntersectionRequests() {
        ByteBuffer request = intersectionRequest(List.of(TestKsDevice.wildcardVideo()));
        ByteBuffer data = KsDataFormat.allocate(400);
        KsWire.putInt(request, 32, 4000);
        assertEquals(STATUS_INVALID_BUFFER_SIZE, t.client.property(filter, request, data, iosb), "KSMULTIPLE_ITEM.Size beyond the request");
        request = intersectionRequest(List.of(TestKsDevice.wildcardVideo()));
        KsWire.putInt(request, 40, 40);
        assertEquals(STATUS_INVALID_BUFFER_SIZE, t.client.property(filter, request, data, iosb), "FormatSize below 64");
        ByteBuffer nv12 = KsVideo.range(KsGuids.MEDIASUBTYPE_NV12, 640, 480, 12, 333_333, 333_333, 333_333, 0);
        request = intersectionRequest(List.of(nv12));
        KsWire.putInt(request, 36, 2);
        assertEquals(STATUS_INVALID_BUFFER_SIZE, t.client.property(filter, request, data, iosb), "Count claims a range that is not there");
        assertEquals(STATUS_INVALID_PARAMETER, t.client.property(filter, KsDataFormat.view(request, 0, 36), data, iosb),
                "no room for the KSMULTIPLE_ITEM");
    }

    ByteBuffer intersectionRequest(List<ByteBuffer> ranges) {
        int bytes = 0;
        for (ByteBuffer r : ranges) {
            bytes += KsWire.align8(r.limit());
        }
        ByteBuffer b = KsDataFormat.allocate(40 + bytes);
        ByteBuffer head = KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAINTERSECTION,
                KsProperty.KSPROPERTY_TYPE_GET, 0);
        b.put(0, head, 0, 32);
        KsWire.putInt(b, 32, 8 + bytes);
        KsWire.putInt(b, 36, ranges.size());
        int at = 40;
        for (ByteBuffer r : ranges) {
            b.put(at, r, 0, r.limit());
            at += KsWire.align8(r.limit());
        }
        return b;
    }

    @Test
    void shouldServeTheConnectionStreamAndStreamInterfaceSetsOnAPin() throws Exception {
        try (KsClient.Connection c = t.connectCapture()) {
            ByteBuffer v = KsDataFormat.allocate(KsAllocatorFraming.SIZEOF_EX);
            assertEquals(STATUS_SUCCESS, get(c.pin(), KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE, -1, v.limit(4)));
            assertEquals(0, KsWire.getInt(v, 0));
            KsWire.putInt(v, 0, 9);
            assertEquals(STATUS_INVALID_PARAMETER, t.client.property(c.pin(), KsProperty.request(KsGuids.KSPROPSETID_Connection,
                    KsProperty.KSPROPERTY_CONNECTION_STATE, KsProperty.KSPROPERTY_TYPE_SET, -1), v.limit(4), iosb), "KSSTATE 9");
            ByteBuffer format = t.client.getSized(c.pin(), KsProperty.request(KsGuids.KSPROPSETID_Connection,
                    KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, KsProperty.KSPROPERTY_TYPE_GET, -1));
            assertEquals(c.format(), format);
            assertEquals(STATUS_SUCCESS, get(c.pin(), KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING, -1,
                    v.limit(KsAllocatorFraming.SIZEOF)));
            assertEquals(List.of(2, 0, 4, 640 * 480 * 2, 7), List.of(KsWire.getInt(v, 0), KsWire.getInt(v, 4), KsWire.getInt(v, 8),
                    KsWire.getInt(v, 12), KsWire.getInt(v, 16)));
            assertEquals(STATUS_BUFFER_OVERFLOW, get(c.pin(), KsGuids.KSPROPSETID_Connection,
                    KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX, -1, null));
            assertEquals(112, iosb.information());
            assertEquals(STATUS_SUCCESS, get(c.pin(), KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX,
                    -1, v.limit(112)));
            assertEquals(1, KsWire.getInt(v, 0), "CountItems");
            assertEquals(4, KsWire.getInt(v, 24 + 44), "FramingItem[0].Frames");
            assertEquals(640 * 480 * 2, KsWire.getInt(v, 24 + 68), "FramingRange.Range.MinFrameSize");
            assertEquals(STATUS_SUCCESS, get(c.pin(), KsGuids.KSPROPSETID_Stream, KsProperty.KSPROPERTY_STREAM_TIMEFORMAT, -1, v.limit(16)));
            assertEquals(UUID.fromString("7B785574-8C82-11CF-BC0C-00AA00AC74F6"), KsWire.getGuid(v, 0));
            assertEquals(STATUS_SUCCESS, get(c.pin(), KsGuids.KSPROPSETID_StreamInterface, KsProperty.KSPROPERTY_STREAMINTERFACE_HEADERSIZE,
                    -1, v.limit(4)));
            assertEquals(56 + 72, KsWire.getInt(v, 0));
            ByteBuffer time = KsDataFormat.allocate(16);
            KsWire.putLong(time, 0, 500);
            KsWire.putInt(time, 8, 2);
            KsWire.putInt(time, 12, 1);
            assertEquals(STATUS_SUCCESS, t.client.property(c.pin(), KsProperty.request(KsGuids.KSPROPSETID_Stream,
                    KsProperty.KSPROPERTY_STREAM_PRESENTATIONTIME, KsProperty.KSPROPERTY_TYPE_SET, -1), time, iosb));
            assertEquals(STATUS_SUCCESS, get(c.pin(), KsGuids.KSPROPSETID_Stream, KsProperty.KSPROPERTY_STREAM_PRESENTATIONTIME, -1, time));
            assertEquals(1000, KsWire.getLong(time, 0), "500 x 2 / 1, and the clock is not running");
            assertEquals(List.of(1, 1), List.of(KsWire.getInt(time, 8), KsWire.getInt(time, 12)));
            KsWire.putInt(time, 12, 0);
            assertEquals(STATUS_INVALID_PARAMETER, t.client.property(c.pin(), KsProperty.request(KsGuids.KSPROPSETID_Stream,
                    KsProperty.KSPROPERTY_STREAM_PRESENTATIONTIME, KsProperty.KSPROPERTY_TYPE_SET, -1), time, iosb), "Denominator 0");
            assertEquals(KsState.KSSTATE_STOP, t.client.state(c.pin()));
        }
        ByteBuffer format = TestKsDevice.yuy2Format(320, 240, TestKsDevice.FPS30);
        try (KsClient.Connection r = t.client.connect(t.renderInterface().symbolicLink(), 0, format)) {
            assertEquals(STATUS_NOT_FOUND, get(r.pin(), KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING, -1,
                    KsDataFormat.allocate(24)), "a pin without framing");
            assertTrue(t.client.ioControl(r.pin(), ks.api.ks.KsIoctl.IOCTL_KS_READ_STREAM, null, 0, null, 0, iosb) != STATUS_SUCCESS,
                    "a render pin refuses reads");
        }
    }
}
