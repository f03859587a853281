package ks.core.internal.diagnostics;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import ks.api.io.IoManager;
import ks.core.internal.io.Configurations;
import ks.core.internal.io.IoManagerImpl;

/**
 * The I/O manager's leak-detection level from Config Admin ({@value #PID}) or, with no
 * configuration, the framework property {@code ks.leaks}. Changes apply live, to IRPs allocated
 * from then on.
 */
@Component(service = {}, configurationPid = LeakDetectionComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = LeakDetectionComponent.Config.class)
public final class LeakDetectionComponent {

    public static final String PID = "ks.core.leaks";

    @ObjectClassDefinition(name = "ks IRP leak detection", description = "Finds IRPs a driver never completes or frees")
    public @interface Config {
        @AttributeDefinition(name = "Level", description = "off: nothing tracked; simple: every IRP watched (thread, time);"
                + " paranoid: also the allocation stack and each device the IRP was sent to", options = {
                        @Option(label = "off", value = "off"), @Option(label = "simple", value = "simple"),
                        @Option(label = "paranoid", value = "paranoid") })
        public String level() default "";
    }

    private static final System.Logger LOG = System.getLogger(LeakDetectionComponent.class.getName());

    private final IoManagerImpl io;
    private final String fallback;

    @Activate
    public LeakDetectionComponent(BundleContext context, @Reference IoManager io, Config config, Map<String, Object> properties) {
        this.io = io instanceof IoManagerImpl ? (IoManagerImpl) io : null;
        String property = context.getProperty("ks.leaks");
        this.fallback = property == null || property.isBlank() ? "off" : property;
        apply(config, properties);
    }

    /** A level it cannot take leaves the level as it was and logs one error naming the configuration. */
    @Modified
    public void apply(Config config, Map<String, Object> properties) {
        if (io == null) {
            return;
        }
        boolean configured = !config.level().isBlank();
        try {
            io.leakDetection(configured ? config.level() : fallback);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1}; leak detection stays {2}",
                    configured ? Configurations.source(properties) : "framework property ks.leaks", e.getMessage(), io.leakDetection());
        }
    }
}
