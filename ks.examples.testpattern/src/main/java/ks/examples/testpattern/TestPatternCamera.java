package ks.examples.testpattern;

import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import ks.api.io.DriverObject;
import ks.api.io.KsDriver;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * An example KS minidriver: everything a device author writes to expose a capture pin. It
 * describes one filter ("Test Pattern Camera", registered under KSCATEGORY_VIDEO, _CAPTURE and
 * _VIDEO_CAMERA) with one capture pin offering YUY2 at 640x480 and 320x240 and bottom-up RGB24
 * (positive biHeight, as Windows RGB drivers produce) at 160x120, 5–30 frames per second, and
 * produces colour bars at the negotiated rate while the pin is in RUN. KsFramework
 * does the rest: object creation, property sets, intersection, states, the stream queue.
 *
 * <p>Each frame is written straight into the Data buffer of the oldest queued read, stamped from
 * the filter's clock, with KS_FRAME_INFO (PictureNumber, DropCount) when the client's header has
 * that extension. A frame due with no read queued is dropped and counted, and the next delivered
 * frame carries DATADISCONTINUITY.
 *
 * <h2>Threading</h2>
 * Frames are produced on this component's scheduler, one task per running pin; a task starts on
 * PAUSE → RUN and is cancelled on RUN → PAUSE and on close. The scheduler stops in
 * {@link #deactivate()}.
 */
@Component(property = {KsDriver.NAME + "=TestPattern", KsDriver.ROOT_ENUMERATED + ":Boolean=true"})
public final class TestPatternCamera implements KsDriver {

    private static final long MIN_INTERVAL = KsVideo.interval(30);
    private static final long MAX_INTERVAL = KsVideo.interval(5);

    private final KsFramework ks;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ks-testpattern-frames");
        t.setDaemon(true);
        return t;
    });

    /** What a running pin needs between frames (the pin's context). */
    private static final class Stream {
        final boolean rgb;
        final int width;
        final int height;
        final long interval;
        long pictureNumber;
        long dropCount;
        boolean discontinuity;
        ScheduledFuture<?> task;

        Stream(ByteBuffer format) {
            this.rgb = KsDataFormat.subFormat(format).equals(KsGuids.MEDIASUBTYPE_RGB24);
            this.width = KsVideo.width(format);
            this.height = Math.abs(KsVideo.height(format));
            long at = KsVideo.avgTimePerFrame(format);
            this.interval = at > 0 ? at : MIN_INTERVAL;
        }
    }

    @Activate
    public TestPatternCamera(@Reference KsFramework ks) {
        this.ks = ks;
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        KsPinDescriptor capture = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, MIN_INTERVAL, MIN_INTERVAL, MAX_INTERVAL, 0))
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 320, 240, 16, MIN_INTERVAL, MIN_INTERVAL, MAX_INTERVAL, 0))
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_RGB24, 160, 120, 24, MIN_INTERVAL, MIN_INTERVAL, MAX_INTERVAL, 0))
                .framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 4,
                        ColourBars.frameBytes(640, 480), KsAllocatorFraming.FILE_QUAD_ALIGNMENT))
                .dispatch(new PinDispatch())
                .build();
        KsFilterDescriptor filter = KsFilterDescriptor.of("global", "Test Pattern Camera",
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA), capture);
        return ks.initializeDriver(driverObject, KsDeviceDescriptor.of("TestPattern", filter));
    }

    private final class PinDispatch implements KsPinDispatch {

        @Override
        public int create(KsPin pin) {
            pin.context(new Stream(pin.dataFormat()));
            return STATUS_SUCCESS;
        }

        @Override
        public int setDeviceState(KsPin pin, KsState to, KsState from) {
            Stream s = (Stream) pin.context();
            synchronized (s) {
                if (to == KsState.KSSTATE_ACQUIRE && from == KsState.KSSTATE_STOP) {
                    s.pictureNumber = 0; // counters restart on entering ACQUIRE, never on PAUSE <-> RUN
                    s.dropCount = 0;
                } else if (to == KsState.KSSTATE_RUN) {
                    s.task = scheduler.scheduleAtFixedRate(() -> frame(pin, s), 0, s.interval * 100, TimeUnit.NANOSECONDS);
                } else if (from == KsState.KSSTATE_RUN) {
                    cancel(s);
                }
            }
            return STATUS_SUCCESS;
        }

        @Override
        public void close(KsPin pin) {
            Stream s = (Stream) pin.context();
            synchronized (s) {
                cancel(s);
            }
        }
    }

    private static void cancel(Stream s) {
        if (s.task != null) {
            s.task.cancel(false);
            s.task = null;
        }
    }

    /** One frame period: fill the oldest queued read, or count a drop. */
    private static void frame(KsPin pin, Stream s) {
        synchronized (s) {
            long picture = s.pictureNumber++;
            boolean delivered = pin.fillNext((p, header) -> fill(p, header, s, picture));
            if (!delivered) {
                s.dropCount++;
                s.discontinuity = true;
            } else {
                s.discontinuity = false;
            }
        }
    }

    private static void fill(KsPin pin, KsStreamHeader header, Stream s, long picture) {
        int used = s.rgb ? ColourBars.renderRgb24(header.data(), s.width, s.height, picture)
                : ColourBars.render(header.data(), s.width, s.height, picture);
        header.dataUsed(Math.min(used, header.frameExtent()));
        pin.stamp(header, s.interval);
        if (s.discontinuity) {
            header.optionsFlags(header.optionsFlags() | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY);
        }
        KsVideo.putFrameInfo(header, 0, picture, s.dropCount); // dwFrameFlags 0: KS_VIDEO_FLAG_FRAME | KS_VIDEO_FLAG_I_FRAME
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }
}
