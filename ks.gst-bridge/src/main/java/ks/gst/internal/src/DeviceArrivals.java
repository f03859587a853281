package ks.gst.internal.src;

import java.util.function.BooleanSupplier;

import ks.api.io.IoManager;
import ks.api.ks.KsGuids;

/**
 * Capture devices arriving, counted from an IoRegisterPlugPlayNotification, for a stream waiting
 * for its removed device to return: the stream notes {@link #count}, tries to open the device, and
 * when it is not there waits for an arrival after that count, so an arrival between the attempt
 * and the wait is not missed. {@link #wake} ends a wait early (the element is unlocked).
 */
public final class DeviceArrivals implements AutoCloseable {

    private final AutoCloseable registration;
    private long count;

    public DeviceArrivals(IoManager io) {
        this.registration = io.registerPlugPlayNotification(KsGuids.KSCATEGORY_CAPTURE, false, (arrival, di) -> {
            if (arrival) {
                arrived();
            }
        });
    }

    private synchronized void arrived() {
        count++;
        notifyAll();
    }

    /** Arrivals so far. */
    public synchronized long count() {
        return count;
    }

    /**
     * Waits until there were more than {@code seen} arrivals, {@code millis} at most (0: as long as
     * it takes), or until {@code stop} is true when woken.
     */
    public synchronized void await(long seen, long millis, BooleanSupplier stop) throws InterruptedException {
        long deadline = millis > 0 ? System.nanoTime() + millis * 1_000_000 : 0;
        while (count == seen && !stop.getAsBoolean()) {
            long left = deadline == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000;
            if (deadline != 0 && left <= 0) {
                return;
            }
            wait(left);
        }
    }

    /** Wakes a waiting {@link #await}, which then asks its {@code stop}. */
    public synchronized void wake() {
        notifyAll();
    }

    /** IoUnregisterPlugPlayNotificationEx. */
    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception e) {
            System.getLogger(DeviceArrivals.class.getName()).log(System.Logger.Level.DEBUG, "unregistering: " + e);
        }
    }
}
