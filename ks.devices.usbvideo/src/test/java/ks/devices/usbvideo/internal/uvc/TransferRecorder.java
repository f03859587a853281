package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ks.api.usb.Urb;
import ks.devices.usbvideo.internal.bus.UsbDeviceBackend;

/**
 * A USB device between the bus and a real backend that records every completed streaming transfer
 * (packets, lengths, statuses, bytes): a payload sequence as it came off the wire, to replay.
 */
public final class TransferRecorder implements UsbDeviceBackend {

    /** One completed transfer; {@code packets} 0 for bulk. */
    public record Transfer(int endpoint, int packets, int packetSize, int status, int[] lengths, int[] statuses, byte[][] data) {
    }

    private final UsbDeviceBackend device;
    private final List<Transfer> recorded = new ArrayList<>();

    public TransferRecorder(UsbDeviceBackend device) {
        this.device = device;
    }

    public synchronized List<Transfer> recorded() {
        return List.copyOf(recorded);
    }

    /** Records a capture of {@code frames} YUY2 320×240 frames from {@code camera} through the whole driver stack. */
    public static List<Transfer> capture(UsbDeviceBackend camera, int frames) throws Exception {
        TransferRecorder recorder = new TransferRecorder(camera);
        try (VirtualCameraRig rig = new VirtualCameraRig()) {
            rig.bus.addBackend(recorder);
            rig.awaitInterfaces(1);
            try (var c = VirtualCameraEndToEndTest.connect(rig, false, 320, 240, 30)) {
                VirtualCameraEndToEndTest.capture(rig, c, frames, false, 320, 240, 320 * 240 * 2);
            }
        }
        return recorder.recorded();
    }

    @Override
    public void submit(Urb urb, TransferDone done) {
        device.submit(urb, u -> {
            record(u);
            done.transferDone(u);
        });
    }

    private synchronized void record(Urb u) {
        int packets = u.function() == ks.api.usb.Usb.URB_FUNCTION_ISOCH_TRANSFER ? u.numberOfPackets() : 0;
        ByteBuffer b = u.transferBuffer();
        if (packets == 0) {
            byte[] d = new byte[u.transferBufferLength()];
            b.get(0, d);
            recorded.add(new Transfer(u.endpoint(), 0, 0, u.status(), new int[] { d.length }, new int[] { u.status() }, new byte[][] { d }));
            return;
        }
        int[] lengths = new int[packets];
        int[] statuses = new int[packets];
        byte[][] data = new byte[packets][];
        for (int i = 0; i < packets; i++) {
            lengths[i] = u.isoLength(i);
            statuses[i] = u.isoStatus(i);
            data[i] = new byte[lengths[i]];
            b.get(u.isoOffset(i), data[i]);
        }
        int size = packets > 1 ? u.isoOffset(1) - u.isoOffset(0) : lengths[0];
        recorded.add(new Transfer(u.endpoint(), packets, size, u.status(), lengths, statuses, data));
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public byte[] deviceDescriptor() {
        return device.deviceDescriptor();
    }

    @Override
    public int control(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength) {
        return device.control(bmRequestType, bRequest, wValue, wIndex, data, wLength);
    }

    @Override
    public boolean cancel(Urb urb) {
        return device.cancel(urb);
    }

    @Override
    public void abort(int endpoint) {
        device.abort(endpoint);
    }

    @Override
    public void onDisconnect(Disconnect listener) {
        device.onDisconnect(listener);
    }

    @Override
    public boolean connected() {
        return device.connected();
    }
}
