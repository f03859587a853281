package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_UNSUCCESSFUL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.ks.KsDevice;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsDeviceDispatch;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsVideo;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** KSDEVICE_DISPATCH's PnP callbacks, each from the IRP that brings it, and a veto where the IRP allows one. */
class KsDeviceDispatchTest {

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch postStarted = new CountDownLatch(1);
    volatile int verdict = STATUS_SUCCESS;

    @AfterEach
    void cleanUp() {
        h.assertNoLeaks();
        h.io.shutdown();
    }

    final KsDeviceDispatch recording = new KsDeviceDispatch() {
        @Override
        public int start(KsDevice device) {
            calls.add("start");
            return STATUS_SUCCESS;
        }

        @Override
        public int postStart(KsDevice device) {
            calls.add("postStart on " + Thread.currentThread().getName());
            postStarted.countDown();
            return STATUS_SUCCESS;
        }

        @Override
        public int queryStop(KsDevice device) {
            calls.add("queryStop");
            return verdict;
        }

        @Override
        public void cancelStop(KsDevice device) {
            calls.add("cancelStop");
        }

        @Override
        public void stop(KsDevice device) {
            calls.add("stop");
        }

        @Override
        public int queryRemove(KsDevice device) {
            calls.add("queryRemove");
            return verdict;
        }

        @Override
        public void cancelRemove(KsDevice device) {
            calls.add("cancelRemove");
        }

        @Override
        public void surpriseRemoval(KsDevice device) {
            calls.add("surpriseRemoval, interfaces " + h.io.deviceInterfaces(KsGuids.KSCATEGORY_VIDEO).size());
        }

        @Override
        public int queryCapabilities(KsDevice device, Object capabilities) {
            calls.add("queryCapabilities");
            return STATUS_SUCCESS;
        }
    };

    DeviceObject load() {
        KsPinDescriptor pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, 333_333, 333_333, 333_333, 0))
                .build();
        KsDeviceDescriptor device = new KsDeviceDescriptor("PnpCam", List.of(KsFilterDescriptor.of("capture", "PnP Camera",
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), pin)), recording);
        h.load("PnpCam", (d, registry) -> framework.initializeDriver(d, device));
        return h.io.findDevice("\\Device\\PnpCam");
    }

    int pnp(DeviceObject fdo, int minor) {
        return h.io.sendAndWait(fdo, IrpMajorFunction.IRP_MJ_PNP, minor);
    }

    @Test
    void eachPnpRequestReachesItsCallbackAndTheQueriesCanVeto() throws Exception {
        DeviceObject fdo = load();
        assertTrue(postStarted.await(5, TimeUnit.SECONDS), "PostStart runs after the start");
        assertEquals("start", calls.get(0));
        assertEquals("postStart on ks-device-post-start", calls.get(1), "on its worker, once START_DEVICE completed");
        calls.clear();

        verdict = STATUS_UNSUCCESSFUL;
        assertEquals(STATUS_UNSUCCESSFUL, pnp(fdo, IrpMinorFunction.IRP_MN_QUERY_STOP_DEVICE), "the minidriver vetoes the stop");
        assertEquals(STATUS_UNSUCCESSFUL, pnp(fdo, IrpMinorFunction.IRP_MN_QUERY_REMOVE_DEVICE), "and the removal");
        verdict = STATUS_SUCCESS;
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_QUERY_STOP_DEVICE));
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_CANCEL_STOP_DEVICE));
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_QUERY_STOP_DEVICE));
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_STOP_DEVICE));
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_QUERY_REMOVE_DEVICE));
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_CANCEL_REMOVE_DEVICE));
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_QUERY_CAPABILITIES));
        assertEquals(1, h.io.deviceInterfaces(KsGuids.KSCATEGORY_VIDEO).size());
        assertEquals(STATUS_SUCCESS, pnp(fdo, IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL));
        assertEquals(0, h.io.deviceInterfaces(KsGuids.KSCATEGORY_VIDEO).size(), "a surprise removal disables the interfaces");
        assertEquals(List.of("queryStop", "queryRemove", "queryStop", "cancelStop", "queryStop", "stop", "queryRemove", "cancelRemove",
                "queryCapabilities", "surpriseRemoval, interfaces 0"), calls);
    }
}
