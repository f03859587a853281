package ks.fastio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Counters of hits, declines and bytes kept per thread, so that counting on the request path needs
 * no atomic read-modify-write: an uncontended LongAdder still costs a compare-and-set per update,
 * which on a fast read of a small frame is a measurable part of the whole (see
 * {@code FastIoOverheadRounds} in ks.benchmarks).
 *
 * <h2>Threading</h2>
 * Each thread counts into its own cell with opaque writes; only that thread writes the cell.
 * Totals sum every cell under this object's lock. A cell whose thread has ended is folded into
 * the retired totals (its last writes happen-before {@link Thread#isAlive} returning false) when
 * a new cell is made or totals are read, so the cells stay as many as the threads that count.
 */
final class ThreadCounters {

    static final int HITS = 0;
    static final int DECLINES = 1;
    static final int BYTES = 2;

    private static final VarHandle HIT_COUNT;
    private static final VarHandle DECLINE_COUNT;
    private static final VarHandle BYTE_COUNT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HIT_COUNT = lookup.findVarHandle(Cell.class, "hits", long.class);
            DECLINE_COUNT = lookup.findVarHandle(Cell.class, "declines", long.class);
            BYTE_COUNT = lookup.findVarHandle(Cell.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One thread's counts: written by {@link #owner} alone (plain reads, opaque writes), read by any thread (opaque). */
    private static final class Cell {
        final Thread owner;
        long hits;
        long declines;
        long bytes;

        Cell(Thread owner) {
            this.owner = owner;
        }

        long get(int which) {
            return switch (which) {
                case HITS -> (long) HIT_COUNT.getOpaque(this);
                case DECLINES -> (long) DECLINE_COUNT.getOpaque(this);
                default -> (long) BYTE_COUNT.getOpaque(this);
            };
        }
    }

    private static final Cell[] NO_CELLS = new Cell[0];

    /** Copy-on-write under the lock; read without it to find the calling thread's cell. */
    private volatile Cell[] cells = NO_CELLS;
    /** The cell used last: a thread that counts repeatedly finds its own here (owner is final, so a racy read is safe). */
    private Cell recent;
    private final long[] retired = new long[3];

    /** Adds one hit and its bytes. */
    void hit(long bytes) {
        Cell c = cell();
        HIT_COUNT.setOpaque(c, c.hits + 1);
        BYTE_COUNT.setOpaque(c, c.bytes + bytes);
    }

    void decline() {
        Cell c = cell();
        DECLINE_COUNT.setOpaque(c, c.declines + 1);
    }

    private Cell cell() {
        Thread me = Thread.currentThread();
        Cell c = recent;
        if (c == null || c.owner != me) {
            c = find(me);
            recent = c;
        }
        return c;
    }

    private Cell find(Thread me) {
        for (Cell c : cells) {
            if (c.owner == me) {
                return c;
            }
        }
        synchronized (this) {
            foldEnded();
            Cell[] now = cells;
            Cell[] next = Arrays.copyOf(now, now.length + 1);
            Cell c = new Cell(me);
            next[now.length] = c;
            cells = next;
            return c;
        }
    }

    /** The total of one counter ({@link #HITS}, {@link #DECLINES} or {@link #BYTES}). */
    synchronized long sum(int which) {
        foldEnded();
        long total = retired[which];
        for (Cell c : cells) {
            total += c.get(which);
        }
        return total;
    }

    /** The cells kept now (one per live thread that counted, until the next fold). */
    synchronized int cells() {
        foldEnded();
        return cells.length;
    }

    /** Moves the counts of cells whose thread has ended into the retired totals. Under the lock. */
    private void foldEnded() {
        Cell[] now = cells;
        int live = 0;
        for (Cell c : now) {
            if (c.owner.isAlive()) {
                live++;
            }
        }
        if (live == now.length) {
            return;
        }
        Cell[] next = new Cell[live];
        int i = 0;
        for (Cell c : now) {
            if (c.owner.isAlive()) {
                next[i++] = c;
            } else {
                for (int k = 0; k < retired.length; k++) {
                    retired[k] += c.get(k);
                }
            }
        }
        cells = next;
        Cell r = recent;
        if (r != null && !r.owner.isAlive()) {
            recent = null;
        }
    }
}
