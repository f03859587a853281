package ks.api.io;

/**
 * A driver broke a rule of the I/O model that the verifier checks (double completion, completing
 * with STATUS_PENDING, pending not marked, cancel routine left set, no more stack locations, IRPs
 * outstanding on a deleted device). The message names the IRP, its major function and the device.
 */
public class KsVerifierException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The bug-check analogue, e.g. MULTIPLE_IRP_COMPLETE_REQUESTS. */
    private final String rule;

    public KsVerifierException(String rule, String message) {
        super(rule + ": " + message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
