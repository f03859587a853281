package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.device.Device;
import org.freedesktop.gstreamer.device.DeviceMonitor;
import org.freedesktop.gstreamer.message.MessageType;
import org.junit.jupiter.api.Test;

import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;
import ks.devices.usbvideo.rig.CameraRig;

/**
 * ksdeviceprovider through GStreamer's own GstDeviceMonitor, as any application lists cameras:
 * the KS capture devices with their caps and properties, arrivals and removals as the monitor's
 * device messages, and gst_device_create_element giving a kssrc that streams from that device.
 */
class KsDeviceProviderTest {

    private static Device named(DeviceMonitor monitor, String name) {
        for (Device d : monitor.getDevices()) {
            if (d.getDisplayName().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Takes messages until {@code type} comes (10 s at most); the monitor's bus may post it after its list changed. */
    private static boolean awaitMessage(BlockingQueue<String> messages, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String m = messages.poll(); System.nanoTime() < deadline; m = messages.poll(100, TimeUnit.MILLISECONDS)) {
            if (type.equals(m)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void gstDeviceMonitorListsKsCamerasFollowsThemAndCreatesWorkingElements() throws Exception {
        try (Rig rig = new Rig(); KsElements.Installation ks = KsElements.install(rig.client)) {
            rig.plug(CameraRig.spec("Monitor Camera", 0x0051, "1.1", "iso", true, "YUY2", "320x240", 15));
            DeviceMonitor monitor = new DeviceMonitor();
            monitor.addFilter("Video/Source", null);
            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            Bus.MESSAGE listener = (bus, message) -> {
                if (message.getType() == MessageType.DEVICE_ADDED || message.getType() == MessageType.DEVICE_REMOVED) {
                    messages.add(message.getType().name());
                }
            };
            monitor.getBus().connect(listener);
            assertTrue(monitor.start(), "the monitor starts its providers, ksdeviceprovider among them");
            try {
                Device d = named(monitor, "Monitor Camera");
                assertNotNull(d, "the camera plugged before the monitor started is listed");
                assertEquals("Video/Source", d.getDeviceClass());
                Caps caps = d.getCaps();
                assertEquals("video/x-raw", caps.getStructure(0).getName());
                assertEquals(320, caps.getStructure(0).getInteger("width"));
                assertEquals("ks", d.getProperties().getString("device.api"));
                assertTrue(d.getProperties().getString("device.path").contains("global"), d.getProperties().toString());

                VirtualUvcCamera second = rig.plug(CameraRig.spec("Second Camera", 0x0052, "1.1", "iso", true, "YUY2", "320x240", 30));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (named(monitor, "Second Camera") == null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertNotNull(named(monitor, "Second Camera"), "an arrival is listed");
                assertTrue(awaitMessage(messages, "DEVICE_ADDED"), "and posted");
                second.unplug();
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (named(monitor, "Second Camera") != null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(null, named(monitor, "Second Camera"), "a removal is no longer listed");
                assertTrue(awaitMessage(messages, "DEVICE_REMOVED"), "and posted");

                Element src = d.createElement("from-monitor");
                assertEquals("from-monitor", src.getName());
                assertEquals(d.getProperties().getString("device.path"), src.get("device"), "kssrc set to the device's link");
                src.set("num-buffers", 3);
                Pipeline pipeline = new Pipeline();
                Element sink = ElementFactory.make("fakesink", null);
                pipeline.addMany(src, sink);
                assertTrue(src.link(sink));
                CompletableFuture<String> end = new CompletableFuture<>();
                Bus.EOS eos = source -> end.complete("EOS");
                Bus.ERROR error = (source, code, message) -> end.complete("ERROR: " + message);
                pipeline.getBus().connect(eos);
                pipeline.getBus().connect(error);
                try {
                    pipeline.play();
                    assertEquals("EOS", end.get(20, TimeUnit.SECONDS), "the element the device made streams (through the installed client)");
                    KsSrc stream = KsElements.source(src);
                    assertEquals("Monitor Camera", stream.openedDevice());
                    assertEquals(3, stream.frames());
                } finally {
                    pipeline.stop();
                    pipeline.getBus().disconnect(eos);
                    pipeline.getBus().disconnect(error);
                    pipeline.dispose();
                }
            } finally {
                monitor.stop();
                monitor.getBus().disconnect(listener);
            }
            assertEquals(List.of(), rig.io.verifierViolations());
        }
    }
}
