package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_STATE;
import static ks.api.io.NtStatus.STATUS_NO_MATCH;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsVideo;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PFNKSPINSETDATAFORMAT's documented order: once with no old format before the pin's create; on
 * KSPROPERTY_CONNECTION_DATAFORMAT set, in STOP, with the old format and the new one in place;
 * never for PROPOSEDATAFORMAT.
 */
class PinDataFormatTest {

    static final long FPS30 = 333_333;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile boolean refuse;
    volatile boolean refuseCreate;

    @AfterEach
    void cleanUp() {
        h.io.shutdown();
    }

    static ByteBuffer format(int w, int h) {
        return KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, w, h, 16, FPS30, 0);
    }

    static String size(ByteBuffer f) {
        return f == null ? "null" : KsVideo.width(f) + "x" + KsVideo.height(f);
    }

    final KsPinDispatch logging = new KsPinDispatch() {
        @Override
        public int setDataFormat(KsPin pin, ByteBuffer oldFormat, ByteBuffer format, ByteBuffer range) {
            calls.add("setDataFormat " + size(oldFormat) + " -> " + size(format) + " (pin reads " + size(pin.dataFormat()) + ")");
            return refuse ? STATUS_NO_MATCH : STATUS_SUCCESS;
        }

        @Override
        public int create(KsPin pin) {
            calls.add("create " + size(pin.dataFormat()));
            return refuseCreate ? STATUS_INVALID_DEVICE_REQUEST : STATUS_SUCCESS;
        }
    };

    FileObject filter(int flags) throws KsStatusException {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 64, 48, 16, FPS30, FPS30, FPS30, 0))
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, FPS30, FPS30, FPS30, 0))
                .flags(flags)
                .dispatch(logging)
                .build();
        h.load("FormatCam", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("FormatCam",
                KsFilterDescriptor.of("f", "Format Camera", List.of(KsGuids.KSCATEGORY_VIDEO), pin))));
        return client.openFilter(client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink());
    }

    int set(FileObject pin, int id, ByteBuffer format) {
        ByteBuffer data = format.duplicate();
        return client.property(pin, KsProperty.request(KsGuids.KSPROPSETID_Connection, id, KsProperty.KSPROPERTY_TYPE_SET, -1),
                data, new IoStatusBlock());
    }

    String current(FileObject pin) throws KsStatusException {
        return size(client.getSized(pin, KsProperty.request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT,
                KsProperty.KSPROPERTY_TYPE_GET, -1)));
    }

    @Test
    void atCreationSetDataFormatComesFirstWithNoOldFormat() throws Exception {
        FileObject f = filter(0);
        FileObject pin = client.createPin(f, 0, format(64, 48), true);
        assertEquals(List.of("setDataFormat null -> 64x48 (pin reads 64x48)", "create 64x48"), calls);
        h.io.closeFile(pin);
        h.io.closeFile(f);
    }

    @Test
    void aRefusedFormatFailsTheCreateWithoutCallingCreate() throws Exception {
        FileObject f = filter(0);
        refuse = true;
        KsStatusException e = assertThrows(KsStatusException.class, () -> client.createPin(f, 0, format(64, 48), true));
        assertEquals(STATUS_NO_MATCH, e.status());
        assertEquals(List.of("setDataFormat null -> 64x48 (pin reads 64x48)"), calls);
        h.io.closeFile(f);
    }

    @Test
    void aDataFormatSetInStopChangesTheFormatThroughTheDevice() throws Exception {
        FileObject f = filter(0);
        FileObject pin = client.createPin(f, 0, format(64, 48), true);
        calls.clear();
        assertEquals(STATUS_SUCCESS, set(pin, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, format(32, 24)));
        assertEquals(List.of("setDataFormat 64x48 -> 32x24 (pin reads 32x24)"), calls);
        assertEquals("32x24", current(pin));

        refuse = true;
        assertEquals(STATUS_NO_MATCH, set(pin, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, format(64, 48)));
        assertEquals("32x24", current(pin), "a refused change puts the old format back");
        refuse = false;

        calls.clear();
        assertEquals(STATUS_NO_MATCH, set(pin, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, format(40, 30)), "in no range");
        client.setState(pin, KsState.KSSTATE_PAUSE);
        assertEquals(STATUS_INVALID_DEVICE_STATE, set(pin, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, format(64, 48)));
        assertEquals(List.of(), calls, "the device was not asked");
        client.setState(pin, KsState.KSSTATE_STOP);
        h.io.closeFile(pin);
        h.io.closeFile(f);
    }

    @Test
    void aFixedFormatPinRefusesAChange() throws Exception {
        FileObject f = filter(KsPinDescriptor.KSPIN_FLAG_FIXED_FORMAT);
        FileObject pin = client.createPin(f, 0, format(64, 48), true);
        assertEquals(STATUS_INVALID_DEVICE_REQUEST, set(pin, KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, format(32, 24)));
        assertEquals("64x48", current(pin));
        h.io.closeFile(pin);
        h.io.closeFile(f);
    }

    @Test
    void proposeDataFormatOnlyAsksTheRanges() throws Exception {
        FileObject f = filter(0);
        FileObject pin = client.createPin(f, 0, format(64, 48), true);
        calls.clear();
        assertEquals(STATUS_SUCCESS, set(pin, KsProperty.KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, format(32, 24)));
        assertEquals(STATUS_NO_MATCH, set(pin, KsProperty.KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, format(40, 30)));
        assertEquals(List.of(), calls);
        assertEquals("64x48", current(pin), "a proposal changes nothing");
        h.io.closeFile(pin);
        h.io.closeFile(f);
    }
}
