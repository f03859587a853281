package ks.gst.types;

import java.util.List;

import com.sun.jna.Pointer;

/**
 * One instance of a ks element ({@code kssrc} or {@code kssink}) as Java sees it: its GObject
 * pointer, its factory, the values of the properties ks installed on its class, and one object the
 * bound {@link KsElementImplementation} attaches (its stream state). Property values live here,
 * not in the implementation, so {@code g_object_set} and {@code g_object_get} work whether or not a
 * bridge is bound, and survive a bridge that stops and starts again.
 *
 * <h2>Threading</h2>
 * Properties are set on any thread ({@code g_object_set}) and read by the implementation on
 * GStreamer's threads; every read and write of a value holds the element's value lock.
 */
public final class KsElement {

    private final Pointer pointer;
    private final String factory;
    private final List<PropertySpec> specs;
    private final Object[] values;
    private volatile Object attachment;

    KsElement(Pointer pointer, String factory, List<PropertySpec> specs) {
        this.pointer = pointer;
        this.factory = factory;
        this.specs = specs;
        this.values = new Object[specs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = specs.get(i).defaultValue();
        }
    }

    /** The element's GObject ({@code GstElement *}). */
    public Pointer pointer() {
        return pointer;
    }

    /** {@code kssrc} or {@code kssink}. */
    public String factory() {
        return factory;
    }

    /** A string property's value; for an enum property, the nick of its value ({@code clock}). */
    public String string(String property) {
        return (String) get(property);
    }

    public int integer(String property) {
        return (Integer) get(property);
    }

    public boolean bool(String property) {
        return (Boolean) get(property);
    }

    /**
     * Sets a property from Java as {@code g_object_set} would (String, Integer, Boolean, or an
     * enum's nick).
     *
     * @throws IllegalArgumentException for a property the element does not have, a value of
     *     another type, an int out of range or an unknown nick
     */
    public void set(String property, Object value) {
        int i = index(property);
        PropertySpec spec = specs.get(i);
        boolean ok = switch (spec.kind()) {
            case STRING -> value instanceof String || value == null;
            case INT -> value instanceof Integer v && v >= spec.min() && v <= spec.max();
            case BOOLEAN -> value instanceof Boolean;
            case ENUM -> spec.nicks().contains(value);
        };
        if (!ok) {
            throw new IllegalArgumentException(factory + " " + property + " cannot be " + value + describeRange(spec));
        }
        store(i, value);
    }

    private static String describeRange(PropertySpec spec) {
        return switch (spec.kind()) {
            case INT -> " (a whole number from " + spec.min() + " to " + spec.max() + ")";
            case ENUM -> " (one of " + String.join(", ", spec.nicks()) + ")";
            default -> "";
        };
    }

    /** The Java type of a property's value: String (also for an enum, by nick), Integer or Boolean. */
    public Class<?> type(String property) {
        return switch (specs.get(index(property)).kind()) {
            case INT -> Integer.class;
            case BOOLEAN -> Boolean.class;
            default -> String.class;
        };
    }

    /** Whether the element has this property of ks's own (not one of its GStreamer base class). */
    public boolean has(String property) {
        for (PropertySpec s : specs) {
            if (s.name().equals(property)) {
                return true;
            }
        }
        return false;
    }

    /** The implementation's state for this element, or null. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object state) {
        this.attachment = state;
    }

    Object get(String property) {
        int i = index(property);
        synchronized (values) {
            return values[i];
        }
    }

    Object get(int index) {
        synchronized (values) {
            return values[index];
        }
    }

    void store(int index, Object value) {
        synchronized (values) {
            values[index] = value;
        }
    }

    PropertySpec spec(int index) {
        return specs.get(index);
    }

    private int index(String property) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(property)) {
                return i;
            }
        }
        throw new IllegalArgumentException(factory + " has no property '" + property + "'");
    }

    @Override
    public String toString() {
        return factory + "@" + Long.toHexString(Pointer.nativeValue(pointer));
    }
}
