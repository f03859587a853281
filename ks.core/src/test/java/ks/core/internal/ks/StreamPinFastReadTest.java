package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ks.api.io.NtStatus;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A capture pin's fast read of one header, which skips the general probe, against the probe
 * itself: over every combination of the header fields the probe looks at, the pin serves the read
 * exactly when the probe accepts the header and the waiting frame fits it. And the pin's own
 * conditions: a ready frame is served only while the pin runs, is not being reset and is present.
 */
class StreamPinFastReadTest {

    private static final int FRAME = 32;
    private static final int[] SIZES = {KsStreamHeader.SIZEOF, KsStreamHeader.SIZEOF + 8, KsStreamHeader.SIZEOF - 8, 0};
    private static final int[] EXTENSIONS = {-1, 0, 8};
    private static final int[] USED = {0, 1};
    private static final int[] OPTIONS = {0, KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED,
        KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY};
    private static final int[] EXTENTS = {0, FRAME - 1, FRAME, 64, 65, -1};
    /** Data: none, 64 writable (direct), 64 read-only (heap), 16 writable. */
    private static final int[] DATA = {0, 1, 2, 3};

    @ParameterizedTest(name = "pin header size {0}")
    @ValueSource(ints = {0, KsStreamHeader.SIZEOF, KsStreamHeader.SIZEOF + 8})
    void shouldServeAOneHeaderReadExactlyWhenTheProbeAcceptsItAndTheFrameFits(int pinHeaderSize) {
        Harness h = new Harness();
        KsStreamIoImpl ks = new KsStreamIoImpl(h.io);
        StreamPin pin = new StreamPin(h.io, ks, (to, from) -> STATUS_SUCCESS, true, pinHeaderSize);
        pin.readyRing(2, FRAME, 8, FrameMemory.CACHE_LINE, () -> { });
        assertEquals(STATUS_SUCCESS, pin.setState(KsState.KSSTATE_RUN));
        int served = 0;
        int cases = 0;
        List<String> wrong = new ArrayList<>();
        for (int size : SIZES) {
            for (int ext : EXTENSIONS) {
                for (int used : USED) {
                    for (int options : OPTIONS) {
                        for (int extent : EXTENTS) {
                            for (int data : DATA) {
                                if (pin.readyFrames() == 0) {
                                    produce(pin);
                                }
                                KsStreamHeader header = header(size, ext, used, options, extent, data);
                                KsStreamHeader[] hs = {header};
                                boolean probed = KsStreamIoImpl.validate(hs, KsStreamHeader.SIZEOF, KsStreamFlags.KSPROBE_STREAMREAD,
                                        pinHeaderSize) == STATUS_SUCCESS;
                                boolean fits = Integer.toUnsignedLong(extent) >= FRAME && header.data() != null
                                        && header.data().capacity() >= FRAME;
                                boolean handled = pin.fastRead(hs, KsStreamHeader.SIZEOF);
                                cases++;
                                if (handled) {
                                    served++;
                                    assertEquals(FRAME, header.dataUsed(), "the frame's DataUsed");
                                }
                                if (handled != (probed && fits)) {
                                    wrong.add("size " + size + " ext " + ext + " used " + used + " options " + options
                                            + " extent " + extent + " data " + data + ": served " + handled + ", probe " + probed
                                            + ", fits " + fits);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        if (pinHeaderSize == KsStreamHeader.SIZEOF + 8) {
            assertEquals(0, served, "a pin that takes larger headers serves none of Length SIZEOF");
        } else {
            assertTrue(served > 0, "some of the " + cases + " headers are served");
        }
    }

    @Test
    void shouldServeReadyFramesOnlyWhileThePinRunsUnresetAndPresent() {
        Harness h = new Harness();
        StreamPin pin = new StreamPin(h.io, new KsStreamIoImpl(h.io), (to, from) -> STATUS_SUCCESS, true, 0);
        pin.readyRing(2, FRAME, 0, FrameMemory.CACHE_LINE, () -> { });
        assertFalse(read(pin), "a stopped pin has no frames to serve");
        assertEquals(STATUS_SUCCESS, pin.setState(KsState.KSSTATE_RUN));
        produce(pin);
        assertEquals(STATUS_SUCCESS, pin.setState(KsState.KSSTATE_PAUSE));
        assertEquals(1, pin.readyFrames(), "pausing keeps the frame");
        assertFalse(read(pin), "no fast read while paused");
        assertEquals(STATUS_SUCCESS, pin.setState(KsState.KSSTATE_RUN));
        assertTrue(read(pin), "running again, the kept frame is served");

        produce(pin);
        assertEquals(STATUS_SUCCESS, pin.reset(KsIoctl.KSRESET_BEGIN));
        assertFalse(read(pin), "no fast read while reset");
        assertEquals(STATUS_SUCCESS, pin.reset(KsIoctl.KSRESET_END));
        assertEquals(0, pin.readyFrames(), "the reset dropped the frame");
        produce(pin);
        assertTrue(read(pin), "served again once the reset ended");

        produce(pin);
        assertEquals(STATUS_SUCCESS, pin.setState(KsState.KSSTATE_PAUSE));
        assertEquals(STATUS_SUCCESS, pin.reset(KsIoctl.KSRESET_BEGIN));
        assertEquals(STATUS_SUCCESS, pin.setState(KsState.KSSTATE_RUN));
        assertFalse(read(pin), "running does not end a reset");
        assertEquals(STATUS_SUCCESS, pin.reset(KsIoctl.KSRESET_END));
        produce(pin);
        pin.remove(NtStatus.STATUS_DEVICE_REMOVED);
        assertFalse(read(pin), "no fast read once removed");
    }

    private static boolean read(StreamPin pin) {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocateDirect(FRAME)).frameExtent(FRAME);
        return pin.fastRead(new KsStreamHeader[] {h}, KsStreamHeader.SIZEOF);
    }

    private static void produce(StreamPin pin) {
        RequestPointer p = pin.acquire();
        p.header().dataUsed(FRAME);
        p.complete();
    }

    private static KsStreamHeader header(int size, int ext, int used, int options, int extent, int data) {
        ByteBuffer buffer = switch (data) {
            case 1 -> ByteBuffer.allocateDirect(64);
            case 2 -> ByteBuffer.allocate(64).asReadOnlyBuffer();
            case 3 -> ByteBuffer.allocateDirect(16);
            default -> null;
        };
        KsStreamHeader h = new KsStreamHeader(buffer);
        h.extension(ext < 0 ? null : ByteBuffer.allocate(ext));
        h.size(size);
        h.frameExtent(extent);
        h.dataUsed(used);
        h.optionsFlags(options);
        return h;
    }
}
