package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import ks.api.io.DeviceInterface;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsVideo;
import ks.testing.KsTestBench;

import org.junit.jupiter.api.Test;

/**
 * A device named as users name it: its friendly name in any case, and the symbolic link of any of
 * its interfaces as ./ks devices prints them (VIDEO, CAPTURE, VIDEO_CAMERA), not only the first.
 */
class KsDevicesNamingTest {

    @Test
    void anyCaseAndEveryInterfacesLinkNameTheDevice() throws Exception {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, 333_333, 333_333, 333_333, 0))
                .build();
        try (KsTestBench bench = new KsTestBench()) {
            bench.load("NamedCam", (d, registry) -> bench.framework().initializeDriver(d, KsDeviceDescriptor.of("NamedCam",
                    KsFilterDescriptor.of("global", "Named Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE,
                            KsGuids.KSCATEGORY_VIDEO_CAMERA), pin))));
            DeviceInterface camera = bench.awaitInterface("Named Camera", Duration.ofSeconds(5));
            assertEquals(camera, KsDevices.resolve(bench.client(), KsGuids.KSCATEGORY_CAPTURE, "named camera"), "a name in any case");
            for (java.util.UUID category : new java.util.UUID[] {KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA}) {
                String link = bench.io().deviceInterfaceAlias(camera.symbolicLink(), category).symbolicLink();
                assertEquals(camera.physicalDevice(), KsDevices.resolve(bench.client(), KsGuids.KSCATEGORY_CAPTURE, link.toUpperCase(
                        java.util.Locale.ROOT)).physicalDevice(), "the link of the " + category + " interface");
            }
            KsStatusException none = assertThrows(KsStatusException.class,
                    () -> KsDevices.resolve(bench.client(), KsGuids.KSCATEGORY_CAPTURE, "Other Camera"));
            assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, none.status());
            bench.assertClean();
        }
    }
}
