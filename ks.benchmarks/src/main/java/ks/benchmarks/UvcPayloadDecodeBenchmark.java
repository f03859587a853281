package ks.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ks.devices.usbvideo.internal.uvc.FrameAssembler;
import ks.devices.usbvideo.internal.uvc.Uvc;

/**
 * Assembling one 1920x1080 YUY2 frame (4,147,200 bytes) from 3072-byte isochronous payloads
 * (12-byte header + 3060 data bytes, FID/EOF/PTS/SCR as a camera sends them) into a frame buffer,
 * against plain copying of the same frame bytes: one bulk copy ({@code plainCopy}) and one copy
 * per payload chunk ({@code chunkedCopy}). Both read the payloads from the same direct buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class UvcPayloadDecodeBenchmark {

    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final int FRAME = WIDTH * HEIGHT * 2;
    private static final int PACKET = 3072;
    private static final int HEADER = 12;
    private static final int DATA = PACKET - HEADER;

    private ByteBuffer payloads;
    private int count;
    private final ByteBuffer frame = ByteBuffer.allocateDirect(FRAME);
    private ByteBuffer plainSource;
    private FrameAssembler assembler;
    private int completed;

    @Setup(Level.Trial)
    public void setup() {
        count = (FRAME + DATA - 1) / DATA;
        payloads = ByteBuffer.allocateDirect(count * PACKET);
        plainSource = ByteBuffer.allocateDirect(FRAME);
        for (int i = 0; i < FRAME; i++) {
            plainSource.put(i, (byte) (i * 31));
        }
        assembler = new FrameAssembler(new FrameAssembler.Sink() {
            @Override
            public ByteBuffer frameStart() {
                return frame;
            }

            @Override
            public void frameEnd(ByteBuffer f, int length, int flags, long pts, boolean ptsValid) {
                completed += length == FRAME && flags == 0 ? 1 : 0;
            }
        }, FRAME, true, false);
        fill(0);
    }

    /** Writes the payloads of one frame with FID {@code fid}. */
    private void fill(int fid) {
        for (int p = 0; p < count; p++) {
            int at = p * PACKET;
            int off = p * DATA;
            int n = Math.min(DATA, FRAME - off);
            boolean last = p == count - 1;
            payloads.put(at, (byte) HEADER);
            payloads.put(at + 1, (byte) (Uvc.UVC_STREAM_EOH | Uvc.UVC_STREAM_PTS | Uvc.UVC_STREAM_SCR | fid | (last ? Uvc.UVC_STREAM_EOF : 0)));
            payloads.put(at + HEADER, plainSource, off, n);
        }
    }

    private int fid;

    @Benchmark
    public int assemble() {
        // the FID toggles every frame, as a camera's does; flipping it costs one byte write per payload
        fid ^= 1;
        for (int p = 0; p < count; p++) {
            payloads.put(p * PACKET + 1, (byte) (payloads.get(p * PACKET + 1) ^ 1));
        }
        for (int p = 0; p < count; p++) {
            int len = p == count - 1 ? HEADER + FRAME - p * DATA : PACKET;
            assembler.payload(payloads, p * PACKET, len);
        }
        return completed;
    }

    @Benchmark
    public ByteBuffer plainCopy() {
        frame.put(0, plainSource, 0, FRAME);
        return frame;
    }

    @Benchmark
    public ByteBuffer chunkedCopy() {
        for (int p = 0; p < count; p++) {
            int n = Math.min(DATA, FRAME - p * DATA);
            frame.put(p * DATA, payloads, p * PACKET + HEADER, n);
        }
        return frame;
    }
}
