package ks.gst.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.sun.jna.Pointer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import ks.gst.types.KsElementTypes;

/**
 * The Java side of the GStreamer plugin file {@code libgstks.so}. Its plugin_init (C, JNI) finds or
 * creates the process's JVM with {@code ks/lib} on the class path and calls {@link #pluginInit},
 * which registers kssrc, kssink and ksdeviceprovider as features of that plugin. Nothing else
 * happens then, so the registry scan (gst-plugin-scanner) and gst-inspect-1.0 stay fast and
 * leave nothing behind. The first time an element starts or the device provider is asked for
 * devices, {@link #boot} starts the ks container headless in the process — Felix with the bundles
 * of {@code ks/bundles}, JNA and ks.gst-types served from the class path by the system bundle so the
 * GTypes' dispatcher is the one the container binds — and waits until the elements are bound to
 * its I/O manager.
 *
 * <h2>Where things are</h2>
 * {@code ks/java-home} names the JDK (KS_JAVA_HOME overrides it; read by the C side);
 * {@code ks/config-dir} the configuration directory read live as {@code ./ks} does (KS_CONFIG
 * overrides it); the container's storage is {@code $XDG_CACHE_HOME/ks/gst-plugin-PID} (default
 * {@code ~/.cache}), and the storage of processes that have ended is removed at the next boot.
 * {@code KS_LOG=1} keeps the container's INFO log on stderr; by default only warnings show.
 */
public final class Loader {

    private static final long BIND_SECONDS = 30;
    /** How long the device list may still change after the container is up, before the provider answers. */
    private static final long SETTLE_MILLIS = 300;
    private static final String STORAGE_PREFIX = "gst-plugin-";

    private static final Object LOCK = new Object();
    private static Path home;
    private static Framework framework;
    private static String failure;

    private Loader() {
    }

    /**
     * Called by libgstks.so's plugin_init: registers the features into {@code plugin} and, outside
     * the registry scan, arranges for the container to boot on first use.
     *
     * @param plugin the GstPlugin being loaded
     * @param scanner whether this is gst-plugin-scanner, which only records the features
     * @param homeDir the plugin's {@code ks} directory
     */
    public static boolean pluginInit(long plugin, boolean scanner, String homeDir) {
        try {
            if (System.getenv("KS_LOG") == null) {
                Logger.getLogger("").setLevel(Level.WARNING);
            }
            home = Path.of(homeDir);
            boolean registered = KsElementTypes.registerInto(new Pointer(plugin));
            if (!scanner) {
                KsElementTypes.onDemand(Loader::boot);
            }
            return registered;
        } catch (Throwable t) {
            System.err.println("ks: the ks GStreamer plugin cannot register its elements: " + t.getMessage());
            return false;
        }
    }

    /** Boots the container once and waits for the elements to be bound; false (with the reason on stderr once) when it cannot. */
    static boolean boot() {
        synchronized (LOCK) {
            if (framework == null && failure == null) {
                try {
                    framework = start();
                } catch (Exception | LinkageError e) {
                    failure = String.valueOf(e.getMessage());
                    System.err.println("ks: the ks container does not start in this process: " + failure);
                }
            }
            if (framework == null) {
                return false;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BIND_SECONDS);
        while (KsElementTypes.bound() == null && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (KsElementTypes.bound() == null) {
            System.err.println("ks: the ks container started, but its GStreamer bridge did not bind the elements within "
                    + BIND_SECONDS + " s");
            return false;
        }
        settle();
        return true;
    }

    /**
     * The container's devices arrive while it starts (the virtual camera, configured cameras): waits,
     * up to three seconds, until the device list has stayed the same for {@link #SETTLE_MILLIS}, so a
     * first listing (gst-device-monitor-1.0) shows them.
     */
    private static void settle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<String> last = null;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            var impl = KsElementTypes.bound();
            if (impl == null) {
                return;
            }
            List<String> now = impl.devices().stream().map(d -> d.symbolicLink()).toList();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (!now.isEmpty() && System.nanoTime() - stableSince >= TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
                return;
            }
            sleep(50);
        }
    }

    private static Framework start() throws BundleException, IOException {
        Path storage = storage();
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, exports(com.sun.jna.Native.class) + "," + exports(KsElementTypes.class));
        p.put("ks.gst.embedded", "true");
        p.put("felix.log.level", "1");
        String config = System.getenv("KS_CONFIG");
        if (config == null) {
            config = Files.readString(home.resolve("config-dir")).trim();
        }
        if (Files.isDirectory(Path.of(config))) {
            p.put("felix.fileinstall.dir", Path.of(config).toAbsolutePath().toString());
            p.put("felix.fileinstall.poll", "500");
            p.put("felix.fileinstall.noInitialDelay", "true");
            p.put("felix.fileinstall.enableConfigSave", "false");
            p.put("felix.fileinstall.log.level", "2");
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Loader.class.getClassLoader()).iterator().next();
        Framework fw = factory.newFramework(p);
        fw.init();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                if (config.isEmpty() && jar.getFileName().toString().startsWith("org.apache.felix.fileinstall")) {
                    continue;
                }
                installed.add(fw.getBundleContext().installBundle(jar.toUri().toString()));
            }
        }
        fw.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        return fw;
    }

    /** The Export-Package header of the jar {@code type} came from: what the system bundle exports in its name. */
    private static String exports(Class<?> type) throws IOException {
        Path jar;
        try {
            jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            String exports = f.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
            if (exports == null) {
                throw new IOException(jar + " exports no package");
            }
            return exports;
        }
    }

    /** This process's framework storage, after removing those of processes that have ended. */
    private static Path storage() throws IOException {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = (cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache")).resolve("ks");
        Files.createDirectories(base);
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith(STORAGE_PREFIX)) {
                    try {
                        long pid = Long.parseLong(name.substring(STORAGE_PREFIX.length()));
                        if (ProcessHandle.of(pid).isEmpty()) {
                            delete(d);
                        }
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            }
        }
        return base.resolve(STORAGE_PREFIX + ProcessHandle.current().pid());
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left for the next boot
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
