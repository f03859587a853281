package ks.core.internal.io;

import ks.api.io.KProcessorMode;

/**
 * The calling thread's previous mode (ExGetPreviousMode). Threads that never crossed a framework
 * boundary count as UserMode callers: their buffers are not trusted.
 */
final class PreviousMode {

    private static final class Holder {
        int mode = KProcessorMode.UserMode;
    }

    private final ThreadLocal<Holder> current = ThreadLocal.withInitial(Holder::new);

    int get() {
        return current.get().mode;
    }

    int exchange(int mode) {
        Holder h = current.get();
        int old = h.mode;
        h.mode = mode;
        return old;
    }
}
