package ks.examples.avstream;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.DriverObject;
import ks.api.io.KsDriver;
import ks.api.io.NtStatus;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsPropertyValues;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * A camera written as an AVStream driver is, on simulated hardware: "Simulated Camera", one capture
 * pin factory (YUY2 320x240 at 30 fps, two instances at once), and VIDEOPROCAMP Brightness
 * declared with MinProperty 40 as AVStream drivers declare it.
 *
 * <p>Pin-centric processing: {@code process} clones the leading edge for each buffer the hardware
 * has room for (two per pin), hands the clone to the hardware and moves the edge on. The
 * hardware's timer "interrupt", one per frame interval, fills the oldest clone, advances its
 * offsets over the frame (which sets DataUsed), deletes it (the read completes) and calls
 * {@code attemptProcessing}, since the hardware has room again. A cancelled read takes its clone
 * back out through the clone's cancel callback; stopping the pin deletes the clones it holds.
 * Every pixel has the luma Brightness sets; frame numbers are in KS_FRAME_INFO.
 */
@Component(property = {KsDriver.NAME + "=KsSimulatedCamera", KsDriver.ROOT_ENUMERATED + ":Boolean=true"})
public final class SimulatedCamera implements KsDriver {

    public static final String FRIENDLY_NAME = "Simulated Camera";
    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    public static final int FRAME_BYTES = WIDTH * HEIGHT * 2;
    public static final long INTERVAL = KsVideo.interval(30);
    /** Buffers the simulated hardware holds per pin. */
    static final int HARDWARE_BUFFERS = 2;

    private final KsFramework ks;
    private final AtomicInteger brightness = new AtomicInteger(128);
    private final ScheduledExecutorService interrupts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ks-simulated-camera-interrupts");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public SimulatedCamera(@Reference KsFramework ks) {
        this.ks = ks;
    }

    @Deactivate
    void deactivate() {
        interrupts.shutdownNow();
    }

    /** The luma every pixel has now. */
    public int brightness() {
        return brightness.get();
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        KsPinDescriptor capture = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, WIDTH, HEIGHT, 16, INTERVAL, INTERVAL, INTERVAL, 0))
                .instances(2, 0)
                // the interrupt completes reads under the hardware's lock: a client's next read must not run process there
                .flags(KsPinDescriptor.KSPIN_FLAG_ASYNCHRONOUS_PROCESSING)
                .dispatch(new Hardware())
                .build();
        KsPropertyItem bright = KsPropertyItem.getSet(KsVidcap.VIDEOPROCAMP_BRIGHTNESS, KsVidcap.SIZEOF_S, KsVidcap.SIZEOF_S,
                (irp, request, data) -> {
                    KsWire.putInt(data, KsVidcap.VALUE, brightness.get());
                    KsWire.putInt(data, KsVidcap.FLAGS, KsVidcap.FLAGS_MANUAL);
                    KsWire.putInt(data, KsVidcap.CAPABILITIES, KsVidcap.FLAGS_MANUAL);
                    irp.ioStatus().information(KsVidcap.SIZEOF_S);
                    return STATUS_SUCCESS;
                },
                (irp, request, data) -> {
                    int value = KsWire.getInt(data, KsVidcap.VALUE);
                    if (value < 0 || value > 255) {
                        return NtStatus.STATUS_INVALID_PARAMETER;
                    }
                    brightness.set(value);
                    return STATUS_SUCCESS;
                }).withValues(KsPropertyValues.steppedLong(1, 0, 255, 128));
        KsFilterDescriptor filter = new KsFilterDescriptor("global", FRIENDLY_NAME,
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA), List.of(capture),
                List.of(new KsPropertySet(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, List.of(bright))), new KsFilterDispatch() {
                });
        return ks.initializeDriver(driverObject, KsDeviceDescriptor.of("SimulatedCamera", filter));
    }

    /** One pin's simulated hardware: the clones it holds, and its frame timer while the pin runs. */
    private static final class PinHardware {
        final ConcurrentLinkedQueue<KsStreamPointer> buffers = new ConcurrentLinkedQueue<>();
        volatile ScheduledFuture<?> timer;
        long picture;
    }

    /** KSPIN_DISPATCH: processing, state and the interrupt. */
    private final class Hardware implements KsPinDispatch {

        @Override
        public int create(KsPin pin) {
            pin.context(new PinHardware());
            return STATUS_SUCCESS;
        }

        @Override
        public int process(KsPin pin) {
            PinHardware hw = (PinHardware) pin.context();
            KsStreamPointer leading = pin.leadingEdge(true);
            while (leading != null && leading.locked() && hw.buffers.size() < HARDWARE_BUFFERS) {
                KsStreamPointer clone = leading.clone(c -> cancelled(hw, c));
                clone.unlock(false);
                hw.buffers.add(clone);
                leading.advance(); // the next frame, or the end of the queue (unlocked)
            }
            if (leading != null && leading.locked()) {
                leading.unlock(false);
            }
            return STATUS_PENDING; // the interrupt asks again when the hardware has room
        }

        @Override
        public int setDeviceState(KsPin pin, KsState to, KsState from) {
            PinHardware hw = (PinHardware) pin.context();
            pin.acquireProcessingMutex(); // process hands out no buffer while the hardware changes state
            try {
                synchronized (hw) {
                    if (to == KsState.KSSTATE_RUN) {
                        hw.timer = interrupts.scheduleAtFixedRate(() -> interrupt(pin, hw), INTERVAL * 100, INTERVAL * 100,
                                TimeUnit.NANOSECONDS);
                    } else if (from == KsState.KSSTATE_RUN && hw.timer != null) {
                        hw.timer.cancel(false);
                        hw.timer = null;
                    }
                    if (to == KsState.KSSTATE_STOP) {
                        KsStreamPointer clone;
                        while ((clone = hw.buffers.poll()) != null) {
                            clone.delete(); // the hardware stops: its buffers go back
                        }
                    }
                }
            } finally {
                pin.releaseProcessingMutex();
            }
            return STATUS_SUCCESS;
        }

        /** The frame interrupt: the oldest buffer is full; its read completes. */
        private void interrupt(KsPin pin, PinHardware hw) {
            synchronized (hw) {
                KsStreamPointer clone = hw.timer == null ? null : hw.buffers.poll();
                if (clone == null) {
                    return;
                }
                if (clone.lock() == STATUS_SUCCESS) {
                    KsStreamHeader h = clone.header();
                    int bytes = Math.min(FRAME_BYTES, clone.remaining());
                    byte y = (byte) brightness.get();
                    for (int i = 0; i + 1 < bytes; i += 2) {
                        h.data().put(i, y).put(i + 1, (byte) 128);
                    }
                    pin.stamp(h, INTERVAL);
                    KsVideo.putFrameInfo(h, 0, hw.picture++, 0);
                    clone.advanceOffsets(bytes, false); // DataUsed; a full frame moves the clone on (the frame is done)
                }
                clone.delete(); // the read completes; a stop waiting for this lock finds the buffer gone
            }
            pin.attemptProcessing(true);
        }

        /** A read under one of the hardware's buffers was cancelled: take the buffer back. */
        private void cancelled(PinHardware hw, KsStreamPointer clone) {
            if (hw.buffers.remove(clone)) {
                clone.delete();
            }
        }
    }
}
