package ks.itest.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import ks.api.io.DeviceInterface;
import ks.api.io.IoManager;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamIo;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.ElementFactory;

import ks.api.io.NtStatus;
import ks.gst.GStreamer;
import ks.gst.types.KsElementTypes;
import ks.gst.KsPipelines;
import ks.gst.KsSrc;

/**
 * The GStreamer bridge in Felix with the verifier on and GStreamer's leaks tracer counting native
 * objects: stopping and starting the bridge bundle while kssrc streams ends that stream with an
 * ERROR saying so and leaves no thread, no GStreamer object and no IRP behind (gst1-java-core's
 * reaper thread stays the one it was); restarting it 20 times registers the element types once and
 * leaves elements made afterwards working; a long kssrc run keeps heap and resident memory flat and
 * leaves no GStreamer object behind.
 */
class GstBridgeInFrameworkIT {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final BundleContext ctx = FrameworkUtil.getBundle(GstBridgeInFrameworkIT.class).getBundleContext();

    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    @AfterEach
    void closeTrackers() {
        trackers.forEach(ServiceTracker::close);
    }

    /** The service, held until the test ends (Config Admin hands each bundle its own instance). */
    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        trackers.add(t);
        T s = t.waitForService(20_000);
        assertNotNull(s, type.getName() + " is not registered");
        return s;
    }

    private KsClient client() throws InterruptedException {
        return new KsClient(service(IoManager.class), service(KsStreamIo.class));
    }

    private static void awaitCamera(KsClient client, String name) throws InterruptedException {
        long deadline = System.nanoTime() + 20 * SECOND;
        while (System.nanoTime() < deadline) {
            for (DeviceInterface d : client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE)) {
                if (d.friendlyName().equals(name)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " did not arrive");
    }

    private Bundle bundle(String name) {
        for (Bundle b : ctx.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(name + " is not installed");
    }

    private static void awaitFrames(KsSrc src, long n, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * SECOND;
        while (src.frames() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(src.frames() >= n, "only " + src.frames() + " of " + n + " frames in " + seconds + " s");
    }

    /** One pipeline of {@code frames} frames from {@code camera}, run to EOS. */
    private static void runToEos(KsClient client, String camera, int frames) throws InterruptedException {
        try (KsPipelines.Launched l = KsPipelines.launch(client, "kssrc device=\"" + camera + "\" num-buffers=" + frames
                + " ! video/x-raw,format=YUY2,width=320,height=240 ! videoconvert ! fakesink")) {
            l.play();
            assertEquals("EOS", l.await(20, TimeUnit.SECONDS));
        }
    }

    private static List<Thread> threadsNamed(String name) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The threads alive now (GStreamer's native threads count too while JNA keeps them attached). */
    private static Set<Thread> javaThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Collects until no object created since tracking started is alive, or 20 s pass; returns what is left. */
    private static Map<String, Integer> settle(LiveGstObjects objects) throws InterruptedException {
        Map<String, Integer> left = objects.alive();
        long deadline = System.nanoTime() + 20 * SECOND;
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
            left = objects.alive();
        }
        return left;
    }

    @Test
    void stoppingAndStartingTheBridgeWhileKssrcStreamsLeavesNoThreadNoNativeObjectAndNoIrp() throws Exception {
        IoManager io = service(IoManager.class);
        KsClient client = client();
        awaitCamera(client, "ks Virtual Camera");
        service(GStreamer.class);
        Bundle bridge = bundle("ks.gst-bridge");

        runToEos(client, "ks Virtual Camera", 10); // plugins loaded, clocks and pools made: what GStreamer creates once per process
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        LiveGstObjects objects = LiveGstObjects.start();
        Set<Thread> threadsBefore = javaThreads();
        List<Thread> reaper = threadsNamed("NativeObject Reaper");
        assertEquals(1, reaper.size(), "gst1-java-core's reaper thread: " + reaper);

        for (int cycle = 0; cycle < 3; cycle++) {
            KsPipelines.Launched l = KsPipelines.launch(client,
                    "kssrc device=\"ks Virtual Camera\" ! video/x-raw,format=YUY2,width=320,height=240 ! videoconvert ! fakesink");
            l.play();
            KsSrc src = l.sources().get(0);
            awaitFrames(src, 10, 20);

            bridge.stop();
            String end = l.await(10, TimeUnit.SECONDS);
            assertTrue(end != null && end.startsWith("ERROR") && end.contains("the ks GStreamer bridge stopped"),
                    "cycle " + cycle + ": the stream ends with an error saying why: " + end);
            assertEquals(NtStatus.STATUS_CANCELLED, src.failure(), "the stream was ended by the bridge");
            l.close();

            bridge.start();
            service(GStreamer.class);
        }
        runToEos(client, "ks Virtual Camera", 5); // the restarted bridge works

        Map<String, Integer> left;
        try (objects) {
            left = settle(objects);
        }
        assertEquals(Map.of(), left, "GStreamer objects created during three stop/start cycles and still alive");
        // GStreamer's streaming threads are pooled by GLib and end after 15 s idle; JNA keeps one that
        // called into Java attached (as "GstBus") until then
        Set<Thread> added = javaThreads();
        added.removeAll(threadsBefore);
        long deadline = System.nanoTime() + 45 * SECOND;
        while (!added.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            added = javaThreads();
            added.removeAll(threadsBefore);
        }
        List<String> names = new ArrayList<>();
        for (Thread t : added) {
            names.add(t.getName() + (t.isDaemon() ? " (daemon)" : "") + " " + Arrays.toString(t.getStackTrace()));
        }
        assertEquals(List.of(), names, "threads the cycles left behind");
        assertEquals(reaper, threadsNamed("NativeObject Reaper"), "still the one reaper thread, not one per bridge start");
        assertEquals(0, io.outstandingIrps(), "IRPs allocated and not freed");
        assertEquals(List.of(), io.verifierViolations());
    }

    /**
     * The bridge bundle stopped and started 20 times: kssrc and kssink are registered once (one
     * plugin "ks" in the registry, the same GType), an element made while the bridge is stopped
     * fails its start with an ERROR saying so, and elements made afterwards, by name as any
     * GStreamer application makes them, stream from the restarted bridge.
     */
    @Test
    void theBridgeRestartedTwentyTimesLeavesOneRegistrationAndWorkingElements() throws Exception {
        KsClient client = client();
        awaitCamera(client, "ks Virtual Camera");
        service(GStreamer.class);
        Bundle bridge = bundle("ks.gst-bridge");
        assertTrue(KsElementTypes.registered(), "the types are registered once the bridge is up");
        Element first = ElementFactory.make("kssrc", "before");
        long type = GstGTypes.typeOf(first);
        first.dispose();
        for (int i = 0; i < 20; i++) {
            bridge.stop();
            if (i == 0) {
                String end = runPlain("kssrc device=\"ks Virtual Camera\" num-buffers=3 ! fakesink");
                assertTrue(end.contains("no ks GStreamer bridge is running"), "without a bridge: " + end);
            }
            bridge.start();
            service(GStreamer.class);
        }
        Element again = ElementFactory.make("kssrc", "after");
        assertEquals(type, GstGTypes.typeOf(again), "the same GType after 20 restarts");
        again.dispose();
        assertEquals(1, GstGTypes.pluginsNamed("ks"), "one plugin 'ks' in the registry");
        assertEquals("EOS", runPlain("kssrc device=\"ks Virtual Camera\" num-buffers=5 ! fakesink"),
                "a pipeline GStreamer alone parsed streams through the restarted bridge");
    }

    /** Runs a description GStreamer alone parses, as any application would (no ks code between): "EOS" or "ERROR: message". */
    private static String runPlain(String description) throws Exception {
        Pipeline p = (Pipeline) Gst.parseLaunch(description);
        java.util.concurrent.CompletableFuture<String> end = new java.util.concurrent.CompletableFuture<>();
        Bus.EOS eos = source -> end.complete("EOS");
        Bus.ERROR error = (source, code, message) -> end.complete("ERROR: " + message);
        p.getBus().connect(eos);
        p.getBus().connect(error);
        try {
            p.play();
            return end.get(20, TimeUnit.SECONDS);
        } finally {
            p.stop();
            p.getBus().disconnect(eos);
            p.getBus().disconnect(error);
            p.dispose();
        }
    }

    /** Resident memory of this process in KB (VmRSS). */
    private static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aLongKssrcRunKeepsHeapNativeMemoryAndGStreamerObjectsFlat() throws Exception {
        long frames = Long.getLong("ks.soak.frames", 10_000);
        ConfigurationAdmin admin = service(ConfigurationAdmin.class);
        Configuration camera = admin.getFactoryConfiguration("ks.usbvideo.camera", "soak", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "Soak Camera");
        props.put("productId", 0x0044);
        props.put("formats", new String[] {"YUY2"});
        props.put("sizes", new String[] {"320x240"});
        props.put("fps", new int[] {30});
        props.put("paced", Boolean.FALSE);
        camera.update(props);
        KsClient client = client();
        IoManager io = service(IoManager.class);
        try {
            awaitCamera(client, "Soak Camera");
            runToEos(client, "Soak Camera", 5); // what GStreamer creates once per process (system clock, task pool) is made
            LiveGstObjects objects = LiveGstObjects.start();
            long heap0;
            long rss0;
            long at0;
            try (KsPipelines.Launched l = KsPipelines.launch(client, "kssrc device=\"Soak Camera\" outstanding=4 num-buffers=" + frames
                    + " ! fakesink sync=false")) {
                KsSrc src = l.sources().get(0);
                l.play();
                awaitFrames(src, frames / 5, 120);
                heap0 = heapAfterGc();
                rss0 = residentKb();
                at0 = src.frames();
                awaitFrames(src, frames * 3 / 5, 300);
                long heapMid = heapAfterGc();
                long rssMid = residentKb();
                long atMid = src.frames();
                assertEquals("EOS", l.await(600, TimeUnit.SECONDS), "the run ends after " + frames + " frames");
                assertEquals(frames, src.frames());
                long heap1 = heapAfterGc();
                long rss1 = residentKb();
                String trail = String.format("frame %d: heap %d KB, RSS %d KB; frame %d: %d KB, %d KB; frame %d: %d KB, %d KB", at0,
                        heap0 / 1024, rss0, atMid, heapMid / 1024, rssMid, src.frames(), heap1 / 1024, rss1);
                System.out.println("soak: " + trail);
                assertTrue(heap1 - heap0 < 8L << 20, "heap after GC grows with the frames: " + trail);
                // the first stretch may still grow the process once (JIT code, malloc arenas of streaming threads);
                // the later stretch must not
                assertTrue(rss1 - rssMid < 12L * 1024, "resident memory grows with the frames: " + trail);
            }
            try (objects) {
                assertEquals(Map.of(), settle(objects), "GStreamer objects created by the run and still alive after it");
            }
            assertEquals(0, io.outstandingIrps());
        } finally {
            camera.delete();
        }
    }
}
