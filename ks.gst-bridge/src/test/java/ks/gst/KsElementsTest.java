package ks.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Plugin;
import org.freedesktop.gstreamer.Registry;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.query.LatencyQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ks.examples.testpattern.TestPatternCamera;

/**
 * kssrc and kssink as GStreamer sees them: registered elements made by name, with GParamSpec
 * properties, caps negotiated by GStreamer's own machinery from the pin's data ranges, the LATENCY
 * query, errors in GStreamer's resource domain, and bottom-up RGB put the right way up. The device
 * is ks.examples.testpattern's Test Pattern Camera, a KS minidriver written against ks.api alone:
 * YUY2 640x480 and 320x240 and bottom-up RGB24 160x120, 5 to 30 fps.
 */
class KsElementsTest {

    private static final String CAMERA = "Test Pattern Camera";

    /** A rig with the Test Pattern Camera loaded as a root-enumerated KS minidriver. */
    private static Rig rigWithTestPattern() throws InterruptedException {
        Rig rig = new Rig();
        rig.io.loadDriver(new TestPatternCamera(rig.ks), "TestPattern", true, List.of(), 0);
        rig.await(CAMERA);
        return rig;
    }

    /** Waits up to 20 s for {@code n} frames. */
    private static void awaitFrames(KsSrc src, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (src.frames() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void kssrcAndKssinkAreMadeByNameAndAreInThePluginKs() {
        KsElements.register();
        Element src = ElementFactory.make("kssrc", "named");
        Element sink = ElementFactory.make("kssink", null);
        assertEquals("named", src.getName());
        assertTrue(sink.getName().startsWith("kssink"), sink.getName());
        assertEquals("Source/Video", ElementFactory.find("kssrc").getKlass());
        assertEquals("Sink/Video", ElementFactory.find("kssink").getKlass());
        Plugin ks = Registry.get().findPlugin("ks");
        assertNotNull(ks, "the static plugin ks is in the registry");
        assertEquals("ks", ks.getName());
        src.dispose();
        sink.dispose();
    }

    @Test
    void everyPropertyRoundTripsThroughGObject() {
        KsElements.register();
        Element e = ElementFactory.make("kssrc", null);
        KsSrc src = KsElements.source(e);
        assertEquals("0", e.get("device"), "defaults as gst-inspect shows them");
        assertEquals(0, e.get("outstanding"));
        assertEquals(true, e.get("is-live"));
        assertEquals(false, e.get("reconnect"));
        e.set("device", "Test Pattern Camera");
        e.set("controls", "Brightness=5");
        e.set("reconnect", true);
        e.set("outstanding", 7);
        e.set("is-live", false);
        e.set("num-buffers", 12);
        assertEquals("Test Pattern Camera", e.get("device"));
        assertEquals("Brightness=5", e.get("controls"));
        assertEquals(true, e.get("reconnect"));
        assertEquals(7, e.get("outstanding"));
        assertEquals(false, e.get("is-live"));
        assertEquals(12, e.get("num-buffers"));
        assertEquals(7, src.element().integer("outstanding"), "the stream sees what g_object_set set");
        src.set("pts", "picture").set("outstanding", "3").set("do-timestamp", "true").set("device", "ünïcode Cam");
        assertEquals("picture", src.element().string("pts"));
        assertEquals(1, ((Number) e.get("pts")).intValue(), "pts is an enum: clock 0, picture 1");
        assertEquals(3, e.get("outstanding"));
        assertEquals(true, e.get("do-timestamp"));
        assertEquals("ünïcode Cam", e.get("device"), "strings cross as UTF-8");
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> src.set("outstanding", "129"));
        assertTrue(range.getMessage().contains("from 0 to 128"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> src.set("pts", "sometimes"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> src.set("colour", "red"));
        assertTrue(unknown.getMessage().startsWith("kssrc has no property 'colour' (device, controls"), unknown.getMessage());
        assertEquals(3, e.get("outstanding"), "a refused value leaves the property as it was");
        e.dispose();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "video/x-raw                                        | format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction)30/1",
        "video/x-raw,width=320,height=240                   | format=(string)YUY2, width=(int)320, height=(int)240, framerate=(fraction)30/1",
        "video/x-raw,width=320,height=240,framerate=15/1    | format=(string)YUY2, width=(int)320, height=(int)240, framerate=(fraction)15/1",
        "video/x-raw,framerate=[10/1,20/1]                  | format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction)20/1",
        "video/x-raw,format=BGR                             | format=(string)BGR, width=(int)160, height=(int)120, framerate=(fraction)30/1",
    })
    void downstreamCapsChooseTheModeThroughGStreamersNegotiation(String downstream, String expected) throws Exception {
        try (Rig rig = rigWithTestPattern();
                KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"" + CAMERA + "\" num-buffers=2 ! " + downstream
                        + " ! fakesink")) {
            p.play();
            assertEquals("EOS", p.await(20, TimeUnit.SECONDS));
            Element src = p.pipeline().getElementsRecursive().stream().filter(e -> e.getName().startsWith("kssrc")).findFirst()
                    .orElseThrow();
            String caps = src.getStaticPad("src").getCurrentCaps().toString();
            assertEquals("video/x-raw, " + expected, caps, "the caps on kssrc's pad");
            assertTrue(p.sources().get(0).negotiatedCaps().contains(expected.split(", ")[1].replace(" ", "")),
                    p.sources().get(0).negotiatedCaps());
        }
    }

    @Test
    void theLatencyQueryIsOneFrameAtLeastAndTheReadsInFlightAtMost() throws Exception {
        try (Rig rig = rigWithTestPattern();
                KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"" + CAMERA + "\" outstanding=3"
                        + " ! video/x-raw,width=320,height=240,framerate=30/1 ! fakesink")) {
            p.play();
            KsSrc src = p.sources().get(0);
            awaitFrames(src, 3);
            Element element = p.pipeline().getElementsRecursive().stream().filter(e -> e.getName().startsWith("kssrc")).findFirst()
                    .orElseThrow();
            LatencyQuery q = new LatencyQuery();
            assertTrue(GstProbe.query(element.getStaticPad("src"), q), "kssrc answers LATENCY");
            assertTrue(q.isLive());
            assertEquals(33_333_300, q.getMinimumLatency(), "one frame interval at 30 fps (333333 × 100 ns)");
            assertEquals(3 * 33_333_300, q.getMaximumLatency(), "three reads in flight");
        }
    }

