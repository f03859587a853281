package ks.fastio.internal;

import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.IoStatusBlock;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.NtStatus;
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

    /**
     * Two readers share the pin, each mixing the fast path and the IRP path, while the device
     * produces: every frame goes to exactly one of them, each sees its frames in increasing order,
     * and together they received a gapless prefix of the sequence.
     */
    @Test
    void shouldGiveEveryFrameToExactlyOneOfTwoReadersInOrder() throws Exception {
        long frames = Long.getLong("ks.stress.frames", 300_000) / 3;
        try (SequenceRig rig = new SequenceRig(4); KsClient.Connection c = rig.connectCapture()) {
            c.run();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong delivered = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                while (!stop.get()) {
                    if (!rig.produce()) {
                        Thread.yield();
                    }
                }
            }, "stress-producer");
            List<List<Long>> seen = List.of(new ArrayList<>(), new ArrayList<>());
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                List<Long> mine = seen.get(r);
                SplittableRandom random = new SplittableRandom(7 + r);
                readers.add(new Thread(() -> {
                    KsStreamHeader[] hs = {SequenceRig.readHeader()};
                    IoStatusBlock iosb = new IoStatusBlock();
                    KEvent event = new KEvent();
                    try {
                        while (delivered.get() < frames) {
                            hs[0].resetForRead();
                            boolean irpOnly = random.nextInt(4) == 0;
                            int old = rig.io.exchangePreviousMode(KProcessorMode.KernelMode);
                            int status;
                            try {
                                status = rig.streamIo.ksStreamIo(c.pin(), event, null, null, null, 0, iosb, hs, KsStreamHeader.SIZEOF,
                                        KsStreamFlags.KSSTREAM_READ, irpOnly ? KProcessorMode.UserMode : KProcessorMode.KernelMode);
                            } finally {
                                rig.io.exchangePreviousMode(old);
                            }
                            if (status == STATUS_PENDING && !event.await(10, TimeUnit.SECONDS)) {
                                throw new AssertionError("a pended read did not complete");
                            }
                            if (iosb.status() == NtStatus.STATUS_CANCELLED) {
                                return; // the pin stopped under a pending read at the end
                            }
                            assertEquals(STATUS_SUCCESS, iosb.status());
                            long seq = hs[0].data().getLong(0);
                            SequenceRig.assertFrame(seq, hs[0]);
                            mine.add(seq);
                            delivered.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "stress-reader-" + r));
            }
            producer.start();
            readers.forEach(Thread::start);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (delivered.get() < frames && failure.get() == null && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            } finally {
                stop.set(true);
                producer.join(10_000);
                c.stop(); // cancels a read still pending, so its reader ends
                for (Thread t : readers) {
                    t.join(10_000);
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("a reader failed", failure.get());
            }
            assertTrue(delivered.get() >= frames, "only " + delivered.get() + " frames in 120 s");
            Set<Long> all = new HashSet<>();
            for (List<Long> mine : seen) {
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i) > mine.get(i - 1), "a reader got " + mine.get(i) + " after " + mine.get(i - 1));
                }
                for (long seq : mine) {
                    assertTrue(all.add(seq), "frame " + seq + " delivered twice");
                }
            }
            for (long seq = 0; seq < all.size(); seq++) {
                assertTrue(all.contains(seq), "frame " + seq + " never delivered, though later ones were");
            }
            assertTrue(seen.get(0).size() > 0 && seen.get(1).size() > 0, "both readers got frames");
            System.out.printf("two readers: %d + %d frames, %d fast hits%n", seen.get(0).size(), seen.get(1).size(),
                    rig.streaming.hits());
            rig.assertNoLeaks();
        }
    }
}
