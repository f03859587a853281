package ks.core.internal.ks;

import static ks.core.internal.ks.FrameMemory.CACHE_LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsState;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.Test;

class FrameMemoryTest {

    @Test
    void shouldStartEveryBufferOnItsAlignmentWithExactlyTheBytesAsked() {
        for (int alignment : new int[] {8, CACHE_LINE, 512, 4096}) {
            for (int bytes : new int[] {1, 63, 64, 1024, 4_147_200}) {
                ByteBuffer b = FrameMemory.allocate(bytes, alignment);
                assertTrue(b.isDirect());
                assertEquals(0, b.alignmentOffset(0, alignment), bytes + " bytes aligned to " + alignment);
                assertEquals(bytes, b.capacity());
                assertEquals(bytes, b.limit());
                assertEquals(0, b.position());
                b.put(bytes - 1, (byte) 0x5a);
                assertEquals(0x5a, b.get(bytes - 1));
            }
        }
    }

    @Test
    void shouldRefuseAnAlignmentThatIsNotAPowerOfTwo() {
        for (int bad : new int[] {0, -64, 48, 100}) {
            assertThrows(IllegalArgumentException.class, () -> FrameMemory.allocate(16, bad), "alignment " + bad);
        }
    }

    @Test
    void shouldAlignFramesToACacheLineOrTheFramingsCoarserFileAlignment() {
        assertEquals(CACHE_LINE, FrameMemory.alignment(null));
        assertEquals(CACHE_LINE, FrameMemory.alignment(framing(0)));
        assertEquals(CACHE_LINE, FrameMemory.alignment(framing(KsAllocatorFraming.FILE_QUAD_ALIGNMENT)));
        assertEquals(CACHE_LINE, FrameMemory.alignment(framing(0x3f))); // FILE_64_BYTE_ALIGNMENT
        assertEquals(512, FrameMemory.alignment(framing(0x1ff))); // FILE_512_BYTE_ALIGNMENT
        assertEquals(4096, FrameMemory.alignment(framing(0xffff)), "a mask above a page is taken as a page");
        assertEquals(CACHE_LINE, FrameMemory.alignment(framing(-1)), "a negative mask asks for nothing");
    }

    @Test
    void shouldHandTheDeviceCacheLineAlignedFramesFromAPinsReadyRing() {
        Harness h = new Harness();
        StreamPin pin = new StreamPin(h.io, new KsStreamIoImpl(h.io), (to, from) -> NtStatus.STATUS_SUCCESS, true, 0);
        pin.readyRing(4, 1000, 0, FrameMemory.alignment(framing(KsAllocatorFraming.FILE_QUAD_ALIGNMENT)), () -> { });
        assertEquals(NtStatus.STATUS_SUCCESS, pin.setState(KsState.KSSTATE_RUN));
        for (int i = 0; i < 4; i++) {
            RequestPointer p = pin.acquire();
            ByteBuffer data = p.header().data();
            assertEquals(0, data.alignmentOffset(0, CACHE_LINE), "frame " + i + " starts on a cache line");
            assertEquals(1000, data.capacity());
            p.header().dataUsed(1000);
            p.complete();
        }
        assertEquals(4, pin.readyFrames());
    }

    private static KsAllocatorFraming framing(int fileAlignment) {
        return new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 2, 1024, fileAlignment);
    }
}
