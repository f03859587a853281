package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Structure;

import org.junit.jupiter.api.Test;

/** The device monitor on the real stack: a virtual camera arriving and leaving, with its caps. */
class KsDeviceMonitorTest {

    @Test
    void shouldReportACameraWithItsCapsOnArrivalAndItsRemoval() throws Exception {
        try (Rig rig = new Rig(); KsDeviceMonitor monitor = new KsDeviceMonitor(rig.client)) {
            assertEquals(0, monitor.devices().size());
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            monitor.addListener(new KsDeviceMonitor.Listener() {
                @Override
                public void added(KsDeviceMonitor.Device d) {
                    events.add("added " + d);
                }

                @Override
                public void removed(KsDeviceMonitor.Device d) {
                    events.add("removed " + d.displayName());
                }
            });
            VirtualUvcCamera cam = rig.plug(Rig.spec("YUY2", "320x240", 15, true));
            String added = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(added, "an arrival event");
            assertTrue(added.startsWith("added Gst Camera (Video/Source, "), added);
            assertEquals(1, monitor.devices().size());
            KsDeviceMonitor.Device d = monitor.devices().get(0);
            assertEquals(KsDeviceMonitor.Device.SOURCE, d.deviceClass());
            Caps caps = Caps.fromString(d.caps()); // read back by GStreamer itself
            assertEquals(1, caps.size(), d.caps());
            Structure s = caps.getStructure(0);
            assertEquals("video/x-raw", s.getName());
            assertEquals("YUY2", s.getString("format"));
            assertEquals(320, s.getInteger("width"));
            assertEquals(240, s.getInteger("height"));
            assertEquals(15, s.getFraction("framerate").getNumerator() / s.getFraction("framerate").getDenominator());
            cam.unplug();
            assertEquals("removed Gst Camera", events.poll(10, TimeUnit.SECONDS));
            assertEquals(0, monitor.devices().size());
        }
    }
}
