package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;

import ks.api.io.NtStatus;
import ks.devices.usbvideo.internal.descriptor.Endpoint;
import ks.devices.usbvideo.internal.descriptor.Format;
import ks.devices.usbvideo.internal.descriptor.Frame;
import ks.devices.usbvideo.internal.descriptor.StreamingInterface;
import ks.devices.usbvideo.internal.descriptor.VideoFunction;

/**
 * The host side of probe/commit (uvc.md §2.3, as Linux does it before streaming): a block of the
 * size bcdUVC calls for with bmHint = frame interval, the interval snapped to what the frame
 * descriptor allows, SET_CUR(PROBE), GET_MIN/GET_MAX(PROBE) unless the device is known to stall
 * them, up to two SET_CUR/GET_CUR rounds lowering compression when the device wants more bandwidth
 * than any alternate setting has, the answer sanitised, and SET_CUR(COMMIT) with it. Then the
 * alternate setting: the smallest whose bytes per interval cover dwMaxPayloadTransferSize.
 */
final class Negotiation {

    private static final System.Logger LOG = System.getLogger(Negotiation.class.getName());

    private final UsbLink link;
    private final VideoFunction function;
    private final StreamingInterface stream;
    private final Quirks quirks;
    private final int length;
    private int status = NtStatus.STATUS_SUCCESS;

    Negotiation(UsbLink link, VideoFunction function, StreamingInterface stream, Quirks quirks) {
        this.link = link;
        this.function = function;
        this.stream = stream;
        this.quirks = quirks;
        this.length = Uvc.probeLength(function.bcdUVC());
    }

    /** Why {@link #negotiate} returned null. */
    int status() {
        return status;
    }

    /** The nearest interval the frame allows (discrete: closest; continuous: clamped to the step grid). */
    static long snap(Frame frame, long wanted) {
        if (frame.continuous()) {
            long min = frame.minInterval();
            long max = Math.max(min, frame.maxInterval());
            long w = Math.max(min, Math.min(max, wanted));
            long step = frame.intervalStep();
            return step > 0 ? min + (w - min + step / 2) / step * step : w;
        }
        long best = frame.defaultInterval();
        long bestDistance = Long.MAX_VALUE;
        for (long i : frame.intervals()) {
            long d = Math.abs(i - wanted);
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Probes and commits {@code format}/{@code frame} at about {@code wantedInterval}; null on failure. */
    ProbeCommit negotiate(Format format, Frame frame, long wantedInterval) {
        long interval = quirks.has(Quirks.ONLY_DEFAULT_FRAME_RATE) ? frame.defaultInterval() : snap(frame, wantedInterval);
        ProbeCommit block = ProbeCommit.allocate(length).hint(1).formatIndex(format.index()).frameIndex(frame.index())
                .frameInterval(interval);
        if (!set(Uvc.VS_PROBE_CONTROL, block)) {
            return null;
        }
        ProbeCommit min = null;
        ProbeCommit max = null;
        if (!quirks.has(Quirks.PROBE_MINMAX_STALLS)) {
            min = get(Uvc.GET_MIN);
            max = get(Uvc.GET_MAX);
            if (max != null && format.subtype() != Format.VS_FORMAT_UNCOMPRESSED) {
                block.compQuality(max.compQuality());
            }
        }
        ProbeCommit answer = null;
        for (int round = 0; round < 2; round++) {
            if (!set(Uvc.VS_PROBE_CONTROL, block)) {
                return null;
            }
            answer = get(Uvc.GET_CUR);
            if (answer == null) {
                status = status == NtStatus.STATUS_SUCCESS ? NtStatus.STATUS_DEVICE_DATA_ERROR : status;
                return null;
            }
            if (!stream.isochronous() || answer.maxPayloadTransferSize() <= largestAlt() || min == null) {
                break;
            }
            block.keyFrameRate(min.keyFrameRate()).pFrameRate(min.pFrameRate()).compWindowSize(min.compWindowSize());
            if (max != null) {
                block.compQuality(max.compQuality());
            }
        }
        sanitize(answer, format, frame);
        if (!set(Uvc.VS_COMMIT_CONTROL, answer)) {
            return null;
        }
        return answer;
    }

    /** uvc_fixup_video_ctrl's corrections. */
    private void sanitize(ProbeCommit p, Format format, Frame frame) {
        if (quirks.has(Quirks.FORMAT_INDEX_IN_HINT) && p.hint() > 0xFF) {
            p.formatIndex(p.hint() >> 8).hint(p.hint() & 0xFF);
        }
        if (p.formatIndex() == 0 || p.frameIndex() == 0) {
            p.formatIndex(format.index()).frameIndex(frame.index()); // devices answering 0 keep what was asked
        }
        if ((p.maxPayloadTransferSize() & 0xFFFF_0000L) == 0xFFFF_0000L) {
            p.maxPayloadTransferSize(p.maxPayloadTransferSize() & 0xFFFF); // a sign-extended 16-bit value
        }
        if (format.subtype() == Format.VS_FORMAT_UNCOMPRESSED || p.maxVideoFrameSize() == 0) {
            p.maxVideoFrameSize((long) frame.width() * frame.height() * Math.max(8, format.bitsPerPixel()) / 8);
        }
    }

    private long largestAlt() {
        long largest = 0;
        for (StreamingInterface.AltSetting a : stream.altSettings()) {
            Endpoint e = stream.dataEndpoint(a);
            if (e != null) {
                largest = Math.max(largest, e.bytesPerInterval());
            }
        }
        return largest;
    }

    /** Index in the interface's alt list of the smallest setting covering {@code maxPayload} (ties: the later), or -1. */
    int alternateSetting(long maxPayload) {
        long need = Math.max(1, maxPayload);
        int best = -1;
        long bestBytes = Long.MAX_VALUE;
        for (int i = 0; i < stream.altSettings().size(); i++) {
            StreamingInterface.AltSetting a = stream.altSettings().get(i);
            if (a.alternateSetting() == 0) {
                continue;
            }
            Endpoint e = stream.dataEndpoint(a);
            if (e == null || e.address() != stream.endpointAddress()) {
                continue;
            }
            long bytes = e.bytesPerInterval();
            if (bytes >= need && bytes <= bestBytes) {
                best = i;
                bestBytes = bytes;
            }
        }
        return best;
    }

    private boolean set(int selector, ProbeCommit block) {
        int n = link.classSet(selector, 0, stream.interfaceNumber(), block.buffer(), length);
        if (n >= 0) {
            return true;
        }
        status = n;
        ByteBuffer code = ByteBuffer.allocate(1);
        int got = link.classGet(Uvc.GET_CUR, Uvc.VC_REQUEST_ERROR_CODE_CONTROL, 0, function.controlInterface(), code, 1);
        LOG.log(System.Logger.Level.ERROR, String.format("SET_CUR(%s) failed: %s, request error code %s",
                selector == Uvc.VS_PROBE_CONTROL ? "PROBE" : "COMMIT", NtStatus.toString(n), got == 1 ? code.get(0) & 0xFF : "unavailable"));
        return false;
    }

    /** A GET_* of the probe control; null when it stalls. Short answers (2 bytes) are accepted. */
    private ProbeCommit get(int request) {
        ProbeCommit p = ProbeCommit.allocate(length);
        int n = link.classGet(request, Uvc.VS_PROBE_CONTROL, 0, stream.interfaceNumber(), p.buffer(), length);
        return n >= 2 ? p : null;
    }
}
