package ks.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ks.gst.KsPipelines;

/**
 * The pipelines the throughput measurements compare, over one rig: 300 frames of 1920x1080 YUY2
 * (4,147,200 bytes each) into a fakesink, each run one whole pipeline to EOS, from an unpaced
 * virtual UVC camera through the UVC driver, KS and kssrc ({@link #kssrc}: "Bench Iso" with
 * 3,060-byte payloads, 32 per transfer; "Bench Bulk" with 32 KB payloads, one per transfer), or by
 * GStreamer's own {@code filesrc ! rawvideoparse} ({@link #filesrc}, one frame per read) from the
 * same 300 frames, recorded by kssrc into tmpfs (/dev/shm) when the rig is made.
 */
final class ThroughputRig implements AutoCloseable {

    static final int FRAMES = 300;
    static final String ISO = "Bench Iso";
    static final String BULK = "Bench Bulk";
    private static final String CAPS = "video/x-raw,format=YUY2,width=1920,height=1080";
    private static final int FRAME_BYTES = 1920 * 1080 * 2;

    private final GstRig rig = new GstRig();
    private final Path frames;

    ThroughputRig() throws Exception {
        rig.plug(ISO, "iso", "1920x1080", 30, false);
        rig.plug(BULK, "bulk", "1920x1080", 30, false);
        Path shm = Path.of("/dev/shm");
        frames = Files.createTempFile(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")), "ks-bench-", ".yuy2");
        run("kssrc device=\"" + ISO + "\" num-buffers=" + FRAMES + " ! " + CAPS + " ! filesink location=" + frames);
        long expected = (long) FRAMES * FRAME_BYTES;
        if (Files.size(frames) != expected) {
            throw new IllegalStateException("recorded " + Files.size(frames) + " bytes, not " + expected);
        }
    }

    /** {@code frameCount} frames from the camera named {@code device} through kssrc into a fakesink. */
    void kssrc(String device, int frameCount) throws InterruptedException {
        run("kssrc device=\"" + device + "\" num-buffers=" + frameCount + " ! " + CAPS + " ! fakesink sync=false");
    }

    /** The recorded frames through GStreamer's filesrc and rawvideoparse into a fakesink. */
    void filesrc() throws InterruptedException {
        GstRig.runToEos("filesrc location=" + frames + " blocksize=" + FRAME_BYTES
                + " ! rawvideoparse format=yuy2 width=1920 height=1080 framerate=30/1 ! fakesink sync=false");
    }

    private void run(String description) throws InterruptedException {
        try (KsPipelines.Launched l = KsPipelines.launch(rig.client, description)) {
            l.play();
            String end = l.await(120, TimeUnit.SECONDS);
            if (!"EOS".equals(end)) {
                throw new IllegalStateException(description + ": " + end);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            rig.close();
        } finally {
            Files.deleteIfExists(frames);
        }
    }
}
