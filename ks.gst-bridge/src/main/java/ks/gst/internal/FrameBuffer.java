package ks.gst.internal;

import java.nio.ByteBuffer;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;


/**
 * One GstBuffer from a {@link FramePool}, handled through its native pointer: mapped for writing
 * with a GstMapInfo of its own, its size, timestamps, offset and flags written into the GstBuffer
 * in place, and handed to GStreamer from kssrc's create, which takes it. Each step is one plain native call or
 * memory write; gst1-java-core's Buffer marshals a JNA Structure by reflection for map, unmap and
 * every field, which took most of the time from a frame's completion to its push.
 *
 * <h2>Layout</h2>
 * The offsets are those of the public GstMiniObject, GstBuffer and GstMapInfo structs of
 * GStreamer 1.x, whose layout is part of its stable ABI, computed for this platform's pointer and
 * size_t widths.
 *
 * <h2>Threading</h2>
 * One thread at a time (kssrc's streaming thread, or its stop after that thread ended).
 */
public final class FrameBuffer {

    private static final int P = Native.POINTER_SIZE;
    private static final int S = Native.SIZE_T_SIZE;

    /** GstMiniObject: GType type (a gsize), gint refcount, gint lockstate, guint flags. */
    static final int FLAGS = S + 8;
    /** Then copy, dispose and free (pointers), guint priv_uint, gpointer priv_pointer: GstBuffer's own fields follow. */
    static final int MINI_OBJECT_END = align(align(FLAGS + 4, P) + 3 * P + 4, P) + P;
    /** GstBuffer: GstBufferPool *pool, then the 64-bit pts, dts, duration, offset, offset_end. */
    static final int PTS = align(MINI_OBJECT_END + P, 8);
    static final int DURATION = PTS + 16;
    static final int OFFSET = PTS + 24;

    /** GstMapInfo: GstMemory *memory, GstMapFlags flags, guint8 *data, gsize size, gsize maxsize, gpointer user_data[4], _gst_reserved[4]. */
    private static final int MAP_DATA = align(P + 4, P);
    private static final int MAP_SIZE = MAP_DATA + P;
    private static final int MAP_INFO_BYTES = align(MAP_SIZE + 2 * S, P) + 8 * P;
    private static final int MAP_READ = 1;
    /** GST_MAP_READ | GST_MAP_WRITE. */
    private static final int MAP_READWRITE = 3;

    private Pointer buffer;
    private final Memory mapInfo = new Memory(MAP_INFO_BYTES);
    private boolean mapped;
    private boolean owned = true;

    /** Takes over the reference {@code buffer} carries. */
    FrameBuffer(Pointer buffer) {
        this.buffer = buffer;
    }

    /** An empty wrapper, to {@link #take} buffers one after another (one GstMapInfo for all of them). */
    public FrameBuffer() {
        this.owned = false;
    }

    /** Takes over the reference {@code next} carries; the buffer held before must have been handed over or released. */
    public FrameBuffer take(Pointer next) {
        if (owned || mapped) {
            throw new IllegalStateException("the frame buffer still holds a buffer");
        }
        this.buffer = next;
        this.owned = true;
        return this;
    }

    /** A buffer GStreamer lends for one call (kssink's render): read through it, never released here. */
    public static FrameBuffer borrowed(Pointer buffer) {
        FrameBuffer b = new FrameBuffer(buffer);
        b.owned = false;
        return b;
    }

    /** The buffer's memory, mapped for reading until {@link #unmap}. */
    public ByteBuffer mapRead() {
        if (!GstNative.GST.gst_buffer_map(buffer, mapInfo, MAP_READ)) {
            throw new IllegalStateException("GStreamer could not map a buffer for reading");
        }
        mapped = true;
        long size = S == 8 ? mapInfo.getLong(MAP_SIZE) : Integer.toUnsignedLong(mapInfo.getInt(MAP_SIZE));
        return mapInfo.getPointer(MAP_DATA).getByteBuffer(0, size); // mapped read-only: write nothing into it
    }

    /** The buffer's PTS, or -1 (GST_CLOCK_TIME_NONE). */
    public long pts() {
        return buffer.getLong(PTS);
    }

    public long duration() {
        return buffer.getLong(DURATION);
    }

    /** GstBufferFlags. */
    public int flags() {
        return buffer.getInt(FLAGS);
    }

    private static int align(int offset, int to) {
        return (offset + to - 1) / to * to;
    }

    /** The buffer's memory, mapped for reading and writing until {@link #unmap}. */
    public ByteBuffer map() {
        if (!GstNative.GST.gst_buffer_map(buffer, mapInfo, MAP_READWRITE)) {
            throw new IllegalStateException("GStreamer could not map a frame buffer for writing");
        }
        mapped = true;
        long size = S == 8 ? mapInfo.getLong(MAP_SIZE) : Integer.toUnsignedLong(mapInfo.getInt(MAP_SIZE));
        return mapInfo.getPointer(MAP_DATA).getByteBuffer(0, size);
    }

    public void unmap() {
        if (mapped) {
            mapped = false;
            GstNative.GST.gst_buffer_unmap(buffer, mapInfo);
        }
    }

    /** gst_buffer_set_size: the frame holds {@code size} bytes (no more than allocated). */
    public void size(long size) {
        GstNative.GST.gst_buffer_set_size(buffer, size);
    }

    /** PTS (or GST_CLOCK_TIME_NONE), duration and offset. */
    public void timing(long pts, long duration, long offset) {
        buffer.setLong(PTS, pts);
        buffer.setLong(DURATION, duration);
        buffer.setLong(OFFSET, offset);
    }

    /** Sets GstBufferFlags bits (the buffer is writable: this reference is its only one until the push). */
    public void addFlags(int flags) {
        buffer.setInt(FLAGS, buffer.getInt(FLAGS) | flags);
    }

    /** Unmaps the buffer and gives up this reference: the caller hands the returned GstBuffer to GStreamer. */
    public Pointer handOver() {
        unmap();
        owned = false;
        return buffer;
    }

    /** Unmaps the buffer and drops the reference, unless it was handed over. */
    public void release() {
        unmap();
        if (owned) {
            owned = false;
            GstNative.GST.gst_mini_object_unref(buffer);
        }
    }

    Pointer pointer() {
        return buffer;
    }
}
