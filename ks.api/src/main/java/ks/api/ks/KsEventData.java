package ks.api.ks;

import java.util.Objects;
import java.util.concurrent.Semaphore;

import ks.api.io.KEvent;

/**
 * KSEVENTDATA: how a client wants to be told about an event. It is the output buffer of
 * IOCTL_KS_ENABLE_EVENT and, to disable that one event again, the input buffer of
 * IOCTL_KS_DISABLE_EVENT (an empty DISABLE_EVENT disables every event the file object enabled).
 * The handle of the Windows structure is the Java object itself.
 */
public final class KsEventData {

    public static final int KSEVENTF_EVENT_HANDLE = 0x1;
    public static final int KSEVENTF_SEMAPHORE_HANDLE = 0x2;

    private final int notificationType;
    private final KEvent event;
    private final Semaphore semaphore;
    private final int adjustment;

    private KsEventData(int notificationType, KEvent event, Semaphore semaphore, int adjustment) {
        this.notificationType = notificationType;
        this.event = event;
        this.semaphore = semaphore;
        this.adjustment = adjustment;
    }

    /** KSEVENTF_EVENT_HANDLE: the event is signalled each time. */
    public static KsEventData event(KEvent event) {
        return new KsEventData(KSEVENTF_EVENT_HANDLE, Objects.requireNonNull(event), null, 0);
    }

    /** KSEVENTF_SEMAPHORE_HANDLE: the semaphore is released {@code adjustment} permits each time. */
    public static KsEventData semaphore(Semaphore semaphore, int adjustment) {
        return new KsEventData(KSEVENTF_SEMAPHORE_HANDLE, null, Objects.requireNonNull(semaphore), Math.max(1, adjustment));
    }

    public int notificationType() {
        return notificationType;
    }

    /** Signals the client. */
    public void signal() {
        if (event != null) {
            event.setEvent();
        } else {
            semaphore.release(adjustment);
        }
    }
}
