package ks.api.ks;

/**
 * KSSTATE: the streaming state of a pin (or filter). Transitions go one step at a time
 * STOP → ACQUIRE → PAUSE → RUN and back.
 */
public enum KsState {
    KSSTATE_STOP(0),
    KSSTATE_ACQUIRE(1),
    KSSTATE_PAUSE(2),
    KSSTATE_RUN(3),
    /** A value outside the four states, as read from a malformed request. */
    UNKNOWN(-1);

    private final int value;

    KsState(int value) {
        this.value = value;
    }

    /** The KSSTATE value on the wire. */
    public int value() {
        return value;
    }

    /** The state of a wire value; {@link #UNKNOWN} for anything else. */
    public static KsState of(int value) {
        switch (value) {
            case 0: return KSSTATE_STOP;
            case 1: return KSSTATE_ACQUIRE;
            case 2: return KSSTATE_PAUSE;
            case 3: return KSSTATE_RUN;
            default: return UNKNOWN;
        }
    }
}
