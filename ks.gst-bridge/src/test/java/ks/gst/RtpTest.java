package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.junit.jupiter.api.Test;

import ks.devices.usbvideo.internal.virtual.TestPattern;

/** Network output: kssrc → rtpjpegpay → udpsink, received and decoded by a plain GStreamer pipeline. */
class RtpTest {

    @Test
    void aReceivingPipelineDecodesTheCameraFramesSentOverRtp() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        List<Long> numbers = new ArrayList<>();
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec("MJPG", "320x240", 30, true));
            try (KsPipelines.Launched receiver = KsPipelines.launch(rig.client, "udpsrc port=" + port
                    + " caps=\"application/x-rtp,media=video,encoding-name=JPEG,payload=26,clock-rate=90000\""
                    + " ! rtpjpegdepay ! jpegdec ! videoconvert ! video/x-raw,format=RGB,width=320,height=240 ! appsink name=out sync=false");
                    KsPipelines.Launched sender = KsPipelines.launch(rig.client, "kssrc ! image/jpeg,width=320,height=240 ! rtpjpegpay"
                            + " ! udpsink host=127.0.0.1 port=" + port + " sync=false")) {
                receiver.play();
                Thread.sleep(200);
                sender.play();
                AppSink sink = (AppSink) receiver.pipeline().getElementByName("out");
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5; i++) {
                        Sample s = sink.pullSample();
                        if (s == null) {
                            return;
                        }
                        Buffer b = s.getBuffer();
                        ByteBuffer m = b.map(false);
                        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
                        for (int y = 0; y < 240; y++) {
                            for (int x = 0; x < 320; x++) {
                                int at = y * 960 + x * 3;
                                img.setRGB(x, y, (m.get(at) & 0xFF) << 16 | (m.get(at + 1) & 0xFF) << 8 | m.get(at + 2) & 0xFF);
                            }
                        }
                        b.unmap();
                        b.dispose(); // drops the wrapper's reference now, so gst1-java-core cannot hand the stale wrapper out for a later buffer at the same address
                        s.dispose();
                        numbers.add(TestPattern.frameNumberRgb(img));
                    }
                }).get(20, TimeUnit.SECONDS);
            }
        }
        assertEquals(5, numbers.size(), "frames received");
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i) > numbers.get(i - 1), "frame numbers go forward over the network: " + numbers);
        }
    }
}
