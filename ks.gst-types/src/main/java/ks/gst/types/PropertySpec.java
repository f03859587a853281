package ks.gst.types;

import java.util.List;

/**
 * One property of a ks element as installed on its class: a GParamSpec of type string, int,
 * boolean or enum, readable and writable, with its blurb, default and range.
 *
 * @param name the property name ({@code device})
 * @param blurb what it does, as gst-inspect-1.0 shows it
 * @param kind its type
 * @param defaultValue a String, Integer, Boolean, or for an enum the nick of its default value
 * @param min the least value of an int property
 * @param max the greatest value of an int property
 * @param nicks the values of an enum property, in the order of their numbers (0, 1, ...)
 */
record PropertySpec(String name, String blurb, Kind kind, Object defaultValue, int min, int max, List<String> nicks) {

    enum Kind { STRING, INT, BOOLEAN, ENUM }

    static PropertySpec string(String name, String blurb, String defaultValue) {
        return new PropertySpec(name, blurb, Kind.STRING, defaultValue, 0, 0, List.of());
    }

    static PropertySpec integer(String name, String blurb, int min, int max, int defaultValue) {
        return new PropertySpec(name, blurb, Kind.INT, defaultValue, min, max, List.of());
    }

    static PropertySpec bool(String name, String blurb, boolean defaultValue) {
        return new PropertySpec(name, blurb, Kind.BOOLEAN, defaultValue, 0, 0, List.of());
    }

    static PropertySpec choice(String name, String blurb, String defaultValue, String... nicks) {
        return new PropertySpec(name, blurb, Kind.ENUM, defaultValue, 0, nicks.length - 1, List.of(nicks));
    }
}
