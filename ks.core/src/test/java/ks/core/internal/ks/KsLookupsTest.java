package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.Irp;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KsGetFilterFromIrp, KsGetPinFromIrp and KsFilterGetDevice, from the property handlers that need them. */
class KsLookupsTest {

    static final UUID SET = UUID.fromString("0F4C3A52-7E1B-4C6B-9A0D-5C2E8B6A1F01");
    static final long FPS30 = 333_333;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final AtomicReference<KsPin> pinSeen = new AtomicReference<>();
    final AtomicReference<KsFilter> filterSeen = new AtomicReference<>();

    @AfterEach
    void cleanUp() {
        h.assertNoLeaks();
        h.io.shutdown();
    }

    KsPropertyItem recording(int id) {
        return KsPropertyItem.get(id, KsProperty.SIZEOF, 4, (Irp irp, java.nio.ByteBuffer request, java.nio.ByteBuffer data) -> {
            pinSeen.set(framework.pinFromIrp(irp));
            filterSeen.set(framework.filterFromIrp(irp));
            KsWire.putInt(data, 0, id);
            irp.ioStatus().information(4);
            return STATUS_SUCCESS;
        });
    }

    @Test
    void handlersReachThePinTheFilterAndTheDeviceTheyServe() throws Exception {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 64, 48, 16, FPS30, FPS30, FPS30, 0))
                .propertySet(new KsPropertySet(SET, List.of(recording(1))))
                .build();
        KsFilterDescriptor filter = new KsFilterDescriptor("capture", "Lookup Camera",
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), List.of(pin),
                List.of(new KsPropertySet(SET, List.of(recording(2)))), new KsFilterDispatch() {
                });
        h.load("LookupCam", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("LookupCam", filter)));
        String link = client.find(KsGuids.KSCATEGORY_VIDEO).get(0).symbolicLink();
        try (KsClient.Connection c = client.connect(link, 0, KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 64, 48, 16, FPS30, 0))) {
            assertEquals(1, KsWire.getInt(client.get(c.pin(), SET, 1, 0, 4), 0));
            KsPin p = pinSeen.get();
            assertSame(c.pin(), p.fileObject(), "KsGetPinFromIrp: the pin the request was sent on");
            assertSame(p.filter(), filterSeen.get(), "KsGetFilterFromIrp on a pin request: its parent filter");
            assertSame(framework.device(h.io.findDevice("\\Device\\LookupCam")), p.filter().device(), "KsFilterGetDevice");

            assertEquals(2, KsWire.getInt(client.get(c.filter(), SET, 2, 0, 4), 0));
            assertNull(pinSeen.get(), "a filter request has no pin");
            assertSame(c.filter(), filterSeen.get().fileObject());
        }
        Irp foreign = h.io.allocateIrp(1);
        assertNull(framework.filterFromIrp(foreign), "an IRP not yet sent is on no KS object");
        h.io.freeIrp(foreign);
    }
}
