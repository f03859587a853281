package ks.examples.plugin;

import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import ks.api.io.DriverObject;
import ks.api.io.KsDriver;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsVideo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The smallest useful KS function driver: one root-enumerated filter, "Tiny Camera", with one
 * capture pin offering YUY2 160x120 at 10 frames per second. Frame {@code n} is a flat grey of
 * luma {@code (16 * n) mod 256}. KsFramework does object creation, properties, intersection and
 * the stream queue; the driver only describes the pin and fills frames while the pin runs.
 */
@Component(property = {KsDriver.NAME + "=KsTinyCamera", KsDriver.ROOT_ENUMERATED + ":Boolean=true"})
public final class TinyCamera implements KsDriver {

    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final long INTERVAL = KsVideo.interval(10);

    private final KsFramework ks;

    @Activate
    public TinyCamera(@Reference KsFramework ks) {
        this.ks = ks;
    }

    /** The luma of frame {@code picture}. */
    static int luma(long picture) {
        return (int) ((picture * 16) & 0xFF);
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        KsPinDescriptor capture = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, INTERVAL, INTERVAL, INTERVAL, 0))
                .framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, WIDTH * HEIGHT * 2,
                        KsAllocatorFraming.FILE_QUAD_ALIGNMENT))
                .dispatch(new Streaming())
                .build();
        return ks.initializeDriver(driverObject, KsDeviceDescriptor.of("TinyCamera", KsFilterDescriptor.of("global", "Tiny Camera",
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA), capture)));
    }

    /** A thread per running pin that fills the oldest queued read every 100 ms (with no read waiting, nothing is made). */
    private static final class Streaming implements KsPinDispatch {

        @Override
        public int setDeviceState(KsPin pin, KsState to, KsState from) {
            if (to == KsState.KSSTATE_RUN) {
                Thread t = new Thread(() -> produce(pin), "ks-tiny-camera");
                t.setDaemon(true);
                pin.context(t);
                t.start();
            } else if (from == KsState.KSSTATE_RUN) {
                stop(pin);
            }
            return STATUS_SUCCESS;
        }

        @Override
        public void close(KsPin pin) {
            stop(pin);
        }

        private static void stop(KsPin pin) {
            Object t = pin.context();
            pin.context(null);
            if (t instanceof Thread) {
                ((Thread) t).interrupt();
            }
        }

        private static void produce(KsPin pin) {
            long picture = 0;
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                long n = picture;
                boolean filled = pin.fillNext((p, h) -> {
                    byte y = (byte) luma(n);
                    int bytes = Math.min(WIDTH * HEIGHT * 2, h.frameExtent());
                    for (int i = 0; i + 1 < bytes; i += 2) {
                        h.data().put(i, y).put(i + 1, (byte) 128);
                    }
                    h.dataUsed(bytes);
                    p.stamp(h, INTERVAL);
                    KsVideo.putFrameInfo(h, 0, n, 0);
                });
                if (filled) {
                    picture++; // a frame nobody waits for is not made: pictures count delivered frames
                }
                next += INTERVAL * 100;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
    }
}
