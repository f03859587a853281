package ks.gst.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ks.api.io.DriverObject;
import ks.api.io.KsDriver;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;

/**
 * "ks Loopback": a KS video device whose render pin (0) feeds its capture pin (1), like
 * v4l2loopback, so one pipeline can feed another through ks ({@code ... ! kssink device="ks Loopback"}
 * and {@code kssrc device="ks Loopback" ! ...}). A written frame waits until a read is queued on
 * the capture pin (the writer is held back rather than frames dropped); its bytes, times and
 * flags (TIMEVALID, DURATIONVALID, SPLICEPOINT, DATADISCONTINUITY, ENDOFSTREAM) are copied into the
 * read, and both complete. Formats: YUY2, MJPG and H.264 at 320×240, 640×480, 1280×720 and 1920×1080,
 * 1 to 60 fps.
 */
@Component(property = { KsDriver.NAME + "=KsLoopback", KsDriver.ROOT_ENUMERATED + ":Boolean=true" })
public final class LoopbackDriver implements KsDriver {

    public static final String FRIENDLY_NAME = "ks Loopback";
    private static final int[][] SIZES = { { 320, 240 }, { 640, 480 }, { 1280, 720 }, { 1920, 1080 } };
    private static final long FASTEST = KsVideo.interval(60);
    private static final long SLOWEST = KsVideo.interval(1);
    private static final int PASSED_OPTIONS = KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID
            | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT
            | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM;

    private final KsFramework ks;

    @Activate
    public LoopbackDriver(@Reference KsFramework ks) {
        this.ks = ks;
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        PinDispatch dispatch = new PinDispatch();
        KsFilterDescriptor filter = new KsFilterDescriptor("global", FRIENDLY_NAME,
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_RENDER, KsGuids.KSCATEGORY_CAPTURE),
                List.of(pin(KsProperty.KSPIN_DATAFLOW_IN, dispatch), pin(KsProperty.KSPIN_DATAFLOW_OUT, dispatch)), List.of(),
                new ks.api.ks.KsFilterDispatch() {
                });
        return ks.initializeDriver(driverObject, KsDeviceDescriptor.of("KsLoopback", filter));
    }

    private static KsPinDescriptor pin(int flow, KsPinDispatch dispatch) {
        KsPinDescriptor.Builder b = KsPinDescriptor.builder().dataFlow(flow)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dispatch(dispatch);
        for (int[] s : SIZES) {
            b.dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, s[0], s[1], 16, KsVideo.interval(30), FASTEST, SLOWEST, 0));
        }
        for (UUID compressed : new UUID[] {KsGuids.MEDIASUBTYPE_MJPG, KsGuids.MEDIASUBTYPE_H264}) {
            for (int[] s : SIZES) {
                b.dataRange(KsVideo.range(compressed, s[0], s[1], 24, KsVideo.interval(30), FASTEST, SLOWEST, s[0] * s[1] * 2));
            }
        }
        b.framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 4, 1920 * 1080 * 2,
                KsAllocatorFraming.FILE_QUAD_ALIGNMENT));
        return b.build();
    }

    /**
     * Both pins share one dispatch, across filter instances (the writer and the reader each open
     * the device); a frame moves from the oldest render pin to the oldest capture pin when each
     * has a stream IRP waiting.
     */
    private static final class PinDispatch implements KsPinDispatch {

        private final List<KsPin> pins = new ArrayList<>();

        @Override
        public synchronized int create(KsPin pin) {
            pins.add(pin);
            return NtStatus.STATUS_SUCCESS;
        }

        @Override
        public synchronized void close(KsPin pin) {
            pins.remove(pin);
        }

        @Override
        public synchronized int process(KsPin pin) {
            KsPin in = null;
            KsPin out = null;
            for (KsPin p : pins) {
                if (p.descriptor().dataFlow() == KsProperty.KSPIN_DATAFLOW_IN) {
                    in = in == null ? p : in;
                } else {
                    out = out == null ? p : out;
                }
            }
            if (in == null || out == null) {
                return NtStatus.STATUS_PENDING;
            }
            while (in.queued() > 0 && out.queued() > 0) {
                KsStreamPointer w = in.acquireLeadingEdge();
                if (w == null) {
                    return NtStatus.STATUS_PENDING;
                }
                KsStreamPointer r = out.acquireLeadingEdge();
                if (r == null) {
                    w.fail(NtStatus.STATUS_UNSUCCESSFUL); // never expected: queued() said a read waits
                    return NtStatus.STATUS_PENDING;
                }
                copy(w.header(), r.header());
                finish(w);
                finish(r);
            }
            return NtStatus.STATUS_PENDING; // the next write or read starts it again
        }

        private static void copy(KsStreamHeader from, KsStreamHeader to) {
            ByteBuffer src = from.data();
            ByteBuffer dst = to.data();
            int n = Math.min(from.dataUsed(), dst.capacity());
            dst.put(0, src, 0, n);
            to.dataUsed(n);
            to.presentationTime(from.presentationTime());
            to.duration(from.duration());
            int truncated = n < from.dataUsed() ? KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY : 0;
            to.optionsFlags(to.optionsFlags() & ~PASSED_OPTIONS | from.optionsFlags() & PASSED_OPTIONS | truncated);
        }

        private static void finish(KsStreamPointer p) {
            while (p.advance()) {
                // one header per IRP is the usual case; further headers of the same IRP are left empty
            }
            p.complete();
        }
    }
}
