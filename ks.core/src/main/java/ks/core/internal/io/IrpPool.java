package ks.core.internal.io;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import ks.api.io.Irp;
import ks.core.internal.diagnostics.LeakDetector;

/**
 * Free IRPs kept for reuse, by stack size, so the request path allocates nothing once warm.
 *
 * <h2>Threading</h2>
 * Each thread has a small cache per stack size in front of the shared stacks; a thread that frees
 * more than it allocates (a device's completion thread) overflows into the shared stack, where the
 * allocating threads find them. Each shared stack has its own monitor, held only for a push or pop.
 */
final class IrpPool {

    private static final int SHARED_LIMIT = 1024;
    private static final int LOCAL_LIMIT = 8;
    private static final int SIZES = Irp.MAX_STACK_COUNT + 1;

    /** A thread's cache: for each stack size, a small stack of free IRPs. */
    private static final class Local {
        final Irp[][] free = new Irp[SIZES][LOCAL_LIMIT];
        final int[] counts = new int[SIZES];
    }

    private final ThreadLocal<Local> local = ThreadLocal.withInitial(Local::new);
    private final Irp[][] shared = new Irp[SIZES][];
    private final int[] sharedCounts = new int[SIZES];
    private final Object[] locks = new Object[SIZES];
    private final AtomicInteger outstanding = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder allocated = new java.util.concurrent.atomic.LongAdder();
    private volatile int limit = Integer.MAX_VALUE;
    private final LeakDetector leaks = new LeakDetector(outstanding::decrementAndGet);

    IrpPool() {
        for (int i = 0; i < SIZES; i++) {
            locks[i] = new Object();
            shared[i] = new Irp[16];
        }
    }

    /** An initialised IRP, or null when the stack size is invalid or the outstanding limit is reached. */
    Irp allocate(int stackSize) {
        if (stackSize < 1 || stackSize >= SIZES) {
            return null;
        }
        if (outstanding.incrementAndGet() > limit) {
            outstanding.decrementAndGet();
            return null;
        }
        allocated.increment();
        Local l = local.get();
        Irp irp = null;
        int n = l.counts[stackSize];
        if (n > 0) {
            irp = l.free[stackSize][--n];
            l.free[stackSize][n] = null;
            l.counts[stackSize] = n;
        } else {
            synchronized (locks[stackSize]) {
                int m = sharedCounts[stackSize];
                if (m > 0) {
                    irp = shared[stackSize][--m];
                    shared[stackSize][m] = null;
                    sharedCounts[stackSize] = m;
                }
            }
        }
        if (irp == null) {
            irp = new IrpRecord(stackSize).packet();
        }
        IrpRecord r = IrpRecord.of(irp);
        r.reinitialize();
        r.state = IrpRecord.ALLOCATED;
        leaks.allocated(irp);
        return irp;
    }

    void release(Irp irp) {
        leaks.released(irp);
        IrpRecord.of(irp).state = IrpRecord.FREE;
        outstanding.decrementAndGet();
        int size = irp.stackCount();
        Local l = local.get();
        int n = l.counts[size];
        if (n < LOCAL_LIMIT) {
            l.free[size][n] = irp;
            l.counts[size] = n + 1;
            return;
        }
        synchronized (locks[size]) {
            int m = sharedCounts[size];
            if (m == SHARED_LIMIT) {
                return;
            }
            if (m == shared[size].length) {
                shared[size] = Arrays.copyOf(shared[size], m * 2);
            }
            shared[size][m] = irp;
            sharedCounts[size] = m + 1;
        }
    }

    /** IRPs handed out and not yet released. */
    long allocated() {
        return allocated.sum();
    }

    int outstanding() {
        return outstanding.get();
    }

    LeakDetector leaks() {
        return leaks;
    }

    /** Caps outstanding IRPs; allocation beyond it fails as IoAllocateIrp does when memory runs out. */
    void limit(int value) {
        limit = value;
    }
}
