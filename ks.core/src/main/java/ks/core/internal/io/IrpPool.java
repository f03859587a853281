package ks.core.internal.io;

import ks.api.io.Irp;

/**
 * Free IRPs kept for reuse, one stack per stack size, so the request path allocates nothing once
 * warm.
 *
 * <h2>Threading</h2>
 * Each size has its own monitor; held only for a push or pop.
 */
final class IrpPool {

    private static final int PER_SIZE_LIMIT = 1024;

    private final Irp[][] free = new Irp[Irp.MAX_STACK_COUNT + 1][];
    private final int[] counts = new int[Irp.MAX_STACK_COUNT + 1];
    private final Object[] locks = new Object[Irp.MAX_STACK_COUNT + 1];
    private volatile int limit = Integer.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    IrpPool() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
            free[i] = new Irp[16];
        }
    }

    /** An initialised IRP, or null when the outstanding limit (for tests of allocation failure) is reached. */
    Irp allocate(int stackSize) {
        if (stackSize < 1 || stackSize > Irp.MAX_STACK_COUNT) {
            return null;
        }
        if (outstanding.incrementAndGet() > limit) {
            outstanding.decrementAndGet();
            return null;
        }
        Irp irp = null;
        synchronized (locks[stackSize]) {
            int n = counts[stackSize];
            if (n > 0) {
                irp = free[stackSize][--n];
                free[stackSize][n] = null;
                counts[stackSize] = n;
            }
        }
        if (irp == null) {
            irp = new Irp(stackSize);
        }
        irp.reinitialize();
        irp.setState(Irp.STATE_ALLOCATED);
        return irp;
    }

    void release(Irp irp) {
        irp.setState(Irp.STATE_FREE);
        outstanding.decrementAndGet();
        int size = irp.stackCount();
        synchronized (locks[size]) {
            int n = counts[size];
            if (n == PER_SIZE_LIMIT) {
                return;
            }
            if (n == free[size].length) {
                free[size] = java.util.Arrays.copyOf(free[size], n * 2);
            }
            free[size][n] = irp;
            counts[size] = n + 1;
        }
    }

    /** IRPs handed out and not yet released. */
    int outstanding() {
        return outstanding.get();
    }

    /** Caps outstanding IRPs; allocation beyond it fails as IoAllocateIrp does when memory runs out. */
    void limit(int value) {
        limit = value;
    }
}
