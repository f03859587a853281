package ks.api.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** KEVENT notification semantics. */
class KEventTest {

    @Test
    void shouldStaySignalledUntilClearedAndReleaseEveryWaiter() throws Exception {
        KEvent e = new KEvent();
        int waiters = 4;
        CountDownLatch ready = new CountDownLatch(waiters);
        AtomicInteger released = new AtomicInteger();
        Thread[] threads = new Thread[waiters];
        for (int i = 0; i < waiters; i++) {
            threads[i] = new Thread(() -> {
                ready.countDown();
                try {
                    if (e.await(10, TimeUnit.SECONDS)) {
                        released.incrementAndGet();
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[i].start();
        }
        ready.await();
        Thread.sleep(100); // let them reach the blocking wait, past the spin and yield phases
        e.setEvent();
        for (Thread t : threads) {
            t.join(5_000);
        }
        assertTrue(released.get() == waiters, "all waiters released: " + released.get());
        assertTrue(e.readStateEvent(), "a notification event stays signalled");
        assertTrue(e.await(0, TimeUnit.SECONDS));
        assertTrue(e.resetEvent(), "reset reports the previous state");
        assertFalse(e.readStateEvent());
    }

    @Test
    void shouldTimeOutWhenNotSignalled() throws Exception {
        KEvent e = new KEvent();
        long t0 = System.nanoTime();
        assertFalse(e.await(80, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(80));
    }

    @Test
    void shouldPropagateInterruption() {
        KEvent e = new KEvent();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> e.await(5, TimeUnit.SECONDS));
    }
}
