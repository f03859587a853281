package ks.gst.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FrameBuffer's raw writes, read back through gst1-java-core's own Buffer accessors. */
class FrameBufferTest {

    @BeforeAll
    static void gst() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "ks-gst-test");
        }
    }

    @Test
    void sizeTimingFlagsAndBytesAreWhatGStreamerReads() {
        try (FramePool pool = new FramePool(4096, 1)) {
            FrameBuffer frame = pool.acquire();
            ByteBuffer memory = frame.map();
            assertEquals(4096, memory.capacity());
            for (int i = 0; i < 100; i++) {
                memory.put(i, (byte) (i * 7));
            }
            frame.unmap();
            frame.size(100);
            frame.timing(1_234_567_890_123L, 33_333_333L, 42);
            frame.addFlags(BufferFlags.DISCONT.intValue());
            frame.addFlags(BufferFlags.DELTA_UNIT.intValue());
            // a second reference through gst1-java-core, dropped when it is disposed
            Buffer seen = Natives.objectFor(frame.pointer(), Buffer.class, true, true);
            assertEquals(1_234_567_890_123L, seen.getPresentationTimestamp());
            assertEquals(33_333_333L, seen.getDuration());
            assertEquals(42, seen.getOffset());
            assertTrue(seen.getFlags().contains(BufferFlags.DISCONT));
            assertTrue(seen.getFlags().contains(BufferFlags.DELTA_UNIT));
            assertFalse(seen.getFlags().contains(BufferFlags.GAP));
            ByteBuffer read = seen.map(false);
            assertEquals(100, read.remaining());
            for (int i = 0; i < 100; i++) {
                assertEquals((byte) (i * 7), read.get(i), "byte " + i);
            }
            seen.unmap();
            seen.dispose();
            frame.release();
        }
    }

    @Test
    void aReleasedBufferGoesBackToThePoolReset() {
        try (FramePool pool = new FramePool(4096, 1)) {
            FrameBuffer first = pool.acquire();
            com.sun.jna.Pointer p = first.pointer();
            first.map();
            first.timing(5, 6, 7);
            first.release();
            FrameBuffer again = pool.acquire();
            assertEquals(p, again.pointer(), "the pool hands the one buffer out again");
            Buffer seen = Natives.objectFor(again.pointer(), Buffer.class, true, true);
            assertEquals(-1L, seen.getPresentationTimestamp(), "the pool reset the timestamp");
            assertEquals(-1L, seen.getOffset());
            seen.dispose();
            again.release();
        }
    }
}
