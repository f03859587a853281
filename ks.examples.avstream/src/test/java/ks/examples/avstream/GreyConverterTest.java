package ks.examples.avstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.ks.KsGuids;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.testing.KsBench;
import ks.testing.KsTestBench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Grey Converter's filter-centric processing: colour frames in, the same luma without colour out, frame for frame. */
@ExtendWith(KsBench.class)
class GreyConverterTest {

    @Test
    void everyFrameComesOutGreyWithItsLuma(KsTestBench bench) throws Exception {
        bench.load("KsGreyConverter", new GreyConverter(bench.framework()));
        String link = bench.awaitInterface(GreyConverter.FRIENDLY_NAME, Duration.ofSeconds(5)).symbolicLink();
        FileObject filter = bench.client().openFilter(link);
        ByteBuffer format = KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, SimulatedCamera.WIDTH, SimulatedCamera.HEIGHT, 16, SimulatedCamera.INTERVAL, 0);
        FileObject in = bench.client().createPin(filter, 0, format, false);
        FileObject out = bench.client().createPin(filter, 1, format, true);
        bench.client().setState(in, KsState.KSSTATE_RUN);
        bench.client().setState(out, KsState.KSSTATE_RUN);
        int frames = 50;
        List<KsStreamHeader> outputs = new ArrayList<>();
        List<CompletableFuture<IoStatusBlock>> reads = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            KsStreamHeader w = new KsStreamHeader(ByteBuffer.allocate(SimulatedCamera.FRAME_BYTES)).dataUsed(SimulatedCamera.FRAME_BYTES);
            for (int b = 0; b < SimulatedCamera.FRAME_BYTES; b += 2) {
                w.data().put(b, (byte) (i * 5)).put(b + 1, (byte) 40); // luma i*5, a strong colour
            }
            KsStreamHeader r = new KsStreamHeader(ByteBuffer.allocate(SimulatedCamera.FRAME_BYTES));
            outputs.add(r);
            reads.add(bench.streamIo().read(out, r).toCompletableFuture());
            bench.streamIo().write(in, w).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        for (int i = 0; i < frames; i++) {
            reads.get(i).get(5, TimeUnit.SECONDS);
            KsStreamHeader r = outputs.get(i);
            assertEquals(SimulatedCamera.FRAME_BYTES, r.dataUsed());
            assertEquals(i * 5, r.data().get(0) & 0xFF, "frame " + i + " keeps its luma");
            assertEquals(128, r.data().get(1) & 0xFF, "and has no colour");
            assertEquals(128, r.data().get(SimulatedCamera.FRAME_BYTES - 1) & 0xFF);
        }
        bench.client().setState(in, KsState.KSSTATE_STOP);
        bench.client().setState(out, KsState.KSSTATE_STOP);
        bench.io().closeFile(in);
        bench.io().closeFile(out);
        bench.io().closeFile(filter);
    }
}
