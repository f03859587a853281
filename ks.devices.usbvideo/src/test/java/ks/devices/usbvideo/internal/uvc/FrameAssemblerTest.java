package ks.devices.usbvideo.internal.uvc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Payload-level rules of the frame assembler, with payloads built by hand. */
class FrameAssemblerTest {

    /** A finished frame as the sink saw it. */
    private record Done(byte[] bytes, int flags, long pts, boolean ptsValid) {
    }

    private final List<Done> frames = new ArrayList<>();
    private boolean giveBuffers = true;

    private final FrameAssembler.Sink sink = new FrameAssembler.Sink() {
        @Override
        public ByteBuffer frameStart() {
            return giveBuffers ? ByteBuffer.allocate(16) : null;
        }

        @Override
        public void frameEnd(ByteBuffer frame, int length, int flags, long pts, boolean ptsValid) {
            byte[] b = new byte[length];
            frame.get(0, b);
            frames.add(new Done(b, flags, pts, ptsValid));
        }
    };

    /** A payload: 2-byte header (or 6 with PTS) then data bytes. */
    private static ByteBuffer payload(int info, long pts, int... data) {
        boolean withPts = (info & Uvc.UVC_STREAM_PTS) != 0;
        int hl = withPts ? 6 : 2;
        ByteBuffer b = ByteBuffer.allocate(hl + data.length);
        b.put(0, (byte) hl).put(1, (byte) (info | Uvc.UVC_STREAM_EOH));
        if (withPts) {
            for (int i = 0; i < 4; i++) {
                b.put(2 + i, (byte) (pts >>> (8 * i)));
            }
        }
        for (int i = 0; i < data.length; i++) {
            b.put(hl + i, (byte) data[i]);
        }
        return b;
    }

    private static void feed(FrameAssembler a, ByteBuffer p) {
        a.payload(p, 0, p.limit());
    }