    @Test
    void bottomUpRgbComesOutTheRightWayUp() throws Exception {
        try (Rig rig = rigWithTestPattern();
                KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"" + CAMERA + "\" num-buffers=1"
                        + " ! video/x-raw,format=BGR ! appsink name=out sync=false")) {
            AppSink out = (AppSink) p.pipeline().getElementByName("out");
            p.play();
            Sample s = CompletableFuture.supplyAsync(out::pullSample).get(20, TimeUnit.SECONDS);
            assertNotNull(s);
            Buffer buffer = s.getBuffer();
            ByteBuffer frame = buffer.map(false);
            try {
                int stride = 160 * 3;
                assertEquals(stride * 120, frame.remaining());
                // the camera draws white as its first bar over the top three quarters and black below (ColourBars)
                assertPixel(frame, 0, 255, "the top row starts white");
                assertPixel(frame, stride * 89, 255, "row 89, the last of the bars, starts white");
                assertPixel(frame, stride * 90, 0, "row 90, the first of the black band, is black");
                assertPixel(frame, stride * 119, 0, "the bottom row is black");
            } finally {
                buffer.unmap();
                buffer.dispose();
                s.dispose();
            }
        }
    }

    private static void assertPixel(ByteBuffer frame, int at, int value, String what) {
        for (int c = 0; c < 3; c++) {
            assertEquals(value, frame.get(at + c) & 0xFF, what + " (byte " + c + ")");
        }
    }

    @Test
    void aDeviceThatIsNotThereIsAResourceNotFoundErrorNamingTheStatus() throws Exception {
        try (Rig rig = new Rig();
                KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"No Such Camera\" ! fakesink")) {
            CompletableFuture<GstProbe.ErrorInfo> error = GstProbe.firstError(p.pipeline());
            p.play();
            GstProbe.ErrorInfo e = error.get(10, TimeUnit.SECONDS);
            assertEquals("gst-resource-error-quark", e.domain());
            assertEquals(3, e.code(), "GST_RESOURCE_ERROR_NOT_FOUND");
            assertTrue(e.message().contains("No Such Camera"), e.message());
            assertTrue(e.debug().contains("STATUS_OBJECT_NAME_NOT_FOUND"), e.debug());
        }
    }

    /** A camera unplugged mid-stream: an ERROR in the resource domain, READ, naming the NTSTATUS. */
    @Test
    void aCameraUnpluggedMidStreamIsAResourceReadError() throws Exception {
        try (Rig rig = new Rig()) {
            ks.devices.usbvideo.internal.virtual.VirtualUvcCamera cam = rig.plug(Rig.spec("YUY2", "320x240", 30, true));
            try (KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc ! fakesink")) {
                CompletableFuture<GstProbe.ErrorInfo> error = GstProbe.firstError(p.pipeline());
                p.play();
                KsSrc src = p.sources().get(0);
                awaitFrames(src, 3);
                cam.unplug();
                GstProbe.ErrorInfo e = error.get(10, TimeUnit.SECONDS);
                assertEquals("gst-resource-error-quark", e.domain());
                assertEquals(9, e.code(), "GST_RESOURCE_ERROR_READ");
                assertTrue(e.debug().contains("NTSTATUS STATUS_DEVICE_"), e.debug());
            }
            assertEquals(0, rig.io.outstandingIrps());
        }
    }

    /** The default reads in flight are the pin's KSALLOCATOR_FRAMING Frames (the Test Pattern Camera asks for 4). */
    @Test
    void theDefaultReadsInFlightAreTheFramesThePinsAllocatorFramingAsksFor() throws Exception {
        try (Rig rig = rigWithTestPattern();
                KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc device=\"" + CAMERA + "\" num-buffers=2"
                        + " ! video/x-raw,width=320,height=240 ! fakesink")) {
            p.play();
            assertEquals("EOS", p.await(20, TimeUnit.SECONDS));
            assertEquals(4, p.sources().get(0).outstanding());
        }
    }

    /** Which GST_RESOURCE_ERROR a device that cannot be opened gives (gstreamer's gsterror.h codes). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"STATUS_OBJECT_NAME_NOT_FOUND, 3", "STATUS_NO_SUCH_DEVICE, 3", "STATUS_DEVICE_BUSY, 4", "STATUS_INSUFFICIENT_RESOURCES, 5",
        "STATUS_DEVICE_NOT_READY, 5"})
    void aDeviceThatCannotBeOpenedIsNotFoundBusyOrOpenRead(String status, int code) throws Exception {
        int value = ks.api.io.NtStatus.class.getField(status).getInt(null);
        assertEquals(code, KsSrc.openError(value));
    }

    /** A camera that stops sending frames while plugged in: stopping the pipeline unlocks the waiting create at once. */
    @Test
    void stoppingThePipelineNeverWaitsForAHungCamera() throws Exception {
        try (Rig rig = new Rig()) {
            rig.plug(Rig.spec("YUY2", "320x240", 30, true, "freeze-after=3"));
            KsPipelines.Launched p = KsPipelines.launch(rig.client, "kssrc ! fakesink");
            p.play();
            KsSrc src = p.sources().get(0);
            awaitFrames(src, 1);
            Thread.sleep(500); // the camera's three frames come within 100 ms, then it hangs
            long frames = src.frames();
            assertTrue(frames >= 1 && frames <= 3, "at most the camera's three frames (one may go before a read was queued): " + frames);
            CompletableFuture.runAsync(p::close).get(5, TimeUnit.SECONDS); // throws TimeoutException when it hangs
            assertEquals(0, rig.io.outstandingIrps(), "the reads were cancelled and freed");
            assertEquals(List.of(), rig.io.verifierViolations());
        }
    }
}
