package ks.core.internal.ks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import ks.api.io.NtStatus;
import ks.api.ks.KsPinDescriptor;

/**
 * AVStream's processing for one pin (pin-centric) or one filter (filter-centric): when the
 * device's process runs, and that it never runs twice at once.
 *
 * <p>Triggers: data arriving in a queue the device had emptied (every arrival with
 * KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL, none with KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING,
 * read from the pin the data arrived on), reaching the processing state with data queued, and
 * KsPinAttemptProcessing / KsFilterAttemptProcessing. A trigger while process runs makes it run
 * once more when it returns; process returning STATUS_SUCCESS with work still there runs it again.
 *
 * <h2>Threading</h2>
 * One atomic state (idle, running, running-and-asked-again) decides who runs: the thread that moves
 * it from idle runs the loop, on its own stack or, for an asynchronous trigger, on a worker of a
 * pool shared by every pin and filter. Anything else only marks the state and returns. Each call
 * holds the processing mutex; a device that must keep process out (its SetDeviceState draining
 * the hardware, say) takes it with KsPinAcquireProcessingMutex, as in AVStream.
 */
final class Processing {

    /** What is processed: a pin or a filter. */
    interface Target {
        /** In the processing state (a pin in PAUSE, or RUN with PROCESS_IN_RUN_STATE_ONLY; every pin of a filter so). */
        boolean eligible();

        /** Whether process may be called now (a filter: every pin that needs frames has one). */
        boolean ready();

        /** Work is still there after a call that returned STATUS_SUCCESS. */
        boolean hasWork();

        int process();

        /** For the log: "pin 0", "filter 'capture'". */
        String name();
    }

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int AGAIN = 2;

    private static final System.Logger LOG = System.getLogger(Processing.class.getName());

    /** Workers for asynchronous processing, shared by every pin; idle ones end after a minute. */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "ks-processing");
                t.setDaemon(true);
                return t;
            });

    private final Target target;
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    private final AtomicLong calls = new AtomicLong();
    private final ReentrantLock mutex = new ReentrantLock();

    Processing(Target target) {
        this.target = target;
    }

    /**
     * A stream request (or a render frame) arrived on a pin with {@code pinFlags};
     * {@code intoEmpty}: the device had nothing queued on it before.
     */
    void arrived(int pinFlags, boolean intoEmpty) {
        if ((pinFlags & KsPinDescriptor.KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING) != 0) {
            return;
        }
        if (intoEmpty || (pinFlags & KsPinDescriptor.KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL) != 0) {
            trigger((pinFlags & KsPinDescriptor.KSPIN_FLAG_ASYNCHRONOUS_PROCESSING) != 0);
        }
    }

    /** A pin with {@code pinFlags} changed state: reaching the processing state with work there starts processing. */
    void stateChanged(int pinFlags) {
        if (target.eligible() && target.hasWork()) {
            trigger((pinFlags & KsPinDescriptor.KSPIN_FLAG_ASYNCHRONOUS_PROCESSING) != 0);
        }
    }

    /** KsPinAttemptProcessing / KsFilterAttemptProcessing. */
    void attempt(boolean asynchronous) {
        trigger(asynchronous);
    }

    /** How many times process has been called. */
    long calls() {
        return calls.get();
    }

    /** The processing mutex: process never runs while a holder (the device) has it. */
    ReentrantLock mutex() {
        return mutex;
    }

    private void trigger(boolean asynchronous) {
        for (;;) {
            int p = phase.get();
            if (p == AGAIN) {
                return;
            }
            if (p == RUNNING) {
                if (phase.compareAndSet(RUNNING, AGAIN)) {
                    return;
                }
                continue;
            }
            if (phase.compareAndSet(IDLE, RUNNING)) {
                if (asynchronous) {
                    WORKERS.execute(this::run);
                } else {
                    run();
                }
                return;
            }
        }
    }

    private void run() {
        for (;;) {
            boolean more = false;
            if (target.eligible() && target.ready()) {
                more = call() == NtStatus.STATUS_SUCCESS && target.hasWork();
            }
            if (more) {
                phase.set(RUNNING); // it goes again anyway: a trigger meanwhile is served by this round
                continue;
            }
            if (phase.compareAndSet(RUNNING, IDLE)) {
                return;
            }
            phase.set(RUNNING); // asked again while it ran
        }
    }

    private int call() {
        calls.incrementAndGet();
        mutex.lock();
        try {
            if (!target.eligible()) {
                return NtStatus.STATUS_PENDING; // left the processing state while this waited for the mutex
            }
            return target.process();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "process of " + target.name() + " threw; it runs again on the next trigger", e);
            return NtStatus.STATUS_UNSUCCESSFUL;
        } finally {
            mutex.unlock();
        }
    }
}
