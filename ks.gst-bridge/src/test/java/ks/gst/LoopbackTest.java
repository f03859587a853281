package ks.gst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.junit.jupiter.api.Test;

import ks.gst.internal.LoopbackDriver;

/** kssink → the loopback device → kssrc: the frames one pipeline writes come out of the other. */
class LoopbackTest {

    /** Up to {@code n} frames, giving up after 20 s (pullSample itself has no timeout). */
    private static List<byte[]> frames(AppSink sink, int n) throws Exception {
        return frames(sink, n, null);
    }

    /** As {@link #frames(AppSink, int)}, adding to {@code deltas} whether each buffer is a DELTA_UNIT. */
    private static List<byte[]> frames(AppSink sink, int n, List<Boolean> deltas) throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> pull(sink, n, deltas)).get(20, TimeUnit.SECONDS);
    }

    private static List<byte[]> pull(AppSink sink, int n, List<Boolean> deltas) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sample s = sink.pullSample();
            if (s == null) {
                break;
            }
            Buffer b = s.getBuffer();
            if (deltas != null) {
                deltas.add(b.getFlags().contains(BufferFlags.DELTA_UNIT));
            }
            ByteBuffer m = b.map(false);
            byte[] bytes = new byte[m.remaining()];
            m.get(bytes);
            b.unmap();
            b.dispose(); // drops the wrapper's reference now, so gst1-java-core cannot hand the stale wrapper out for a later buffer at the same address
            s.dispose();
            out.add(bytes);
        }
        return out;
    }

    @Test
    void framesWrittenToTheRenderPinComeOutOfTheCapturePinUnchanged() throws Exception {
        int n = 8;
        String caps = "video/x-raw,format=YUY2,width=320,height=240,framerate=30/1";
        try (Rig rig = new Rig()) {
            rig.io.loadDriver(new LoopbackDriver(rig.ks), "KsLoopback", true, List.of(), 0);
            try (KsPipelines.Launched reference = KsPipelines.launch(rig.client,
                    "videotestsrc pattern=ball num-buffers=" + n + " ! " + caps + " ! appsink name=out sync=false");
                    KsPipelines.Launched reader = KsPipelines.launch(rig.client,
                            "kssrc device=\"" + LoopbackDriver.FRIENDLY_NAME + "\" ! " + caps + " ! appsink name=out sync=false");
                    KsPipelines.Launched writer = KsPipelines.launch(rig.client,
                            "videotestsrc pattern=ball num-buffers=" + n + " ! " + caps + " ! kssink device=\""
                                    + LoopbackDriver.FRIENDLY_NAME + "\"")) {
                reference.play();
                List<byte[]> expected = frames((AppSink) reference.pipeline().getElementByName("out"), n);
                assertEquals(n, expected.size());
                reader.play();
                Thread.sleep(200); // the capture pin is created and reading before the writer starts
                writer.play();
                List<byte[]> got = frames((AppSink) reader.pipeline().getElementByName("out"), n);
                assertEquals(n, got.size(), "every frame came through");
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(expected.get(i), got.get(i), "frame " + i + " identical");
                }
                assertEquals("EOS", writer.await(10, TimeUnit.SECONDS));
                assertNotNull(writer.sinks().get(0));
                assertEquals(n, writer.sinks().get(0).written());
            }
        }
    }

    @Test
    void anH264StreamGoesThroughWithItsBytesAndKeyFramesKept() throws Exception {
        int n = 12;
        String encode = "videotestsrc pattern=ball num-buffers=" + n + " ! video/x-raw,width=320,height=240,framerate=30/1"
                + " ! x264enc threads=1 key-int-max=5 tune=zerolatency ! video/x-h264,stream-format=byte-stream,alignment=au";
        try (Rig rig = new Rig()) {
            rig.io.loadDriver(new LoopbackDriver(rig.ks), "KsLoopback", true, List.of(), 0);
            try (KsPipelines.Launched reference = KsPipelines.launch(rig.client, encode + " ! appsink name=out sync=false");
                    KsPipelines.Launched reader = KsPipelines.launch(rig.client, "kssrc device=\"" + LoopbackDriver.FRIENDLY_NAME
                            + "\" ! video/x-h264,width=320,height=240 ! appsink name=out sync=false");
                    KsPipelines.Launched writer = KsPipelines.launch(rig.client, encode + " ! kssink device=\"" + LoopbackDriver.FRIENDLY_NAME + "\"")) {
                reference.play();
                List<Boolean> expectedDeltas = new ArrayList<>();
                List<byte[]> expected = frames((AppSink) reference.pipeline().getElementByName("out"), n, expectedDeltas);
                assertEquals(n, expected.size());
                assertEquals(List.of(false, true, true, true, true, false), expectedDeltas.subList(0, 6), "x264enc: a key frame every 5");
                reader.play();
                Thread.sleep(200); // the capture pin is created and reading before the writer starts
                writer.play();
                List<Boolean> deltas = new ArrayList<>();
                List<byte[]> got = frames((AppSink) reader.pipeline().getElementByName("out"), n, deltas);
                assertEquals(n, got.size(), "every access unit came through");
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(expected.get(i), got.get(i), "access unit " + i + " identical");
                }
                assertEquals(expectedDeltas, deltas, "key frames: SPLICEPOINT through KS, no DELTA_UNIT out of kssrc");
                assertTrue(reader.sources().get(0).negotiatedCaps().startsWith("video/x-h264"), reader.sources().get(0).negotiatedCaps());
                assertEquals("EOS", writer.await(10, TimeUnit.SECONDS));
            }
        }
    }
}
