package ks.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import ks.api.fastio.FastIo;
import ks.api.fastio.FastIoStatistics;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.KsDriver;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Fast I/O in Felix: a Config Admin binding turns it on for a camera driver registered by this
 * bundle; a producer thread and a reader stream numbered frames while the ks.fastio bundle is
 * stopped and started 20 times. Every frame arrives once and in order, some by the fast path,
 * and afterwards no IRP is outstanding and no thread is left over.
 */
class FastIoInFrameworkIT {

    static final int WIDTH = 16;
    static final int HEIGHT = 16;
    static final int FRAME = WIDTH * HEIGHT * 2;
    static final ByteBuffer RANGE = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, 333_333, 333_333, 1_000_000, 0);

    final BundleContext ctx = FrameworkUtil.getBundle(FastIoInFrameworkIT.class).getBundleContext();
    volatile KsPin pin;
    long next;

    <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> t = new ServiceTracker<>(ctx, type, null);
        t.open();
        T s = t.waitForService(10_000);
        assertNotNull(s, type.getSimpleName());
        return s;
    }

    Bundle bundle(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    boolean produce() {
        KsStreamPointer p = pin.acquireLeadingEdge();
        if (p == null) {
            return false;
        }
        do {
            p.header().data().putLong(0, next++);
            p.header().dataUsed(FRAME);
        } while (p.advance());
        p.complete();
        return true;
    }

    static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(t -> t.getName() + "#" + t.getId()).collect(Collectors.toSet());
    }

    @Test
    void shouldKeepEveryFrameInOrderWhileTheProviderBundleStopsAndStarts() throws Exception {
        IoManager io = service(IoManager.class);
        KsStreamIo ks = service(KsStreamIo.class);
        KsFramework framework = service(KsFramework.class);
        ConfigurationAdmin cm = service(ConfigurationAdmin.class);
        service(FastIoStatistics.class);
        Bundle fastio = bundle("ks.fastio");

        Configuration binding = cm.createFactoryConfiguration(FastIo.BINDING_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(FastIo.DRIVER, "SeqCamIT");
        props.put(FastIo.PROVIDERS, new String[] {FastIo.STREAMING});
        props.put(FastIo.READY_FRAMES, 4);
        binding.update(props);

        KsPinDescriptor out = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT).category(KsGuids.PINNAME_VIDEO_CAPTURE).dataRange(RANGE)
                .framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, FRAME, 7))
                .dispatch(new KsPinDispatch() {
                    @Override
                    public int create(KsPin p) {
                        pin = p;
                        return NtStatus.STATUS_SUCCESS;
                    }
                }).build();
        KsDriver driver = (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("SeqCamIT",
                KsFilterDescriptor.of("capture", "Sequence Camera IT", List.of(KsGuids.KSCATEGORY_VIDEO), out)));
        Dictionary<String, Object> dp = new Hashtable<>();
        dp.put(KsDriver.NAME, "SeqCamIT");
        dp.put(KsDriver.ROOT_ENUMERATED, true);
        Set<String> threadsBefore = threads();
        ServiceRegistration<KsDriver> reg = ctx.registerService(KsDriver.class, driver, dp);
        KsClient client = new KsClient(io, ks);
        try {
            KsClient.Connection c = connectWithRing(client);
            c.run();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (!produce()) {
                            Thread.sleep(0, 100_000);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "fastio-it-producer");
            Thread swapper = new Thread(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        Thread.sleep(40);
                        fastio.stop();
                        Thread.sleep(40);
                        fastio.start();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "fastio-it-swapper");
            producer.start();
            swapper.start();
            KsStreamHeader[] h = {new KsStreamHeader(ByteBuffer.allocate(FRAME))};
            IoStatusBlock iosb = new IoStatusBlock();
            KEvent event = new KEvent();
            long expected = 0;
            while (swapper.isAlive() || expected < 2_000) {
                h[0].resetForRead();
                int status = ks.ksStreamIo(c.pin(), event, null, null, null, 0, iosb, h, KsStreamHeader.SIZEOF,
                        KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
                if (status == NtStatus.STATUS_PENDING) {
                    assertTrue(event.await(10, TimeUnit.SECONDS), "a pended read completes (frame " + expected + ")");
                }
                assertEquals(NtStatus.STATUS_SUCCESS, iosb.status(), "frame " + expected);
                assertEquals(expected, h[0].data().getLong(0), "frames in order, each once");
                expected++;
            }
            stop.set(true);
            swapper.join(20_000);
            producer.join(10_000);
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertEquals(Bundle.ACTIVE, fastio.getState());
            FastIoStatistics stats = statistics();
            assertNotNull(stats, "the streaming provider is back after the last start");
            // the provider counts since its last registration; keep reading to see it serve
            long served = 0;
            for (int i = 0; i < 200 && served == 0; i++) {
                produce(); // a frame waits in the ring unless it is full already
                h[0].resetForRead();
                int status = ks.ksStreamIo(c.pin(), event, null, null, null, 0, iosb, h, KsStreamHeader.SIZEOF,
                        KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
                while (status == NtStatus.STATUS_PENDING && !event.await(1, TimeUnit.MILLISECONDS)) {
                    produce();
                }
                assertEquals(expected++, h[0].data().getLong(0));
                served = stats.hits();
            }
            assertTrue(served > 0, "the fast path serves again after the restarts: " + stats);
            System.out.println("fast I/O in Felix: " + expected + " frames in order over 20 restarts of ks.fastio; " + stats);
            c.close();
        } finally {
            reg.unregister();
            binding.delete();
        }
        assertEquals(0, io.outstandingIrps(), "no IRP left allocated");
        assertEquals(List.of(), io.inFlightIrps());
        assertEquals(List.of(), io.verifierViolations());
        Set<String> left = threads();
        left.removeAll(threadsBefore);
        left.removeIf(n -> n.startsWith("CM ")); // Config Admin starts its event thread on the first configuration event
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left.retainAll(threads());
        }
        assertEquals(Set.of(), left, "threads started during the run and still alive");
    }

    FastIoStatistics statistics() throws org.osgi.framework.InvalidSyntaxException {
        var refs = ctx.getServiceReferences(FastIoStatistics.class, "(" + FastIo.PROVIDER + "=" + FastIo.STREAMING + ")");
        return refs.isEmpty() ? null : ctx.getService(refs.iterator().next());
    }

    /** Opens the camera's pin once the binding is in force (a frame then waits in the pin's ring). */
    KsClient.Connection connectWithRing(KsClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<ks.api.io.DeviceInterface> found = client.find(KsGuids.KSCATEGORY_VIDEO).stream()
                    .filter(d -> "Sequence Camera IT".equals(d.friendlyName())).toList();
            if (!found.isEmpty()) {
                KsClient.Connection c = client.connect(found.get(0).symbolicLink(), 0,
                        KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, 333_333, 0));
                c.run();
                if (produce() && pin.readyFrames() == 1) {
                    c.stop(); // the ring is discarded; numbering goes on from here
                    next = 0;
                    return c;
                }
                c.close();
            }
            assertTrue(System.nanoTime() < deadline, "the fast-I/O binding took effect");
            Thread.sleep(50);
        }
    }
}
