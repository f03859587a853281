package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.ks.KsGuids;
import ks.devices.usbvideo.rig.CameraRig;

/**
 * One numbering of devices on the command line: with a video device that cannot capture listed
 * before a camera, index 0 is the camera for {@code describe}, for {@code --device}, for
 * {@code stack} and in {@code ./ks devices}.
 */
class DeviceIndexTest {

    private final CameraRig rig = new CameraRig(true);

    @AfterEach
    void shutdown() {
        rig.close();
    }

    /** A device {@code \\Device\\NAME} of its own driver, with enabled KSCATEGORY_VIDEO and {@code category} interfaces (no camera). */
    private void device(String name, String friendlyName, java.util.UUID category) throws Exception {
        DeviceObject d = rig.io.createDevice(rig.io.createDriverObject(name), "\\Device\\" + name, 0, null);
        for (java.util.UUID c : new java.util.UUID[] {KsGuids.KSCATEGORY_VIDEO, category}) {
            rig.io.setDeviceInterfaceState(rig.io.registerDeviceInterface(d, c, "global", Map.of(DeviceInterface.FRIENDLY_NAME, friendlyName)),
                    true);
        }
    }

    @Test
    void indexZeroIsTheFirstCaptureDeviceEverywhere() throws Exception {
        device("RenderOnly", "Render Only", KsGuids.KSCATEGORY_RENDER);
        rig.plug(CameraRig.spec("Index Camera", 0x0001, "1.1", "iso", true, "YUY2", "160x120", 30));
        assertEquals("Render Only", Describe.videoDevices(rig.client).get(0).friendlyName(), "the render device is listed first");

        assertEquals("Index Camera", Describe.describe(rig.client, "0").get("name"), "describe 0");
        assertEquals("Index Camera", GstJob.device(rig.client, "capture", "0").friendlyName(), "--device 0");
        String stack = RuntimeViews.stack(rig.client, "0");
        assertTrue(stack.contains("\\Driver\\usbvideo") && !stack.contains("RenderOnly"), "stack 0\n" + stack);
        assertTrue(RuntimeViews.stack(rig.client, "Render Only").contains("\\Device\\RenderOnly"), "stack by friendly name");
        String devices = DeviceTree.text(rig.io);
        assertTrue(devices.endsWith("Video capture devices (1, by the index describe and --device take)\n  0  Index Camera\n"
                + "Video render devices (1, by the index kssink's device takes)\n  0  Render Only\n"), devices);
        assertTrue(DeviceTree.json(rig.io).contains("\"captureDevices\":[{\"index\":0,\"friendlyName\":\"Index Camera\""),
                DeviceTree.json(rig.io));
        assertTrue(DeviceTree.json(rig.io).contains("\"renderDevices\":[{\"index\":0,\"friendlyName\":\"Render Only\""),
                DeviceTree.json(rig.io));
        assertEquals("Render Only", ks.gst.KsDevices.resolve(rig.client, KsGuids.KSCATEGORY_RENDER, "0").friendlyName(),
                "kssink's device=0 is the render device listed as 0");
        CliException none = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> Describe.describe(rig.client, "1"));
        assertEquals(CliException.NO_DEVICE, none.exitCode(), "index 1 names no capture device");
        CliException noStack = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> RuntimeViews.stack(rig.client, "1"));
        assertEquals(CliException.NO_DEVICE, noStack.exitCode(), "stack 1: index 1 names no capture device");
    }

    /**
     * A capture source that is no camera (like the ks Loopback, which waits for a writer) arrived
     * before two cameras: the cameras take indices 0 and 1 in the order they arrived, the source 2,
     * for the command line and for kssrc's {@code device} (default 0).
     */
    @Test
    void camerasComeBeforeOtherCaptureSourcesWhateverOrderTheyArrivedIn() throws Exception {
        device("SourceOnly", "Capture Source", KsGuids.KSCATEGORY_CAPTURE);
        rig.plug(CameraRig.spec("First Camera", 0x0001, "1.1", "iso", true, "YUY2", "160x120", 30));
        rig.await("First Camera");
        rig.plug(CameraRig.spec("Second Camera", 0x0002, "1.1", "iso", true, "YUY2", "160x120", 30));
        rig.await("Second Camera");
        assertEquals(java.util.List.of("Capture Source", "First Camera", "Second Camera"),
                rig.client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).stream().map(DeviceInterface::friendlyName).toList(),
                "the interfaces arrived with the source first");

        assertEquals("First Camera", ks.gst.KsDevices.resolve(rig.client, KsGuids.KSCATEGORY_CAPTURE, "0").friendlyName(),
                "kssrc device=0");
        assertEquals("Second Camera", ks.gst.KsDevices.resolve(rig.client, KsGuids.KSCATEGORY_CAPTURE, "1").friendlyName(),
                "kssrc device=1");
        assertEquals("Capture Source", ks.gst.KsDevices.resolve(rig.client, KsGuids.KSCATEGORY_CAPTURE, "2").friendlyName(),
                "kssrc device=2");
        assertEquals("First Camera", Describe.describe(rig.client, "0").get("name"), "describe 0");
        assertEquals("Capture Source", GstJob.device(rig.client, "capture", "2").friendlyName(), "--device 2");
        assertTrue(RuntimeViews.stack(rig.client, "2").contains("\\Device\\SourceOnly"), "stack 2");
        String devices = DeviceTree.text(rig.io);
        assertTrue(devices.endsWith("Video capture devices (3, by the index describe and --device take)\n"
                + "  0  First Camera\n  1  Second Camera\n  2  Capture Source\n"), devices);
    }
}
