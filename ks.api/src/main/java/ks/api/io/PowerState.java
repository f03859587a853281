package ks.api.io;

/**
 * The power constants of wdm.h: POWER_STATE_TYPE, SYSTEM_POWER_STATE, DEVICE_POWER_STATE and
 * POWER_ACTION, as Parameters.Power carries them in IRP_MN_QUERY_POWER and IRP_MN_SET_POWER.
 */
public final class PowerState {

    private PowerState() {
    }

    // POWER_STATE_TYPE
    public static final int SYSTEM_POWER_STATE = 0;
    public static final int DEVICE_POWER_STATE = 1;

    // SYSTEM_POWER_STATE
    public static final int POWER_SYSTEM_UNSPECIFIED = 0;
    public static final int POWER_SYSTEM_WORKING = 1;
    public static final int POWER_SYSTEM_SLEEPING1 = 2;
    public static final int POWER_SYSTEM_SLEEPING2 = 3;
    public static final int POWER_SYSTEM_SLEEPING3 = 4;
    public static final int POWER_SYSTEM_HIBERNATE = 5;
    public static final int POWER_SYSTEM_SHUTDOWN = 6;

    // DEVICE_POWER_STATE
    public static final int POWER_DEVICE_UNSPECIFIED = 0;
    public static final int POWER_DEVICE_D0 = 1;
    public static final int POWER_DEVICE_D1 = 2;
    public static final int POWER_DEVICE_D2 = 3;
    public static final int POWER_DEVICE_D3 = 4;

    // POWER_ACTION
    public static final int POWER_ACTION_NONE = 0;
    public static final int POWER_ACTION_SLEEP = 2;
    public static final int POWER_ACTION_HIBERNATE = 3;
    public static final int POWER_ACTION_SHUTDOWN = 4;
    public static final int POWER_ACTION_SHUTDOWN_RESET = 5;
    public static final int POWER_ACTION_SHUTDOWN_OFF = 6;

    /** "PowerDeviceD3", "PowerSystemWorking", for messages. */
    public static String toString(int type, int state) {
        if (type == DEVICE_POWER_STATE) {
            return state >= POWER_DEVICE_D0 && state <= POWER_DEVICE_D3 ? "PowerDeviceD" + (state - 1) : "PowerDeviceUnspecified";
        }
        switch (state) {
            case POWER_SYSTEM_WORKING: return "PowerSystemWorking";
            case POWER_SYSTEM_SLEEPING1: return "PowerSystemSleeping1";
            case POWER_SYSTEM_SLEEPING2: return "PowerSystemSleeping2";
            case POWER_SYSTEM_SLEEPING3: return "PowerSystemSleeping3";
            case POWER_SYSTEM_HIBERNATE: return "PowerSystemHibernate";
            case POWER_SYSTEM_SHUTDOWN: return "PowerSystemShutdown";
            default: return "PowerSystemUnspecified";
        }
    }
}
