package ks.core.internal.diagnostics;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import ks.api.io.DeviceObject;
import ks.api.io.Irp;

/**
 * Finds IRPs that are never given back: allocated, then dropped by a driver without being completed
 * or freed (the garbage collector finds them), or held far longer than a request should take.
 *
 * <p>Levels: {@link Level#OFF} tracks nothing and costs nothing; {@link Level#SIMPLE} watches every
 * allocated IRP (allocating thread and time); {@link Level#PARANOID} adds the allocation's stack
 * trace and every device the IRP was sent to. A lost IRP is logged as a WARNING when the collector
 * finds it, listed by {@link #lost()}, and no longer counts as outstanding, so the outstanding limit
 * is not used up by packets nobody holds.
 *
 * <h2>Threading</h2>
 * The tracked set is a weak identity map guarded by its own monitor; the collector's reports arrive
 * on the {@link Cleaner}'s thread.
 */
public final class LeakDetector {

    /** The pool's class: its frames and this class's are left out of an allocation site. */
    private static final String POOL = "ks.core.internal.io.IrpPool";

    private static final System.Logger LOG = System.getLogger(LeakDetector.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int LOST_KEPT = 100;

    /** How much is tracked. */
    public enum Level {
        OFF, SIMPLE, PARANOID;

        /** {@code off}, {@code simple} or {@code paranoid}, any case. */
        public static Level parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("leak detection level '" + s + "': use off, simple or paranoid");
            }
        }
    }

    /** What is known of one allocation; shared by the map entry and the cleaner action, never refers to the IRP. */
    private static final class Allocation implements Runnable {
        final LeakDetector owner;
        final int stackSize;
        final String thread = Thread.currentThread().getName();
        final Instant at = Instant.now();
        final Throwable site;
        final List<String> sentTo;
        volatile boolean released;
        Cleaner.Cleanable cleanable;

        public Allocation(LeakDetector owner, int stackSize, boolean paranoid) {
            this.owner = owner;
            this.stackSize = stackSize;
            this.site = paranoid ? new Throwable("allocated here") : null;
            this.sentTo = paranoid ? new CopyOnWriteArrayList<>() : null;
        }

        @Override
        public void run() {
            if (!released) {
                owner.lost(this);
            }
        }

        public String describe(String what) {
            StringBuilder b = new StringBuilder(what).append(": IRP with ").append(stackSize)
                    .append(stackSize == 1 ? " stack location" : " stack locations").append(", allocated by thread '")
                    .append(thread).append("' at ").append(at);
            if (sentTo != null) {
                b.append(sentTo.isEmpty() ? ", never sent" : ", sent to " + String.join(" → ", sentTo));
            }
            if (site != null) {
                StackTraceElement[] frames = site.getStackTrace();
                for (int i = 0, shown = 0; i < frames.length && shown < 12; i++) {
                    String c = frames[i].getClassName();
                    if (c.equals(POOL) || c.startsWith(LeakDetector.class.getName())) {
                        continue;
                    }
                    b.append("\n    at ").append(frames[i]);
                    shown++;
                }
            }
            return b.toString();
        }
    }

    private final Map<Irp, Allocation> tracked = new WeakHashMap<>();
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final AtomicLong lostCount = new AtomicLong();
    private final Runnable onLost;
    private volatile Level level = Level.OFF;
    private volatile boolean everTracked;

    /** @param onLost run once for each IRP the collector found unreleased (the pool gives its count back) */
    public LeakDetector(Runnable onLost) {
        this.onLost = onLost;
    }

    public Level level() {
        return level;
    }

    /** Takes effect for IRPs allocated from now on; IRPs already tracked stay tracked. */
    public void level(Level value) {
        level = value;
    }

    public boolean paranoid() {
        return level == Level.PARANOID;
    }

    public void allocated(Irp irp) {
        Level l = level;
        if (l == Level.OFF) {
            return;
        }
        Allocation a = new Allocation(this, irp.stackCount(), l == Level.PARANOID);
        everTracked = true;
        synchronized (tracked) {
            tracked.put(irp, a);
        }
        a.cleanable = CLEANER.register(irp, a);
    }

    public void released(Irp irp) {
        if (!everTracked) {
            return;
        }
        Allocation a;
        synchronized (tracked) {
            a = tracked.remove(irp);
        }
        if (a != null) {
            a.released = true;
            a.cleanable.clean();
        }
    }

    /** PARANOID: one more hop of a tracked IRP. */
    public void sent(Irp irp, DeviceObject device) {
        Allocation a;
        synchronized (tracked) {
            a = tracked.get(irp);
        }
        if (a != null && a.sentTo != null) {
            a.sentTo.add(device.name() != null ? device.name() : device.toString());
        }
    }

    private void lost(Allocation a) {
        String report = a.describe("LEAK");
        lostCount.incrementAndGet();
        if (lost.size() >= LOST_KEPT) {
            lost.remove(0);
        }
        lost.add(report);
        onLost.run();
        LOG.log(System.Logger.Level.WARNING, report + "\n  was garbage-collected without IoCompleteRequest or IoFreeIrp;"
                + " every IRP must be completed or freed exactly once");
    }

    /** Reports of IRPs found lost since start (the last {@value #LOST_KEPT}). */
    public List<String> lost() {
        return List.copyOf(lost);
    }

    public long lostCount() {
        return lostCount.get();
    }

    /** IRPs tracked, still held and allocated longer ago than {@code age}, oldest first. */
    public List<String> heldLongerThan(Duration age) {
        Instant before = Instant.now().minus(age);
        List<Allocation> old = new ArrayList<>();
        synchronized (tracked) {
            for (Allocation a : tracked.values()) {
                if (a.at.isBefore(before)) {
                    old.add(a);
                }
            }
        }
        old.sort((x, y) -> x.at.compareTo(y.at));
        List<String> out = new ArrayList<>(old.size());
        for (Allocation a : old) {
            out.add(a.describe("HELD " + Duration.between(a.at, Instant.now()).toMillis() + " ms"));
        }
        return out;
    }

    public int trackedCount() {
        synchronized (tracked) {
            return tracked.size();
        }
    }
}
