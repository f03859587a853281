package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.FileObject;
import ks.api.io.NtStatus;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsPropertyValues;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.testing.KsTestBench;

import org.junit.jupiter.api.Test;

/**
 * ks's control clients (describe, control, kssrc's controls) send every VIDEOPROCAMP request as the
 * whole KSPROPERTY_VIDEOPROCAMP_S, so a driver that declares MinProperty 40, as AVStream drivers
 * do, answers them all: value, range and default.
 */
class KsControlsTest {

    @Test
    void aDriverDeclaringMinProperty40ShowsItsRangeAndDefault() throws Exception {
        AtomicInteger brightness = new AtomicInteger(128);
        KsPropertyItem item = KsPropertyItem.getSet(KsVidcap.VIDEOPROCAMP_BRIGHTNESS, KsVidcap.SIZEOF_S, KsVidcap.SIZEOF_S,
                (irp, request, data) -> {
                    KsWire.putInt(data, KsVidcap.VALUE, brightness.get());
                    KsWire.putInt(data, KsVidcap.FLAGS, KsVidcap.FLAGS_MANUAL);
                    KsWire.putInt(data, KsVidcap.CAPABILITIES, KsVidcap.FLAGS_MANUAL);
                    irp.ioStatus().information(KsVidcap.SIZEOF_S);
                    return NtStatus.STATUS_SUCCESS;
                },
                (irp, request, data) -> {
                    brightness.set(KsWire.getInt(data, KsVidcap.VALUE));
                    return NtStatus.STATUS_SUCCESS;
                }).withValues(KsPropertyValues.steppedLong(1, 0, 255, 128));
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, 333_333, 333_333, 333_333, 0))
                .build();
        KsFilterDescriptor filter = new KsFilterDescriptor("f", "Strict Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE),
                List.of(pin), List.of(new KsPropertySet(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, List.of(item))), new ks.api.ks.KsFilterDispatch() {
                });
        try (KsTestBench bench = new KsTestBench()) {
            bench.load("StrictCam", (d, registry) -> bench.framework().initializeDriver(d, KsDeviceDescriptor.of("StrictCam", filter)));
            FileObject f = bench.client().openFilter(bench.awaitInterface("Strict Camera", Duration.ofSeconds(5)).symbolicLink());
            List<KsControls.Control> controls = KsControls.read(bench.client(), f);
            assertEquals(1, controls.size(), controls.toString());
            KsControls.Control c = controls.get(0);
            assertEquals("Brightness", c.name());
            assertEquals(128, c.value());
            assertTrue(c.range(), "BASICSUPPORT answered");
            assertEquals(0, c.min());
            assertEquals(255, c.max());
            assertTrue(c.hasDefault(), "DEFAULTVALUES answered");
            assertEquals(128, c.defaultValue());
            KsControls.apply(bench.client(), f, "Strict Camera", KsControls.parse("brightness=200"));
            assertEquals(200, brightness.get());
            bench.io().closeFile(f);
            bench.assertClean();
        }
    }
}
