package ks.core.internal.ks;

import ks.api.ks.KsState;

/**
 * A filter's presentation clock in 100 ns units: it runs while at least one pin of the filter is
 * in RUN, holds while none is, and restarts from 0 when every pin is back in STOP.
 *
 * <h2>Threading</h2>
 * Guarded by this object; {@link #time()} may be called from any thread.
 */
final class PresentationClock {

    private long base;
    private long runningSince;
    private int running;
    private int active;

    synchronized long time() {
        return running > 0 ? base + (System.nanoTime() - runningSince) / 100 : base;
    }

    /** KSPROPERTY_STREAM_PRESENTATIONTIME SET: the clock continues from {@code time100ns}. */
    synchronized void set(long time100ns) {
        base = time100ns;
        runningSince = System.nanoTime();
    }

    /** A pin of the filter moved from one state to the next (one step). */
    synchronized void pinMoved(KsState from, KsState to) {
        if (to == KsState.KSSTATE_RUN) {
            if (running++ == 0) {
                runningSince = System.nanoTime();
            }
        } else if (from == KsState.KSSTATE_RUN) {
            if (--running == 0) {
                base += (System.nanoTime() - runningSince) / 100;
            }
        }
        if (from == KsState.KSSTATE_STOP) {
            active++;
        } else if (to == KsState.KSSTATE_STOP && --active == 0) {
            base = 0;
        }
    }
}
