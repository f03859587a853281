package ks.core.internal.ks;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.DeviceInterface;
import ks.api.io.DriverObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsDevice;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsGuids;
import ks.api.ks.KsMethodItem;
import ks.api.ks.KsMethodSet;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;
import ks.core.internal.io.Harness;

/**
 * A test KS device on the real I/O manager: a capture filter ("capture": VIDEO + CAPTURE, one
 * YUY2/MJPG capture pin with synthetic frames) and a render filter ("render": RENDER, one YUY2
 * sink pin that consumes what is written), loaded as a root-enumerated driver through KsFramework.
 */
final class TestKsDevice {

    static final UUID TEST_PROPSET = UUID.fromString("6B1C8A1E-5E07-4D3B-9C1B-4B2F0C8A7E11");
    static final UUID TEST_METHODSET = UUID.fromString("6B1C8A1E-5E07-4D3B-9C1B-4B2F0C8A7E12");
    static final int CAPTURE_HEADER_SIZE = KsStreamHeader.SIZEOF + KsVideo.SIZEOF_KS_FRAME_INFO;
    static final long FPS30 = 333_333;

    final Harness h = new Harness();
    final KsStreamIoImpl streamIo = new KsStreamIoImpl(h.io);
    final KsFrameworkImpl framework = new KsFrameworkImpl(h.io, streamIo);
    final KsClient client = new KsClient(h.io, streamIo);
    final List<String> transitions = new CopyOnWriteArrayList<>();
    final List<byte[]> rendered = new CopyOnWriteArrayList<>();
    final AtomicInteger processCalls = new AtomicInteger();
    final AtomicInteger snapshots = new AtomicInteger();
    volatile int filterValue = 7;
    volatile KsState failAt;
    volatile boolean renderOnProcess = true;
    /** When set, the pin's method waits for it to open (counting down {@link #inMethod} first): a request held inside a dispatch routine. */
    volatile java.util.concurrent.CountDownLatch methodGate;
    final java.util.concurrent.CountDownLatch inMethod = new java.util.concurrent.CountDownLatch(1);
    DriverObject driver;

    final ByteBuffer yuy2Vga = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, FPS30, FPS30, 2_000_000, 0);
    final ByteBuffer yuy2Qvga = KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, FPS30, FPS30, 2_000_000, 0);
    final ByteBuffer mjpgHd = KsVideo.range(KsGuids.MEDIASUBTYPE_MJPG, 1280, 720, 24, FPS30, FPS30, FPS30, 1280 * 720 * 2);

    final KsPinDispatch captureDispatch = new KsPinDispatch() {
        @Override
        public int setDeviceState(KsPin pin, KsState to, KsState from) {
            transitions.add(from + "->" + to);
            return to == failAt ? NtStatus.STATUS_IO_DEVICE_ERROR : NtStatus.STATUS_SUCCESS;
        }

        @Override
        public int process(KsPin pin) {
            processCalls.incrementAndGet();
            return NtStatus.STATUS_PENDING;
        }

        @Override
        public void reset(KsPin pin) {
            transitions.add("reset, queued " + pin.queued());
        }
    };

    final KsPinDispatch renderDispatch = new KsPinDispatch() {
        @Override
        public int process(KsPin pin) {
            while (renderOnProcess && pin.fillNext((p, header) -> {
                byte[] bytes = new byte[header.dataUsed()];
                header.data().get(0, bytes);
                rendered.add(bytes);
            })) {
                // consume everything queued
            }
            return NtStatus.STATUS_PENDING;
        }
    };

    final KsPinDescriptor capturePin = KsPinDescriptor.builder()
            .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
            .category(KsGuids.PINNAME_VIDEO_CAPTURE)
            .dataRange(yuy2Vga).dataRange(yuy2Qvga).dataRange(mjpgHd)
            .framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 4, 640 * 480 * 2,
                    KsAllocatorFraming.FILE_QUAD_ALIGNMENT))
            .headerSize(CAPTURE_HEADER_SIZE)
            .methodSet(new KsMethodSet(TEST_METHODSET, List.of(new KsMethodItem(0, KsProperty.KSMETHOD_TYPE_READ, (irp, request, data) -> {
                java.util.concurrent.CountDownLatch gate = methodGate;
                if (gate != null) {
                    inMethod.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                KsWire.putInt(data, 0, snapshots.incrementAndGet());
                irp.ioStatus().information(4);
                return NtStatus.STATUS_SUCCESS;
            }, KsProperty.SIZEOF, 4))))
            .dispatch(captureDispatch)
            .build();

    final KsPinDescriptor renderPin = KsPinDescriptor.builder()
            .dataFlow(KsProperty.KSPIN_DATAFLOW_IN)
            .instances(KsProperty.KSINSTANCE_INDETERMINATE, 0)
            .name("Video In")
            .dataRange(yuy2Qvga)
            .dispatch(renderDispatch)
            .build();

    final KsFilterDescriptor captureFilter = new KsFilterDescriptor("capture", "Test Camera",
            List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE), List.of(capturePin),
            List.of(new KsPropertySet(TEST_PROPSET, List.of(KsPropertyItem.getSet(0, KsProperty.SIZEOF, 4, (irp, r, d) -> {
                KsWire.putInt(d, 0, filterValue);
                irp.ioStatus().information(4);
                return NtStatus.STATUS_SUCCESS;
            }, (irp, r, d) -> {
                filterValue = KsWire.getInt(d, 0);
                return NtStatus.STATUS_SUCCESS;
            })))), new KsFilterDispatch() {
            });

    final KsFilterDescriptor renderFilter = KsFilterDescriptor.of("render", "Test Renderer", List.of(KsGuids.KSCATEGORY_RENDER), renderPin);

    TestKsDevice() {
        driver = h.load("KsTest", (d, registry) -> framework.initializeDriver(d, KsDeviceDescriptor.of("KsTest", captureFilter, renderFilter)));
    }

    KsDevice device() {
        return framework.device(h.io.findDevice("\\Device\\KsTest"));
    }

    DeviceInterface captureInterface() {
        return client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).get(0);
    }

    DeviceInterface renderInterface() {
        return client.find(KsGuids.KSCATEGORY_RENDER).get(0);
    }

    /** The one open capture pin. */
    KsPin capturePinObject() {
        return device().filters().stream().filter(f -> f.descriptor() == captureFilter).findFirst().orElseThrow().pins().get(0);
    }

    /** A KSDATARANGE head only: video with wildcard subtype and specifier. */
    static ByteBuffer wildcardVideo() {
        ByteBuffer b = KsDataFormat.allocate(KsDataFormat.SIZEOF);
        KsDataFormat.putHeader(b, KsDataFormat.SIZEOF, 0, 0, KsGuids.KSDATAFORMAT_TYPE_VIDEO, KsGuids.GUID_NULL, KsGuids.GUID_NULL);
        return b;
    }

    static ByteBuffer yuy2Format(int width, int height, long interval) {
        return KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, width, height, 16, interval, 0);
    }

    KsClient.Connection connectCapture() throws KsStatusException {
        return client.connect(captureInterface().symbolicLink(), 0, yuy2Format(640, 480, FPS30));
    }
}
