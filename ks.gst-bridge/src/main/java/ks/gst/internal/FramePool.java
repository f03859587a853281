package ks.gst.internal;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * A GstBufferPool of frame buffers of one size: a buffer pushed downstream comes back to the pool
 * when the last element lets go of it, so a stream writes each frame into memory it has used
 * before instead of freshly allocated (and freshly faulted-in) pages.
 *
 * <h2>Threading</h2>
 * {@link #acquire} from any thread; {@link #close} once, after the last acquire. Buffers still
 * downstream at close keep the pool's native object alive and are freed when they come back.
 */
public final class FramePool implements AutoCloseable {

    private static final int GST_FLOW_OK = 0;

    private final int size;
    private Pointer pool;
    /** Where gst_buffer_pool_acquire_buffer writes the buffer (under this pool's lock). */
    private final PointerByReference out = new PointerByReference();

    /**
     * @param size bytes per buffer
     * @param minBuffers buffers allocated up front (the pool grows beyond them without limit, so
     *     {@link #acquire} never waits for one to come back)
     */
    public FramePool(int size, int minBuffers) {
        this.size = size;
        Pointer p = GstNative.GST.gst_buffer_pool_new();
        Pointer config = GstNative.GST.gst_buffer_pool_get_config(p);
        GstNative.GST.gst_buffer_pool_config_set_params(config, null, size, minBuffers, 0);
        if (!GstNative.GST.gst_buffer_pool_set_config(p, config) || !GstNative.GST.gst_buffer_pool_set_active(p, 1)) {
            GstNative.GST.gst_object_unref(p);
            throw new IllegalStateException("GStreamer refused a pool of " + minBuffers + " buffers of " + size + " bytes");
        }
        this.pool = p;
    }

    public int size() {
        return size;
    }

    /** A writable buffer of {@link #size()} bytes, owned by the caller until it is pushed or released. */
    public FrameBuffer acquire() {
        return new FrameBuffer(acquirePointer());
    }

    /** A writable buffer of {@link #size()} bytes into {@code into} (which takes the reference), without a new wrapper. */
    public FrameBuffer acquire(FrameBuffer into) {
        return into.take(acquirePointer());
    }

    private synchronized Pointer acquirePointer() {
        if (pool == null) {
            throw new IllegalStateException("the frame pool is closed");
        }
        int flow = GstNative.GST.gst_buffer_pool_acquire_buffer(pool, out, null);
        if (flow != GST_FLOW_OK || out.getValue() == null) {
            throw new IllegalStateException("no buffer from the frame pool (GstFlowReturn " + flow + ")");
        }
        return out.getValue(); // the acquired reference is ours
    }

    /** Deactivates the pool (its idle buffers are freed) and drops this reference to it. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            GstNative.GST.gst_buffer_pool_set_active(pool, 0);
            GstNative.GST.gst_object_unref(pool);
            pool = null;
        }
    }
}
