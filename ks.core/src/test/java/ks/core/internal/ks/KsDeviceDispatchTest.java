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
import ks.api.io.PowerState;
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

        @Override
        public int queryPower(KsDevice device, int deviceTo, int deviceFrom, int systemTo, int systemFrom, int action) {
            calls.add("queryPower " + PowerState.toString(PowerState.DEVICE_POWER_STATE, deviceFrom) + " -> "
                    + PowerState.toString(PowerState.DEVICE_POWER_STATE, deviceTo) + ", " + PowerState.toString(PowerState.SYSTEM_POWER_STATE, systemFrom)
                    + " -> " + PowerState.toString(PowerState.SYSTEM_POWER_STATE, systemTo) + ", action " + action);
            return verdict;
        }

        @Override
        public void setPower(KsDevice device, int to, int from) {
            calls.add("setPower " + PowerState.toString(PowerState.DEVICE_POWER_STATE, from) + " -> "
                    + PowerState.toString(PowerState.DEVICE_POWER_STATE, to) + ", device reads "
                    + PowerState.toString(PowerState.DEVICE_POWER_STATE, device.devicePowerState()));
        }
    };

    int power(DeviceObject fdo, int minor, int type, int state, int action) {
        return h.io.sendPower(fdo, minor, type, state, action);
    }

    @Test
    void powerQueriesCanVetoAndSetPowerFollowsTheDeviceState() throws Exception {
        DeviceObject fdo = load();
        assertTrue(postStarted.await(5, TimeUnit.SECONDS));
        calls.clear();
        verdict = STATUS_UNSUCCESSFUL;
        assertEquals(STATUS_UNSUCCESSFUL, power(fdo, IrpMinorFunction.IRP_MN_QUERY_POWER, PowerState.SYSTEM_POWER_STATE,
                PowerState.POWER_SYSTEM_SLEEPING3, PowerState.POWER_ACTION_SLEEP), "the minidriver vetoes the sleep");
        verdict = STATUS_SUCCESS;
        assertEquals(STATUS_SUCCESS, power(fdo, IrpMinorFunction.IRP_MN_QUERY_POWER, PowerState.SYSTEM_POWER_STATE,
                PowerState.POWER_SYSTEM_SLEEPING3, PowerState.POWER_ACTION_SLEEP));
        assertEquals(STATUS_SUCCESS, power(fdo, IrpMinorFunction.IRP_MN_SET_POWER, PowerState.SYSTEM_POWER_STATE,
                PowerState.POWER_SYSTEM_SLEEPING3, PowerState.POWER_ACTION_SLEEP));
        KsDevice device = framework.device(fdo);
        assertEquals(PowerState.POWER_DEVICE_D3, device.devicePowerState());
        assertEquals(STATUS_SUCCESS, power(fdo, IrpMinorFunction.IRP_MN_SET_POWER, PowerState.DEVICE_POWER_STATE,
                PowerState.POWER_DEVICE_D3, PowerState.POWER_ACTION_NONE), "already in D3: nothing to tell");
        assertEquals(STATUS_SUCCESS, power(fdo, IrpMinorFunction.IRP_MN_SET_POWER, PowerState.SYSTEM_POWER_STATE,
                PowerState.POWER_SYSTEM_WORKING, PowerState.POWER_ACTION_NONE));
        assertEquals(STATUS_SUCCESS, power(fdo, IrpMinorFunction.IRP_MN_QUERY_POWER, PowerState.DEVICE_POWER_STATE,
                PowerState.POWER_DEVICE_D2, PowerState.POWER_ACTION_NONE));
        assertEquals(List.of(
                "queryPower PowerDeviceD0 -> PowerDeviceD3, PowerSystemWorking -> PowerSystemSleeping3, action 2",
                "queryPower PowerDeviceD0 -> PowerDeviceD3, PowerSystemWorking -> PowerSystemSleeping3, action 2",
                "setPower PowerDeviceD0 -> PowerDeviceD3, device reads PowerDeviceD3",
                "setPower PowerDeviceD3 -> PowerDeviceD0, device reads PowerDeviceD0",
                "queryPower PowerDeviceD0 -> PowerDeviceD2, PowerSystemWorking -> PowerSystemWorking, action 0"), calls);
        assertEquals(PowerState.POWER_DEVICE_D0, device.devicePowerState());
    }

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
