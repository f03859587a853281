package ks.fastio.internal;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.IoStatusBlock;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.ks.KsClient;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;

import org.junit.jupiter.api.Test;

/**
 * A producer thread fills frames as fast as the pin takes them, a consumer reads them mixing the
 * fast path, the IRP path and two-header reads at random, and a third thread binds and unbinds
 * the provider all the while. Every frame must arrive exactly once, in order, with its own header
 * values. {@code -Dks.stress.frames=N} sets the count (default 300,000; the long run uses
 * millions).
 */
class MixedPathStressTest {

    @Test
    void shouldDeliverEveryFrameOnceAndInOrderAcrossPathsAndSwaps() throws Exception {
        long frames = Long.getLong("ks.stress.frames", 300_000);
        try (SequenceRig rig = new SequenceRig(4); KsClient.Connection c = rig.connectCapture()) {
            c.run();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    while (!stop.get() && rig.produced() < frames + 1) {
                        if (!rig.produce()) {
                            Thread.yield();
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "stress-producer");
            Thread swapper = new Thread(() -> {
                boolean bound = true;
                while (!stop.get()) {
                    if (bound) {
                        rig.unbindProvider();
                    } else {
                        rig.bindProvider();
                    }
                    bound = !bound;
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "stress-swapper");
            producer.start();
            swapper.start();
            SplittableRandom random = new SplittableRandom(42);
            KsStreamHeader[] one = {SequenceRig.readHeader()};
            KsStreamHeader[] two = {SequenceRig.readHeader(), SequenceRig.readHeader()};
            IoStatusBlock iosb = new IoStatusBlock();
            KEvent event = new KEvent();
            long expected = 0;
            long pended = 0;
            try {
                while (expected < frames) {
                    KsStreamHeader[] hs = random.nextInt(8) == 0 ? two : one;
                    for (KsStreamHeader h : hs) {
                        h.resetForRead();
                    }
                    boolean irpOnly = random.nextBoolean();
                    int old = rig.io.exchangePreviousMode(KProcessorMode.KernelMode);
                    int status;
                    try {
                        status = rig.streamIo.ksStreamIo(c.pin(), event, null, null, null, 0, iosb, hs, KsStreamHeader.totalSize(hs),
                                KsStreamFlags.KSSTREAM_READ, irpOnly ? KProcessorMode.UserMode : KProcessorMode.KernelMode);
                    } finally {
                        rig.io.exchangePreviousMode(old);
                    }
                    if (status == STATUS_PENDING) {
                        pended++;
                        assertTrue(event.await(10, TimeUnit.SECONDS), "a pended read completes (frame " + expected + ")");
                    }
                    assertEquals(STATUS_SUCCESS, iosb.status(), "read of frame " + expected);
                    for (KsStreamHeader h : hs) {
                        SequenceRig.assertFrame(expected++, h);
                    }
                }
            } finally {
                stop.set(true);
                swapper.join(10_000);
                producer.join(10_000);
            }
            if (failure.get() != null) {
                throw new AssertionError("producer failed", failure.get());
            }
            assertTrue(rig.streaming.hits() > 0, "some reads took the fast path");
            assertTrue(pended > 0, "some reads pended on the IRP path");
            System.out.printf("stress: %d frames, %d fast hits, %d declines, %d pended%n", expected, rig.streaming.hits(),
                    rig.streaming.declines(), pended);
            c.stop();
            rig.assertNoLeaks();
        }
    }
}
