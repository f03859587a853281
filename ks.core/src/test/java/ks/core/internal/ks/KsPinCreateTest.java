package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_DENIED;
import static ks.api.io.NtStatus.STATUS_DEVICE_BUSY;
import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_SUPPORTED;
import static ks.api.io.NtStatus.STATUS_NO_MATCH;
import static ks.api.io.NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import ks.api.io.FileObject;
import ks.api.io.IoControlCode;
import ks.api.io.KsStatusException;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPinConnect;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pin creation (IRP_MJ_CREATE relative to a filter with KSPIN_CONNECT + KSDATAFORMAT): every
 * malformed or refused request ends in its own status, and the instance limit holds.
 */
class KsPinCreateTest {

    static final String PIN = "{" + KsGuids.KSSTRING_Pin.toString().toUpperCase(Locale.ROOT) + "}";

    final TestKsDevice t = new TestKsDevice();
    final FileObject filter;

    KsPinCreateTest() throws KsStatusException {
        filter = t.client.openFilter(t.captureInterface().symbolicLink());
    }

    @AfterEach
    void close() {
        t.h.io.closeFile(filter);
        t.h.assertNoLeaks();
    }

    ByteBuffer connect(Consumer<ByteBuffer> edit) {
        ByteBuffer b = KsPinConnect.build(0, TestKsDevice.yuy2Format(640, 480, TestKsDevice.FPS30));
        edit.accept(b);
        return b;
    }

    int create(String name, ByteBuffer params, int access) {
        try {
            FileObject pin = t.h.io.createFile(name, filter, access, params, 0);
            t.h.io.closeFile(pin);
            return 0;
        } catch (KsStatusException e) {
            return e.status();
        }
    }

    int create(ByteBuffer params) {
        return create(PIN, params, IoControlCode.FILE_READ_ACCESS);
    }

    @Test
    void shouldCreateAWellFormedPin() {
        assertEquals(0, create(connect(b -> { })));
    }

    @Test
    void shouldRefuseShortOrMissingConnectRequests() {
        assertEquals(STATUS_INVALID_PARAMETER, create(null));
        assertEquals(STATUS_INVALID_PARAMETER, create(KsDataFormat.view(connect(b -> { }), 0, 100)), "KSPIN_CONNECT and half a format");
        assertEquals(STATUS_INVALID_PARAMETER, create(connect(b -> KsWire.putInt(b, KsPinConnect.PIN_ID, 3))), "PinId beyond the factories");
        assertEquals(STATUS_INVALID_PARAMETER, create(connect(b -> KsWire.putInt(b, KsPinConnect.PIN_ID, -1))));
    }

    @Test
    void shouldRefuseInterfacesAndMediumsThePinDoesNotList() {
        assertEquals(STATUS_NO_MATCH, create(connect(b -> KsWire.putInt(b, KsPinConnect.INTERFACE + 16, 1))), "LOOPED_STREAMING");
        assertEquals(STATUS_NO_MATCH, create(connect(b -> KsWire.putGuid(b, KsPinConnect.MEDIUM, UUID.randomUUID()))));
        assertEquals(ks.api.io.NtStatus.STATUS_INVALID_HANDLE, create(connect(b -> KsWire.putLong(b, KsPinConnect.PIN_TO_HANDLE, 0x1234))),
                "a PinToHandle naming no open pin");
    }

    @Test
    void shouldRefuseMalformedDataFormats() {
        int format = KsPinConnect.SIZEOF;
        assertEquals(STATUS_INVALID_BUFFER_SIZE, create(connect(b -> KsWire.putInt(b, format, 40))), "FormatSize below 64");
        assertEquals(STATUS_INVALID_BUFFER_SIZE, create(connect(b -> KsWire.putInt(b, format, 4000))), "FormatSize beyond the buffer");
        assertEquals(STATUS_INVALID_BUFFER_SIZE, create(connect(b -> KsWire.putInt(b, format + 12, 1))), "Reserved set");
        assertEquals(STATUS_NO_MATCH, create(connect(b -> KsWire.putGuid(b, format + 32, UUID.randomUUID()))), "an unknown subtype");
        assertEquals(STATUS_NO_MATCH, create(connect(b -> KsWire.putGuid(b, format + 16, UUID.randomUUID()))), "an unknown major type");
        assertEquals(STATUS_NO_MATCH, create(connect(b -> KsWire.putInt(b, format + 64 + 48 + 4, 641))), "a width no range has");
        assertEquals(STATUS_NO_MATCH, create(connect(b -> KsWire.putLong(b, format + 64 + 40, 100))), "10000 fps");
        assertEquals(STATUS_NO_MATCH, create(KsPinConnect.build(0, KsVideo.format(KsGuids.MEDIASUBTYPE_NV12, 640, 480, 12, 333_333, 0))));
    }

    @Test
    void shouldRequireReadAccessForACapturePin() {
        assertEquals(STATUS_ACCESS_DENIED, create(PIN, connect(b -> { }), IoControlCode.FILE_WRITE_ACCESS));
    }

    @Test
    void shouldEnforceTheInstanceLimit() throws Exception {
        FileObject first = t.h.io.createFile(PIN, filter, IoControlCode.FILE_READ_ACCESS, connect(b -> { }), 0);
        assertEquals(STATUS_DEVICE_BUSY, create(connect(b -> { })), "PossibleCount is 1");
        t.h.io.closeFile(first);
        assertEquals(0, create(connect(b -> { })), "closing the first frees the instance");
    }

    @Test
    void shouldRefuseUnknownObjectClassesAndFilters() {
        assertEquals(STATUS_OBJECT_NAME_NOT_FOUND, create("{00000000-1111-2222-3333-444444444444}", connect(b -> { }),
                IoControlCode.FILE_READ_ACCESS));
        assertEquals(STATUS_NOT_SUPPORTED, create("{" + KsGuids.KSSTRING_Clock.toString().toUpperCase(Locale.ROOT) + "}", null,
                IoControlCode.FILE_READ_ACCESS), "clock objects are not modelled");
        String link = t.captureInterface().symbolicLink();
        KsStatusException e = assertThrows(KsStatusException.class,
                () -> t.client.openFilter(link.substring(0, link.lastIndexOf('\\')) + "\\nosuchfilter"));
        assertEquals(STATUS_OBJECT_NAME_NOT_FOUND, e.status());
    }

    @Test
    void shouldAcceptRenderFormatsOnlyInsideTheRangeAndAnyNumberOfInstances() throws Exception {
        // the render factory accepts only 320x240; a 640x480 request must not reach its dispatch
        FileObject render = t.client.openFilter(t.renderInterface().symbolicLink());
        try {
            KsStatusException e = assertThrows(KsStatusException.class, () -> t.h.io.createFile(PIN, render, IoControlCode.FILE_WRITE_ACCESS,
                    KsPinConnect.build(0, TestKsDevice.yuy2Format(640, 480, TestKsDevice.FPS30)), 0));
            assertEquals(STATUS_NO_MATCH, e.status());
            FileObject ok = t.h.io.createFile(PIN, render, IoControlCode.FILE_WRITE_ACCESS,
                    KsPinConnect.build(0, TestKsDevice.yuy2Format(320, 240, TestKsDevice.FPS30)), 0);
            FileObject second = t.h.io.createFile(PIN, render, IoControlCode.FILE_WRITE_ACCESS,
                    KsPinConnect.build(0, TestKsDevice.yuy2Format(320, 240, 0)), 0);
            t.h.io.closeFile(ok);
            t.h.io.closeFile(second);
        } finally {
            t.h.io.closeFile(render);
        }
    }
}
