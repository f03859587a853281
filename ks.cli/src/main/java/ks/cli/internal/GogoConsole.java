package ks.cli.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The interactive Gogo console of {@code ./ks shell}, opened on the process's terminal once the
 * container has started, so that the first command typed (or piped in) already finds the ks
 * commands. The container runs with {@code gosh.args=--nointeractive}, which keeps the Gogo shell
 * bundle from opening its own console at once. Loaded only in shell mode: the Gogo import is
 * optional.
 */
final class GogoConsole {

    private GogoConsole() {
    }

    /**
     * Runs the console until the user ends it: end of input returns here; Gogo's {@code exit N}
     * ends the JVM with N itself.
     *
     * @throws IllegalStateException if no Gogo command processor appears within {@code timeoutMillis}
     */
    static void run(BundleContext context, long timeoutMillis) throws Exception {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        try {
            CommandProcessor processor = tracker.waitForService(timeoutMillis);
            if (processor == null) {
                throw new IllegalStateException("no Gogo command processor within " + timeoutMillis / 1000 + " s");
            }
            CommandSession session = processor.createSession(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                    new FileOutputStream(FileDescriptor.err));
            try {
                session.execute("gosh --login --noshutdown");
            } finally {
                session.close();
            }
        } finally {
            tracker.close();
        }
    }
}
