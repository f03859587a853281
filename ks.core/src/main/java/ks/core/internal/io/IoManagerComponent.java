package ks.core.internal.io;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ks.api.io.DeviceInterface;
import ks.api.fastio.FastIo;
import ks.api.io.DriverObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.IoManager;
import ks.api.io.KsDriver;
import ks.core.internal.diagnostics.Verifier;
import ks.core.internal.fastio.FastIoBindingConfig;
import ks.core.internal.fastio.FastIoRouter;
import ks.core.internal.pnp.FilterBindingConfig;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the I/O manager as the {@link IoManager} service and loads every {@link KsDriver}
 * service into it (whiteboard): DriverEntry on arrival, device removal and DriverUnload on
 * departure. Also loads the built-in Null driver and the root bus, and publishes every enabled
 * device interface as a {@link DeviceInterface} service.
 */
@Component(service = {}, configurationPid = "ks.core", immediate = true)
@Designate(ocd = IoManagerComponent.Config.class)
public final class IoManagerComponent {

    @ObjectClassDefinition(name = "ks I/O manager", description = "Settings of the ks I/O manager")
    public @interface Config {
        @AttributeDefinition(name = "Verifier", description = "Check driver rules (pending, completion, cancel, outstanding IRPs) and fail fast on a violation")
        boolean verifier() default false;
    }

    private final IoManagerImpl io;
    private final ServiceRegistration<IoManager> registration;
    private final Map<KsDriver, DriverObject> loaded = new ConcurrentHashMap<>();
    private final Map<String, ServiceRegistration<DeviceInterface>> published = new ConcurrentHashMap<>();
    private final AutoCloseable interfaceNotification;

    @Activate
    public IoManagerComponent(BundleContext context, Config config, Map<String, Object> properties) {
        Object asked = properties.get("verifier");
        boolean verifier = config.verifier() || Boolean.parseBoolean(context.getProperty("ks.verifier"));
        if (asked instanceof String && !((String) asked).trim().matches("(?i)true|false")) {
            // DS reads anything but "true" as false: say so rather than run without the checks asked for
            System.getLogger(IoManagerComponent.class.getName()).log(System.Logger.Level.ERROR,
                    "ks.core: verifier '" + asked + "': use true or false; the verifier stays " + (verifier ? "on" : "off"));
        }
        this.io = new IoManagerImpl(verifier);
        NullDriver.load(io);
        this.registration = context.registerService(IoManager.class, io, null);
        this.interfaceNotification = io.registerPlugPlayNotification(null, true, (arrival, di) -> publish(context, arrival, di));
    }

    /** Mirrors device-interface arrival and removal as {@link DeviceInterface} services. */
    private void publish(BundleContext context, boolean arrival, DeviceInterface di) {
        if (!arrival) {
            ServiceRegistration<DeviceInterface> r = published.remove(di.symbolicLink());
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // the framework is stopping and took it already
                }
            }
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceInterface.SERVICE_CLASS, "{" + di.interfaceClass().toString().toUpperCase(Locale.ROOT) + "}");
        props.put(DeviceInterface.SERVICE_LINK, di.symbolicLink());
        props.put(DeviceInterface.SERVICE_REFERENCE, di.referenceString());
        props.put(DeviceInterface.SERVICE_FRIENDLY_NAME, di.friendlyName());
        props.put(DeviceInterface.SERVICE_DEVICE, di.physicalDevice().name());
        published.put(di.symbolicLink(), context.registerService(DeviceInterface.class, di, props));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeDriver")
    void addDriver(KsDriver driver, Map<String, Object> properties) {
        Object name = properties.get(KsDriver.NAME);
        if (name == null) {
            IoManagerImpl.log(System.Logger.Level.WARNING, "driver service without " + KsDriver.NAME + " ignored: " + driver, null);
            return;
        }
        DriverObject l = io.loadDriver(driver, name.toString(),
                Boolean.parseBoolean(String.valueOf(properties.get(KsDriver.ROOT_ENUMERATED))), ids(properties.get(KsDriver.IDS)),
                ranking(properties));
        if (l != null) {
            loaded.put(driver, l);
        }
    }

    /** {@code service.ranking}, 0 when absent or not an Integer (as the framework treats it). */
    static int ranking(Map<String, Object> properties) {
        Object ranking = properties.get(org.osgi.framework.Constants.SERVICE_RANKING);
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    /** {@code ks.driver.ids} as a String, String[] or collection. */
    static List<String> ids(Object value) {
        if (value instanceof String[]) {
            return List.of((String[]) value);
        }
        if (value instanceof java.util.Collection<?>) {
            return ((java.util.Collection<?>) value).stream().map(String::valueOf).collect(java.util.stream.Collectors.toList());
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    void removeDriver(KsDriver driver) {
        DriverObject l = loaded.remove(driver);
        if (l != null) {
            io.unloadDriver(l);
        }
    }

    /** Fast-I/O providers (whiteboard): composed into every driver's FastIoDispatch by the bindings. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeFastIo")
    void addFastIo(FastIoDispatch provider, Map<String, Object> properties) {
        Object name = properties.get(FastIo.PROVIDER);
        if (name == null) {
            IoManagerImpl.log(System.Logger.Level.WARNING, "fast-I/O service without " + FastIo.PROVIDER + " ignored: " + provider, null);
            return;
        }
        Object id = properties.get(org.osgi.framework.Constants.SERVICE_ID);
        io.fastIo().addProvider(new FastIoRouter.Provider(provider, name.toString(), ranking(properties),
                id instanceof Long ? (Long) id : 0L));
    }

    void removeFastIo(FastIoDispatch provider) {
        io.fastIo().removeProvider(provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeBinding")
    void addBinding(FastIoBindingConfig binding) {
        if (binding.binding() != null) {
            io.fastIo().addBinding(binding.binding());
        }
    }

    void removeBinding(FastIoBindingConfig binding) {
        if (binding.binding() != null) {
            io.fastIo().removeBinding(binding.binding().id());
        }
    }

    /** Filter bindings (Config Admin ks.filter): stacks they change are restarted with the filter in or out. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeFilter")
    void addFilter(FilterBindingConfig filter) {
        if (filter.filter() != null) {
            io.pnp().setFilter(filter.filter());
        }
    }

    void removeFilter(FilterBindingConfig filter) {
        if (filter.filter() != null) {
            io.pnp().removeFilter(filter.filter().id());
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        for (KsDriver d : List.copyOf(loaded.keySet())) {
            removeDriver(d);
        }
        interfaceNotification.close();
        io.shutdown();
    }
}