    @Test
    void eofEndsAFrameAndFidToggleEndsOneWithoutEof() {
        FrameAssembler a = new FrameAssembler(sink, 4, false, false);
        feed(a, payload(0, 0, 1, 2));
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 3));
        feed(a, payload(1, 0, 4, 5));           // new FID
        feed(a, payload(0, 0, 6));              // FID toggles again without EOF: frame 2 = {4,5} ends here
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 7));
        assertEquals(3, frames.size());
        assertArrayEquals(new byte[] { 1, 2, 3 }, frames.get(0).bytes());
        assertArrayEquals(new byte[] { 4, 5 }, frames.get(1).bytes());
        assertArrayEquals(new byte[] { 6, 7 }, frames.get(2).bytes());
    }

    @Test
    void aFrameJoinedMidwayIsSkippedUntilFidToggles() {
        FrameAssembler a = new FrameAssembler(sink, 4, false, false);
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 9)); // the tail of a frame: accepted as the first frame (lastFid starts unknown)
        feed(a, payload(0, 0, 8));                   // same FID after EOF: the rest of that frame, skipped
        feed(a, payload(1 | Uvc.UVC_STREAM_EOF, 0, 1));
        assertEquals(2, frames.size());
        assertArrayEquals(new byte[] { 9 }, frames.get(0).bytes());
        assertArrayEquals(new byte[] { 1 }, frames.get(1).bytes());
    }

    @Test
    void errBitAndWrongUncompressedSizeMarkTheFrameBad() {
        FrameAssembler a = new FrameAssembler(sink, 3, true, false);
        feed(a, payload(Uvc.UVC_STREAM_ERR | Uvc.UVC_STREAM_EOF, 0, 1, 2, 3));
        feed(a, payload(1 | Uvc.UVC_STREAM_EOF, 0, 1, 2));
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 1, 2, 3));
        assertEquals(FrameAssembler.FRAME_ERROR, frames.get(0).flags() & FrameAssembler.FRAME_ERROR);
        assertEquals(FrameAssembler.FRAME_ERROR, frames.get(1).flags() & FrameAssembler.FRAME_ERROR);
        assertEquals(0, frames.get(2).flags());
        assertEquals(2, a.errorFrames());
    }

    @Test
    void dataBeyondTheBufferIsCutAndTheFrameEndsTruncated() {
        FrameAssembler a = new FrameAssembler(sink, 0, false, false);
        feed(a, payload(0, 0, new int[20]));
        assertEquals(1, frames.size());
        assertEquals(16, frames.get(0).bytes().length);
        assertEquals(FrameAssembler.FRAME_ERROR | FrameAssembler.FRAME_TRUNCATED, frames.get(0).flags());
    }

    @Test
    void malformedHeadersAndZeroLengthPacketsAreSkipped() {
        FrameAssembler a = new FrameAssembler(sink, 0, false, false);
        a.payload(ByteBuffer.allocate(1), 0, 1);                                    // shorter than a header
        a.payload(ByteBuffer.wrap(new byte[] { 9, (byte) 0x82, 0 }), 0, 3);         // bHeaderLength beyond the packet
        a.payload(ByteBuffer.wrap(new byte[] { 1, (byte) 0x82, 0 }), 0, 3);         // bHeaderLength below 2
        a.payload(ByteBuffer.allocate(8), 0, 0);                                    // zero-length packet
        assertEquals(3, a.invalidPayloads());
        assertEquals(0, frames.size());
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 5));
        assertArrayEquals(new byte[] { 5 }, frames.get(0).bytes());
    }

    @Test
    void ptsComesFromTheFirstPayloadThatHasOne() {
        FrameAssembler a = new FrameAssembler(sink, 0, false, false);
        feed(a, payload(0, 0, 1));
        feed(a, payload(Uvc.UVC_STREAM_PTS, 0xFEDCBA98L, 2));
        feed(a, payload(Uvc.UVC_STREAM_PTS | Uvc.UVC_STREAM_EOF, 0x11111111L, 3));
        assertEquals(0xFEDCBA98L, frames.get(0).pts());
        assertEquals(true, frames.get(0).ptsValid());
    }

    @Test
    void withoutABufferTheFrameIsDroppedAndTheNextCarriesDiscontinuity() {
        FrameAssembler a = new FrameAssembler(sink, 0, false, false);
        giveBuffers = false;
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 1));
        giveBuffers = true;
        feed(a, payload(1 | Uvc.UVC_STREAM_EOF, 0, 2));
        assertEquals(1, a.droppedFrames());
        assertEquals(1, frames.size());
        assertEquals(FrameAssembler.FRAME_DISCONTINUITY, frames.get(0).flags());
    }

    @Test
    void aBulkPayloadSpansTransfersAndEndsWithAShortOne() {
        FrameAssembler a = new FrameAssembler(sink, 0, false, false);
        ByteBuffer first = payload(Uvc.UVC_STREAM_EOF, 0, 1, 2);  // 4 bytes: a full transfer of 4
        a.bulkTransfer(first, 0, 4, 4, 100);
        ByteBuffer rest = ByteBuffer.wrap(new byte[] { 3, 4, 5, 6 });
        a.bulkTransfer(rest, 0, 4, 4, 100);                        // full again: the payload goes on
        assertEquals(0, frames.size());
        a.bulkTransfer(ByteBuffer.wrap(new byte[] { 7 }), 0, 1, 4, 100); // short: the payload (and, by EOF, the frame) ends
        assertEquals(1, frames.size());
        assertArrayEquals(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, frames.get(0).bytes());
    }

    @Test
    void withFidNeverTogglingFramesEndAtEofOnly() {
        FrameAssembler a = new FrameAssembler(sink, 0, false, true);
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 1));
        feed(a, payload(0, 0, 2));
        feed(a, payload(Uvc.UVC_STREAM_EOF, 0, 3));
        assertEquals(2, frames.size());
        assertArrayEquals(new byte[] { 2, 3 }, frames.get(1).bytes());
    }
}
