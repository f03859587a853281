package ks.core.internal.ks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import ks.api.io.NtStatus;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsState;

/**
 * AVStream's pin-centric processing for one pin: when {@link KsPinDispatch#process} runs, and
 * that it never runs twice at once.
 *
 * <p>Triggers: data arriving in a queue the device had emptied (every arrival with
 * KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL, none with KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING),
 * the pin reaching its processing state (PAUSE, or RUN with KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY)
 * with data queued, and KsPinAttemptProcessing. A trigger while process runs makes it run once
 * more when it returns; process returning STATUS_SUCCESS with data still queued runs it again.
 *
 * <h2>Threading</h2>
 * One atomic state (idle, running, running-and-asked-again) decides who runs: the thread that moves
 * it from idle runs the loop, on its own stack or, for an asynchronous trigger, on a worker of a
 * pool shared by every pin. Anything else only marks the state and returns. Each call holds the
 * processing mutex, which state steps hold too, so a device's SetDeviceState never overlaps its
 * process (KsPinAcquireProcessingMutex gives it to the device as well).
 */
final class PinProcessing {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int AGAIN = 2;

    private static final System.Logger LOG = System.getLogger(PinProcessing.class.getName());

    /** Workers for asynchronous processing, shared by every pin; idle ones end after a minute. */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "ks-pin-processing");
                t.setDaemon(true);
                return t;
            });

    private final KsPin pin;
    private final KsPinDispatch dispatch;
    private final int flags;
    private final IntSupplier queued;
    private final Supplier<KsState> state;
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    private final AtomicLong calls = new AtomicLong();
    /** KsPinAcquireProcessingMutex: held around each process call and each state step. */
    private final ReentrantLock mutex = new ReentrantLock();

    PinProcessing(KsPin pin, KsPinDescriptor descriptor, IntSupplier queued, Supplier<KsState> state) {
        this.pin = pin;
        this.dispatch = descriptor.dispatch();
        this.flags = descriptor.flags();
        this.queued = queued;
        this.state = state;
    }

    /** A stream request (or a render frame) arrived; {@code intoEmpty}: the device had nothing queued before it. */
    void arrived(boolean intoEmpty) {
        if ((flags & KsPinDescriptor.KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING) != 0) {
            return;
        }
        if (intoEmpty || (flags & KsPinDescriptor.KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL) != 0) {
            trigger((flags & KsPinDescriptor.KSPIN_FLAG_ASYNCHRONOUS_PROCESSING) != 0);
        }
    }

    /** The pin moved to {@code to}: reaching the processing state with data queued starts processing. */
    void stateChanged(KsState to) {
        if (eligible(to) && queued.getAsInt() > 0) {
            trigger((flags & KsPinDescriptor.KSPIN_FLAG_ASYNCHRONOUS_PROCESSING) != 0);
        }
    }

    /** KsPinAttemptProcessing. */
    void attempt(boolean asynchronous) {
        trigger(asynchronous);
    }

    /** How many times process has been called. */
    long calls() {
        return calls.get();
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
            if (eligible(state.get())) {
                more = call() == NtStatus.STATUS_SUCCESS && queued.getAsInt() > 0;
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
            if (!eligible(state.get())) {
                return NtStatus.STATUS_PENDING; // the pin left its processing state while this waited for the mutex
            }
            return dispatch.process(pin);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "process of pin " + pin.id() + " threw; it runs again on the next trigger", e);
            return NtStatus.STATUS_UNSUCCESSFUL;
        } finally {
            mutex.unlock();
        }
    }

    /** The processing mutex: process never runs while a holder (a state step, the device) has it. */
    ReentrantLock mutex() {
        return mutex;
    }

    private boolean eligible(KsState s) {
        KsState min = (flags & KsPinDescriptor.KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY) != 0 ? KsState.KSSTATE_RUN : KsState.KSSTATE_PAUSE;
        return s.value() >= min.value() && s != KsState.UNKNOWN;
    }
}
