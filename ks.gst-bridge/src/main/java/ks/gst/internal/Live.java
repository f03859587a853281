package ks.gst.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's live objects (kssrc and kssink elements, device monitors), each with what to do when
 * the bridge stops: whatever the application still holds, no thread and no device the bridge
 * opened outlives the bundle.
 */
public final class Live {

    private static final Map<Object, Runnable> OPEN = new ConcurrentHashMap<>();

    private Live() {
    }

    /** {@code owner} is live; {@code onBridgeStop} ends it (posts its error, stops its thread, closes its device). */
    public static void opened(Object owner, Runnable onBridgeStop) {
        OPEN.put(owner, onBridgeStop);
    }

    public static void closed(Object owner) {
        OPEN.remove(owner);
    }

    /** How many objects are live. */
    public static int count() {
        return OPEN.size();
    }

    /** Ends every live object; returns how many there were. */
    public static int stopAll() {
        List<Map.Entry<Object, Runnable>> all = List.copyOf(OPEN.entrySet());
        for (Map.Entry<Object, Runnable> e : all) {
            try {
                e.getValue().run();
            } catch (RuntimeException ex) {
                System.getLogger(Live.class.getName()).log(System.Logger.Level.WARNING, "stopping " + e.getKey() + " failed", ex);
            }
            OPEN.remove(e.getKey());
        }
        return all.size();
    }
}
