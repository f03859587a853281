package ks.api.fastio;

/**
 * Names of the fast-I/O service properties and configuration.
 *
 * <h2>Providers</h2>
 * A provider is a {@link ks.api.io.FastIoDispatch} service with a {@link #PROVIDER} name (and,
 * optionally, {@code service.ranking}). Providers may come and go at any time; a request in
 * progress finishes on the provider it started on, and later requests use what is bound then.
 *
 * <h2>Bindings (opt-in)</h2>
 * A driver uses fast I/O only when a factory configuration with PID {@link #BINDING_PID} matches
 * it. Each binding names:
 * <ul>
 * <li>{@link #DRIVER}: the driver it applies to ({@code KsTest} or {@code \Driver\KsTest}), {@code *}
 *     wildcards allowed; default {@code *};</li>
 * <li>{@link #DEVICE}: a device object name in the request's device stack ({@code \Device\KsTest}),
 *     wildcards allowed; default {@code *};</li>
 * <li>{@link #PROVIDERS}: provider names in order of preference; empty means every provider,
 *     by service ranking; default {@code streaming};</li>
 * <li>{@link #RANKING}: when several bindings match a request, the highest ranking wins (then
 *     the one with a specific device, then a specific driver);</li>
 * <li>{@link #READY_FRAMES}: the depth of the ready ring of each pin created on a matching device
 *     (frames kept when no request waits), default 4; 0 for none.</li>
 * </ul>
 * The providers of the winning binding are asked in order (then by service ranking, highest
 * first) until one returns true; when none does, or no binding matches, the request goes down
 * the device stack as an IRP. A driver that sets its own FastIoDispatch in DriverEntry keeps it.
 */
public final class FastIo {

    /** Service property: the provider's name, e.g. {@code streaming}, {@code none}. */
    public static final String PROVIDER = "ks.fastio.provider";

    /** Factory PID of a binding. */
    public static final String BINDING_PID = "ks.fastio.binding";

    public static final String DRIVER = "driver";
    public static final String DEVICE = "device";
    public static final String PROVIDERS = "providers";
    public static final String RANKING = "ranking";
    public static final String READY_FRAMES = "readyFrames";

    /** The provider of ks.fastio that serves stream reads and writes from a pin's ready ring. */
    public static final String STREAMING = "streaming";

    /** The provider of ks.fastio that declines everything: a binding naming it turns fast I/O off. */
    public static final String NONE = "none";

    private FastIo() {
    }
}
