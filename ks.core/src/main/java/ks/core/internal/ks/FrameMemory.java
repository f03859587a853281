package ks.core.internal.ks;

import java.nio.ByteBuffer;

import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsStreamHeader;

/**
 * Direct memory for the frames a pin keeps. Each frame starts on a cache line, or on the
 * framing's FileAlignment when that is coarser: where a buffer starts within a cache line changes
 * how long a copy into or out of it takes (a 1 KB copy between buffers eight bytes off a cache
 * line takes about a quarter longer than between aligned ones), so frames copy at the same speed
 * whatever address the allocator returned.
 */
public final class FrameMemory {

    /** The alignment a frame gets at least. */
    public static final int CACHE_LINE = 64;
    /** FileAlignment masks above a page are taken as a page. */
    private static final int PAGE = 4096;

    private FrameMemory() {
    }

    /** The alignment for frames of a pin with {@code framing} (may be null): a power of two, at least {@link #CACHE_LINE}. */
    public static int alignment(KsAllocatorFraming framing) {
        int mask = framing == null ? 0 : Math.max(0, Math.min(framing.fileAlignment(), PAGE - 1));
        return Math.max(CACHE_LINE, Integer.highestOneBit(mask) << 1);
    }

    /**
     * A direct buffer of {@code bytes} (capacity and limit) whose first byte lies on a multiple of
     * {@code alignment}, a power of two.
     */
    public static ByteBuffer allocate(int bytes, int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment " + alignment + " is not a power of two");
        }
        ByteBuffer raw = ByteBuffer.allocateDirect(bytes + alignment - 1);
        int skip = (alignment - raw.alignmentOffset(0, alignment)) & (alignment - 1);
        return raw.slice(skip, bytes);
    }

    /**
     * The {@code depth} frame headers of a ring: each with a frame of {@code frameBytes} on a
     * multiple of {@code alignment} and, when {@code extensionBytes} is above 0, a header extension
     * of that size.
     */
    static KsStreamHeader[] ringFrames(int depth, int frameBytes, int extensionBytes, int alignment) {
        KsStreamHeader[] frames = new KsStreamHeader[depth];
        for (int i = 0; i < depth; i++) {
            frames[i] = new KsStreamHeader(allocate(frameBytes, alignment))
                    .extension(extensionBytes > 0 ? ByteBuffer.allocate(extensionBytes) : null);
        }
        return frames;
    }
}
