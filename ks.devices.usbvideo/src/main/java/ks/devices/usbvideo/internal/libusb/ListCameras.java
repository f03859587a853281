package ks.devices.usbvideo.internal.libusb;

import java.io.PrintStream;

/**
 * {@code ./ks usb list}: the USB video devices libusb sees on this machine, whether ks could open
 * them and, when not, why. Exit status 0 when libusb works (even with no camera), 1 when it does not.
 */
public final class ListCameras {

    private ListCameras() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(System.out, System.err));
    }

    static int run(PrintStream out, PrintStream err) throws InterruptedException {
        LibUsbHost host;
        try {
            host = LibUsbHost.start(new LibUsbHost.Listener() {
                @Override
                public void arrived(LibUsbCamera camera) {
                }

                @Override
                public void left(LibUsbCamera camera) {
                }
            }, 0);
        } catch (LinkageError | RuntimeException e) {
            err.println("ks usb list: libusb is not available: " + e.getMessage());
            return 1;
        }
        try {
            host.settle(5000);
            out.println(LibUsbHost.version() + (host.hotplug() ? ", hotplug supported" : ", no hotplug (ks rescans the bus)"));
            if (host.found().isEmpty()) {
                out.println("No USB video devices found.");
            }
            for (LibUsbHost.Found f : host.found()) {
                out.printf("bus %03d device %03d  %04x:%04x  %s%n", f.bus(), f.address(), f.vendorId(), f.productId(),
                        f.opened() ? "usable" : "cannot open: " + f.problem());
            }
            return 0;
        } finally {
            host.close();
        }
    }
}
