package ks.devices.usbvideo.internal.libusb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import ks.devices.usbvideo.internal.bus.UsbDeviceBackend;

/** The real libusb (usb4java's native library) on this machine. */
class LibUsbHostTest {

    @Test
    void startsEnumeratesAndStopsWithoutError() throws Exception {
        assertTrue(LibUsbHost.version().matches("libusb 1\\.0\\.\\d+"), LibUsbHost.version());
        List<UsbDeviceBackend> arrived = new CopyOnWriteArrayList<>();
        List<UsbDeviceBackend> left = new CopyOnWriteArrayList<>();
        LibUsbHost host = LibUsbHost.start(new LibUsbHost.Listener() {
            @Override
            public void arrived(LibUsbCamera camera) {
                arrived.add(camera);
            }

            @Override
            public void left(LibUsbCamera camera) {
                left.add(camera);
            }
        }, 100);
        Thread.sleep(250); // a couple of rescans where there is no hotplug
        host.settle(5000);
        long opened = host.found().stream().filter(LibUsbHost.Found::opened).count();
        assertEquals(opened, arrived.size(), "every camera that could be opened arrived");
        if (!Files.isDirectory(Path.of("/dev/bus/usb"))) {
            assertTrue(host.found().isEmpty(), "no USB devices without /dev/bus/usb: " + host.found());
        }
        host.close();
        assertEquals(arrived.size(), left.size(), "every camera leaves when the host closes");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("ks-libusb-events") && t.isAlive()),
                "the event thread ended");
    }

    @Test
    void listCommandNamesLibusbAndEveryVideoDevice() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = ListCameras.run(new java.io.PrintStream(out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8"));
        String text = out.toString("UTF-8");
        assertEquals(0, status, err.toString("UTF-8"));
        assertTrue(text.startsWith("libusb 1.0."), text);
        if (!Files.isDirectory(Path.of("/dev/bus/usb"))) {
            assertTrue(text.contains("No USB video devices found."), text);
        }
    }
}
