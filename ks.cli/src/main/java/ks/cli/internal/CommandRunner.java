package ks.cli.internal;

import java.io.PrintStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs one command when the container is started by {@code ./ks} with the framework property
 * {@code ks.cli.command} (and optional {@code ks.cli.args}), prints its output and ends the JVM
 * with the command's exit code; {@code ks.cli.command=shell} opens the interactive Gogo console
 * instead, once the container has started. Without the property it does nothing, so the container
 * can also run as a long-lived service.
 */
@Component(immediate = true)
public final class CommandRunner {

    /** Exit code for a command line the runner does not understand. */
    static final int EXIT_USAGE = 2;

    /** Settling time after the configuration files are in Config Admin, for the components and stacks they change. */
    private static final long SETTLE_MILLIS = 500;

    /**
     * Waits until Apache FileInstall has put every configuration file of {@code felix.fileinstall.dir}
     * into Config Admin (it marks them with {@code felix.fileinstall.filename}), then lets the
     * components they configure settle, so a one-shot command sees the configured devices and filters.
     */
    static void awaitConfigurationFiles(BundleContext context, long timeoutMillis) {
        String dirs = context.getProperty("felix.fileinstall.dir");
        if (dirs == null) {
            return;
        }
        int files = 0;
        for (String dir : dirs.split(",")) { // the configuration folder and the drop-in folder
            java.io.File[] in = new java.io.File(dir.trim()).listFiles((d, n) -> n.endsWith(".cfg") || n.endsWith(".config"));
            files += in == null ? 0 : in.length;
        }
        if (files == 0) {
            return;
        }
        org.osgi.framework.ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref = null;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (System.currentTimeMillis() < deadline) {
                ref = ref != null ? ref : context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
                org.osgi.service.cm.ConfigurationAdmin cm = ref == null ? null : context.getService(ref);
                if (cm != null) {
                    org.osgi.service.cm.Configuration[] configs = cm.listConfigurations("(felix.fileinstall.filename=*)");
                    context.ungetService(ref);
                    if (configs != null && configs.length >= files) {
                        Thread.sleep(SETTLE_MILLIS);
                        return;
                    }
                }
                Thread.sleep(20);
            }
            System.err.println("ks: not every configuration file in " + dirs + " was read within " + timeoutMillis / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException e) {
            System.err.println("ks: cannot list configurations: " + e.getMessage());
        }
    }

    @Activate
    public CommandRunner(BundleContext context, @Reference KsCommands commands) {
        String command = context.getProperty("ks.cli.command");
        if (command == null) {
            return;
        }
        String args = context.getProperty("ks.cli.args");
        Thread t = new Thread(() -> {
            // the launcher starts bundles one by one after the framework is up: wait for all of them,
            // so drivers in other bundles are loaded before the command looks
            if (!awaitAllBundlesActive(context, 60_000)) {
                System.err.println("ks: the container did not finish starting within 60 s");
            }
            DropIns.awaitStarted(context, 20_000, System.err);
            awaitConfigurationFiles(context, 20_000);
            if (command.equals(SHELL)) {
                try {
                    GogoConsole.run(context, 20_000);
                    System.exit(0); // end of input: a script piped into ./ks shell ran to its end
                } catch (Exception | LinkageError e) {
                    System.err.println("ks shell: cannot open the Gogo console: " + e);
                    System.exit(1);
                }
            }
            int code;
            try {
                code = command.equals("install") || command.equals("uninstall")
                        ? DropIns.command(context, command, arguments(args), System.out, System.err)
                        : run(commands, command, arguments(args), System.out, System.err);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("ks " + command + ": internal error: " + e);
                e.printStackTrace();
                code = 1;
            }
            System.out.flush();
            System.exit(code); // a one-shot run ends the container, whatever the exit code
        }, "ks-cli");
        t.start();
    }

    /** The arguments as ./ks passes them: separated by the ASCII unit separator, so they may contain spaces. */
    static String[] arguments(String joined) {
        if (joined == null || joined.isEmpty()) {
            return new String[0];
        }
        return joined.split(ARG_SEPARATOR, -1);
    }

    /** The {@code ks.cli.command} of {@code ./ks shell}. */
    static final String SHELL = "shell";

    /** Between two arguments in {@code ks.cli.args}. */
    static final String ARG_SEPARATOR = "\u001f";

    static boolean awaitAllBundlesActive(BundleContext context, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            boolean all = true;
            for (Bundle b : context.getBundles()) {
                boolean fragment = b.getHeaders().get("Fragment-Host") != null;
                if (!fragment && b.getState() != Bundle.ACTIVE) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static int run(KsCommands commands, String command, String[] args, PrintStream out, PrintStream err) {
        String[] a = args.length == 1 && args[0].isEmpty() ? new String[0] : args;
        switch (command) {
            case "devices":
                if (a.length == 0) {
                    out.print(commands.devices());
                    return 0;
                }
                if (a.length == 1 && a[0].equals("--json")) {
                    out.println(commands.devices("--json"));
                    return 0;
                }
                err.println("ks devices: unknown option " + String.join(" ", a) + " (usage: ks devices [--json])");
                return EXIT_USAGE;
            case "capture":
                return commands.capture(a, out, err);
            case "stream":
                return commands.stream(a, out, err);
            case "launch":
                return commands.launch(a, out, err);
            case "describe":
                return commands.describe(a, out, err);
            case "control":
                return commands.control(a, out, err);
            case "stack":
                if (a.length != 1) {
                    err.println("ks stack: name one device (usage: ks stack DEVICE)");
                    return EXIT_USAGE;
                }
                String s = commands.stack(a[0]);
                (s.startsWith("ks stack:") ? err : out).println(s);
                return s.startsWith("ks stack:") ? CliException.NO_DEVICE : 0;
            case "stats":
                if (a.length != 0) {
                    err.println("ks stats: takes no options, not " + String.join(" ", a) + " (usage: ks stats)");
                    return EXIT_USAGE;
                }
                try {
                    out.println(commands.stats());
                    return 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            default:
                err.println("ks: unknown command '" + command + "' (see: ks help)");
                return EXIT_USAGE;
        }
    }
}
