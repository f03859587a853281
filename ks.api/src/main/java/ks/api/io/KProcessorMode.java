package ks.api.io;

/**
 * KPROCESSOR_MODE: the mode a request comes from. {@code RequestorMode} of an IRP and the
 * calling thread's previous mode are values of this type; user-mode requests get their buffers
 * validated, kernel-mode ones are trusted.
 */
public final class KProcessorMode {

    public static final int KernelMode = 0;
    public static final int UserMode = 1;

    private KProcessorMode() {
    }

    /** "KernelMode" or "UserMode". */
    public static String name(int mode) {
        return mode == KernelMode ? "KernelMode" : mode == UserMode ? "UserMode" : "InvalidMode";
    }
}
