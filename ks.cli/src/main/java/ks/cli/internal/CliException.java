package ks.cli.internal;

import java.io.PrintStream;

/** A user mistake or a failure with the message to print and the exit code the command ends with. */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Not a mistake: {@code --help} or {@code -h} asked for the usage, which is the message (printed to standard output). */
    static final int HELP = 0;
    /** Something went wrong while running (device error, GStreamer error, timeout). */
    static final int FAILED = 1;
    /** Bad command line: unknown option, missing or malformed value. */
    static final int USAGE = 2;
    /** No such device. */
    static final int NO_DEVICE = 3;
    /** The device offers no mode with the format, size or rate asked for. */
    static final int UNSUPPORTED = 4;
    /** The output cannot be written. */
    static final int OUTPUT = 5;
    /** GStreamer, or one of the elements the command needs, is not installed. */
    static final int GSTREAMER = 6;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** Prints the message where it belongs (the usage asked for to {@code out}, a mistake to {@code err}); returns the exit code. */
    int report(PrintStream out, PrintStream err) {
        (exitCode == HELP ? out : err).println(getMessage());
        return exitCode;
    }
}
