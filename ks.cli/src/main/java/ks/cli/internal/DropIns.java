package ks.cli.internal;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

/**
 * The drop-in folder for third-party bundles ({@code ks.bundles.dir}, default {@code bundles/}
 * next to {@code ./ks}): Apache FileInstall installs and starts every bundle put there (and
 * updates or removes it when the file changes or goes). {@code ./ks install FILE.jar} checks the
 * file is a bundle, copies it there, waits for it to start and names the drivers it registers;
 * {@code ./ks uninstall NAME} removes it again; every other command waits for the folder's bundles
 * before it looks at devices.
 */
final class DropIns {

    private static final long START_MILLIS = 20_000;

    private DropIns() {
    }

    /** ./ks install FILE.jar | ./ks uninstall NAME (Bundle-SymbolicName or file name). */
    static int command(BundleContext context, String command, String[] args, PrintStream out, PrintStream err) {
        String dir = context.getProperty("ks.bundles.dir");
        if (dir == null) {
            err.println("ks " + command + ": no drop-in folder (ks.bundles.dir is not set; run it through ./ks)");
            return CommandRunner.EXIT_USAGE;
        }
        if (args.length != 1) {
            err.println("ks " + command + ": name one " + (command.equals("install") ? "bundle file" : "bundle") + " (usage: ks "
                    + (command.equals("install") ? "install BUNDLE.jar" : "uninstall NAME") + ")");
            return CommandRunner.EXIT_USAGE;
        }
        return command.equals("install") ? install(context, Path.of(args[0]), Path.of(dir), out, err)
                : uninstall(context, args[0], Path.of(dir), out, err);
    }

    /** The Bundle-SymbolicName (without directives) and Bundle-Version of a jar, or null when it is no bundle. */
    static String[] identity(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                return null;
            }
            String version = m.getMainAttributes().getValue("Bundle-Version");
            return new String[] {bsn.split(";")[0].trim(), version == null ? "0.0.0" : version};
        }
    }

    static int install(BundleContext context, Path file, Path dir, PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(file)) {
            err.println("ks install: no file " + file);
            return CommandRunner.EXIT_USAGE;
        }
        String[] id;
        try {
            id = identity(file);
        } catch (IOException e) {
            err.println("ks install: " + file + " is not a jar file (" + e.getMessage() + ")");
            return CommandRunner.EXIT_USAGE;
        }
        if (id == null) {
            err.println("ks install: " + file + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
            return CommandRunner.EXIT_USAGE;
        }
        Path target = dir.resolve(file.getFileName());
        for (Bundle b : context.getBundles()) {
            if (id[0].equals(b.getSymbolicName()) && !inFolder(b, dir)) {
                err.println("ks install: " + id[0] + " is part of the container already (" + b.getLocation() + ")");
                return 1;
            }
        }
        try {
            Files.createDirectories(dir);
            if (!file.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            err.println("ks install: cannot copy " + file + " into " + dir + ": " + e.getMessage());
            return 5;
        }
        Bundle b = awaitInstalled(context, target, START_MILLIS);
        String problem = b == null ? "FileInstall did not install it within " + START_MILLIS / 1000 + " s" : startProblem(b);
        if (problem != null) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                // reported below with the reason; the file stays
            }
            err.println("ks install: " + id[0] + " " + id[1] + " does not start: " + problem + "; it was taken out of " + dir + " again");
            return 1;
        }
        List<String> drivers = awaitDrivers(context, b, 5_000);
        out.println("installed " + id[0] + " " + id[1] + " into " + dir + " (" + target.getFileName() + "); "
                + (drivers.isEmpty() ? "it registers no KsDriver" : "drivers: " + String.join(", ", drivers)));
        return 0;
    }

    static int uninstall(BundleContext context, String name, Path dir, PrintStream out, PrintStream err) {
        File[] jars = dir.toFile().listFiles((d, n) -> n.endsWith(".jar"));
        List<String> removed = new ArrayList<>();
        for (File f : jars == null ? new File[0] : jars) {
            try {
                String[] id = identity(f.toPath());
                if (f.getName().equals(name) || (id != null && id[0].equals(name))) {
                    Files.delete(f.toPath());
                    removed.add(f.getName());
                }
            } catch (IOException e) {
                err.println("ks uninstall: cannot read or remove " + f + ": " + e.getMessage());
                return 1;
            }
        }
        if (removed.isEmpty()) {
            err.println("ks uninstall: no bundle '" + name + "' in " + dir);
            return 3;
        }
        out.println("removed " + String.join(", ", removed) + " from " + dir + "; the next ./ks run starts without it");
        return 0;
    }

    /**
     * Before a command looks: waits until every jar in the drop-in folder is an active bundle (a
     * fragment resolved), and names those that do not start and why.
     */
    static void awaitStarted(BundleContext context, long timeoutMillis, PrintStream err) {
        String dir = context.getProperty("ks.bundles.dir");
        File[] jars = dir == null ? null : new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (File jar : jars) {
            Bundle b = awaitInstalled(context, jar.toPath(), Math.max(0, deadline - System.currentTimeMillis()));
            String problem = b == null ? "FileInstall did not install it" : startProblem(b);
            if (problem != null) {
                err.println("ks: " + jar + " does not start: " + problem);
            }
        }
    }

    private static boolean inFolder(Bundle b, Path dir) {
        return b.getLocation().contains(dir.toAbsolutePath().normalize().toUri().getPath());
    }

    /**
     * The bundle FileInstall made of {@code jar}: once it is active (a fragment resolved), or once
     * it has stayed unstarted for two seconds (it does not resolve); null when none appears in time.
     */
    private static Bundle awaitInstalled(BundleContext context, Path jar, long timeoutMillis) {
        String uri = jar.toAbsolutePath().normalize().toUri().getPath();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long seenIdleSince = 0;
        Bundle seen = null;
        while (true) {
            for (Bundle b : context.getBundles()) {
                if (b.getLocation().endsWith(uri) && b.getState() != Bundle.UNINSTALLED) {
                    boolean fragment = b.getHeaders().get("Fragment-Host") != null;
                    if (b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED) {
                        return b;
                    }
                    if (seen != b) {
                        seen = b;
                        seenIdleSince = System.currentTimeMillis();
                    } else if (System.currentTimeMillis() - seenIdleSince > 2_000) {
                        return b;
                    }
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                return seen;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen;
            }
        }
    }

    /** Null when the bundle runs; else why not, from the framework's own resolution error. */
    private static String startProblem(Bundle b) {
        boolean fragment = b.getHeaders().get("Fragment-Host") != null;
        if (b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED) {
            return null;
        }
        if (fragment) {
            return "the fragment does not resolve";
        }
        try {
            b.start();
            return b.getState() == Bundle.ACTIVE ? null : "it is " + b.getState();
        } catch (BundleException e) {
            return e.getMessage();
        }
    }

    private static List<String> awaitDrivers(BundleContext context, Bundle b, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> drivers = new ArrayList<>();
        while (drivers.isEmpty() && System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = b.getRegisteredServices();
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                Object name = r.getProperty(ks.api.io.KsDriver.NAME);
                if (name != null) {
                    drivers.add("\\Driver\\" + name);
                }
            }
            if (drivers.isEmpty()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return drivers;
    }
}
