package ks.fastio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ThreadCountersTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 200_000;

    @Test
    void shouldLoseNoCountWhenThreadsCountAtOnce() throws Exception {
        ThreadCounters counters = new ThreadCounters();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int bytes = t + 1;
            Thread th = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < PER_THREAD; i++) {
                    counters.hit(bytes);
                    if (i % 4 == 0) {
                        counters.decline();
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (int i = 0; i < 1000; i++) {
            counters.sum(ThreadCounters.HITS); // totals read while the threads count, folding as they end
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals((long) THREADS * PER_THREAD, counters.sum(ThreadCounters.HITS));
        assertEquals((long) THREADS * (PER_THREAD / 4), counters.sum(ThreadCounters.DECLINES));
        assertEquals((long) PER_THREAD * (1 + 2 + 3 + 4), counters.sum(ThreadCounters.BYTES));
    }

    @Test
    void shouldKeepTheCountsOfEndedThreadsAndDropTheirCells() throws Exception {
        ThreadCounters counters = new ThreadCounters();
        for (int round = 0; round < 50; round++) {
            Thread th = new Thread(() -> counters.hit(10));
            th.start();
            th.join();
        }
        counters.hit(1); // the calling thread's cell, made after the ended threads' cells were folded
        assertEquals(51, counters.sum(ThreadCounters.HITS));
        assertEquals(501, counters.sum(ThreadCounters.BYTES));
        assertEquals(1, counters.cells(), "only the live thread keeps a cell");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
