package ks.devices.usbvideo.internal.descriptor;

import java.util.List;

/**
 * A frame descriptor (uvc.md §1.7): one frame size of a format with its intervals, after the
 * robustness rules: zero intervals become 1, the default interval is clamped into the interval
 * range, and for uncompressed formats the frame buffer size is recomputed from the size.
 *
 * @param index bFrameIndex (1-based)
 * @param capabilities bmCapabilities (D0 still image, D1 fixed frame rate)
 * @param maxVideoFrameBufferSize bytes per frame (recomputed for uncompressed formats; as given, 0 for frame-based)
 * @param intervals the discrete intervals in 100 ns, in descriptor order; empty for a continuous range
 * @param minInterval the shortest interval (continuous: dwMinFrameInterval)
 * @param maxInterval the longest interval
 * @param intervalStep dwFrameIntervalStep of a continuous range, 0 for discrete
 */
public record Frame(int subtype, int index, int capabilities, int width, int height, long minBitRate, long maxBitRate,
        long maxVideoFrameBufferSize, long defaultInterval, List<Long> intervals, long minInterval, long maxInterval,
        long intervalStep) {

    public Frame {
        intervals = List.copyOf(intervals);
    }

    public boolean continuous() {
        return intervals.isEmpty();
    }
}
