package ks.gst.internal.src;

/**
 * kssrc's timestamps: maps each frame's KS presentation time onto the pipeline's running time,
 * as v4l2src does. The first timed frame is anchored at "running time now − capture delay", the
 * delay being the pin's presentation clock now minus the frame's PresentationTime; later frames
 * keep the device's own spacing (its PresentationTime plus that offset), so delivery jitter does
 * not reach the timestamps. A frame that maps into the future by more than two frames, or over a
 * second into the past, a TIMEDISCONTINUITY, or a frame without TIMEVALID is anchored again; a
 * timestamp that would not rise is put one frame after the one before.
 *
 * <p>With {@code picture} timestamps, the first frame's time plus its KS_FRAME_INFO PictureNumber
 * (counted from the first frame) times the frame interval: a constant rate with gaps only where the
 * device dropped frames.
 *
 * <p>Pure arithmetic on nanoseconds and 100 ns units; one stream, one thread.
 */
public final class PtsMapper {

    /** GST_CLOCK_TIME_NONE. */
    public static final long NONE = -1;
    /** A device time that maps into the future, or over a second into the past, is mapped again. */
    static final long RE_ANCHOR_NS = 1_000_000_000L;

    /** The pin's presentation clock now (100 ns), or {@link #NONE} when the pin has none. */
    public interface PinClock {
        long now100ns();
    }

    private final boolean picture;
    /** Running time minus device presentation time (ns), fixed at the first timed frame; NONE until then. */
    private long deviceOffset = NONE;
    private long lastPts = NONE;
    private long firstPicture = -1;
    private long firstPicturePts = NONE;

    public PtsMapper(boolean picture) {
        this.picture = picture;
    }

    /**
     * The PTS (ns) of one frame, or {@link #NONE} when there is no running time.
     *
     * @param runningNow the element's running time now (ns), or NONE without a clock
     * @param timeValid whether the header's PresentationTime is valid (TIMEVALID)
     * @param discontinuity TIMEDISCONTINUITY
     * @param presentationTime the header's PresentationTime (100 ns)
     * @param duration the frame's duration (ns)
     * @param interval the format's frame interval (ns), for picture timestamps
     * @param pictureNumber KS_FRAME_INFO PictureNumber, or −1 when the header has none
     * @param clock asked only when the frame is anchored
     */
    public long map(long runningNow, boolean timeValid, boolean discontinuity, long presentationTime, long duration, long interval,
            long pictureNumber, PinClock clock) {
        if (runningNow == NONE) {
            return NONE;
        }
        long pts = NONE;
        if (timeValid && deviceOffset != NONE && !discontinuity) {
            long mapped = presentationTime * 100 + deviceOffset;
            // a frame the device anchored late maps a little ahead of now; up to two frames is within the latency
            if (mapped - runningNow <= 2 * duration && runningNow - mapped <= RE_ANCHOR_NS) {
                pts = mapped;
            }
        }
        if (pts == NONE) {
            long delay = duration;
            if (timeValid) {
                long ksNow = clock.now100ns();
                long d = (ksNow - presentationTime) * 100;
                if (ksNow != NONE && d >= 0 && d <= RE_ANCHOR_NS) {
                    delay = d;
                }
            }
            pts = Math.max(0, runningNow - delay);
            deviceOffset = timeValid ? pts - presentationTime * 100 : NONE;
        }
        if (lastPts != NONE && pts <= lastPts) {
            pts = lastPts + duration;
        }
        lastPts = pts;
        if (picture && pictureNumber >= 0) {
            if (firstPicture < 0 || pictureNumber < firstPicture) {
                firstPicture = pictureNumber;
                firstPicturePts = pts;
            }
            pts = firstPicturePts + (pictureNumber - firstPicture) * interval;
        }
        return pts;
    }

    /** Another device (after a reconnect): its clock is anchored again at its first frame; timestamps keep rising. */
    public void reanchor() {
        deviceOffset = NONE;
        firstPicture = -1;
        firstPicturePts = NONE;
    }
}
