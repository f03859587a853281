package ks.core.internal.io;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.framework.Constants;

/** How a message names a configuration a component could not take. */
public final class Configurations {

    private Configurations() {
    }

    /** The configuration's file as Apache FileInstall names it ({@code ks.filter-negative.cfg}), else its PID. */
    public static String source(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            return f.substring(f.lastIndexOf('/') + 1);
        }
        return "configuration " + properties.get(Constants.SERVICE_PID);
    }

    /** The items of a list property, each value of which may itself be a comma-separated list (as a .cfg file gives it). */
    public static List<String> list(String[] values) {
        return values == null ? List.of()
                : Stream.of(values).flatMap(v -> Stream.of(v.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * An int property: DS's conversion of it, or an IllegalArgumentException naming the property
     * and its value when DS cannot convert it.
     */
    public static int integer(Map<String, Object> properties, String key, java.util.function.IntSupplier converted) {
        try {
            return converted.getAsInt();
        } catch (RuntimeException e) { // DS's ComponentException around a NumberFormatException
            throw new IllegalArgumentException(key + " '" + properties.get(key) + "': use a whole number");
        }
    }
}
