package ks.cli.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command's options: {@code --name value} pairs and {@code --flag}s from a fixed set, parsed up
 * front so a mistake is reported before anything starts, with typed getters that name the option
 * in their messages.
 */
final class Options {

    /** Options that may be given more than once; their values are joined with commas ({@code --control A=1 --control B=2}). */
    private static final Set<String> REPEATABLE = Set.of("--control");

    private final String command;
    private final String usage;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new java.util.ArrayList<>();

    private Options(String command, String usage) {
        this.command = command;
        this.usage = usage;
    }

    /**
     * @param withValue options that take a value
     * @param flags options without one
     * @param maxPositional how many plain arguments the command takes
     */
    static Options parse(String command, String usage, String[] args, Set<String> withValue, Set<String> flags, int maxPositional)
            throws CliException {
        Options o = new Options(command, usage);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (isHelp(a)) {
                throw help(usage);
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw o.usage(name + " needs a value");
                    }
                    value = args[++i];
                }
                if (REPEATABLE.contains(name)) {
                    o.values.merge(name, value, (first, next) -> first + "," + next);
                } else {
                    o.values.put(name, value);
                }
            } else if (flags.contains(a)) {
                o.values.put(a, "true");
            } else if (a.startsWith("-")) {
                throw o.usage("unknown option " + a);
            } else if (o.positional.size() < maxPositional) {
                o.positional.add(a);
            } else {
                throw o.usage("unexpected argument '" + a + "'");
            }
        }
        return o;
    }

    CliException usage(String problem) {
        return mistake(command, usage, problem);
    }

    /** A command-line mistake of {@code command}: the problem, then the usage. */
    static CliException mistake(String command, String usage, String problem) {
        return new CliException(CliException.USAGE, "ks " + command + ": " + problem + "\nusage: " + usage);
    }

    /** Whether an argument asks for the usage ({@code --help} or {@code -h}). */
    static boolean isHelp(String argument) {
        return "--help".equals(argument) || "-h".equals(argument);
    }

    /** The usage asked for, reported as a {@link CliException#HELP} on standard output. */
    static CliException help(String usage) {
        return new CliException(CliException.HELP, "usage: " + usage);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    List<String> positional() {
        return positional;
    }

    /** A whole number of at least {@code min}. */
    int integer(String name, int fallback, int min) throws CliException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw usage(name + " must be at least " + min + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            if (v.trim().matches("\\+?\\d+")) {
                throw usage(name + " must be at most " + Integer.MAX_VALUE + ", not " + v.trim());
            }
            throw usage(name + " takes a whole number, not '" + v + "'");
        }
    }

    /** A number greater than zero. */
    double positive(String name, double fallback) throws CliException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                throw usage(name + " must be greater than zero, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw usage(name + " takes a number, not '" + v + "'");
        }
    }

    /** WIDTHxHEIGHT, or null when absent. */
    int[] size(String name) throws CliException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        String[] wh = v.toLowerCase(Locale.ROOT).split("x");
        try {
            if (wh.length == 2) {
                int w = Integer.parseInt(wh[0].trim());
                int h = Integer.parseInt(wh[1].trim());
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(name + " takes WIDTHxHEIGHT, e.g. 640x480, not '" + v + "'");
    }
}
