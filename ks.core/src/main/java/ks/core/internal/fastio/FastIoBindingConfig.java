package ks.core.internal.fastio;

import java.util.Map;

import ks.api.fastio.FastIo;
import ks.core.internal.io.Configurations;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One fast-I/O binding from Config Admin (factory PID {@value FastIo#BINDING_PID}), handed to the
 * I/O manager's {@link FastIoRouter} as a service. Deleting the configuration removes the binding
 * at once; pins created afterwards have no ready ring.
 */
@Component(service = FastIoBindingConfig.class, configurationPid = FastIo.BINDING_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FastIoBindingConfig.Config.class, factory = true)
public final class FastIoBindingConfig {

    @ObjectClassDefinition(name = "ks fast-I/O binding",
            description = "Turns fast I/O on for the drivers and devices it matches and names the providers to use")
    public @interface Config {
        @AttributeDefinition(name = "Driver", description = "Driver name (KsTest or \\Driver\\KsTest); * and ? wildcards")
        public String driver() default "*";

        @AttributeDefinition(name = "Device", description = "A device object name in the request's stack (\\Device\\KsTest); * and ? wildcards")
        public String device() default "*";

        @AttributeDefinition(name = "Providers", description = "Provider names in order of preference (ks.fastio.provider; a list, or comma-separated); empty: all, by service ranking")
        public String[] providers() default {FastIo.STREAMING};

        @AttributeDefinition(name = "Ranking", description = "When several bindings match, the highest ranking wins")
        public int ranking() default 0;

        @AttributeDefinition(name = "Ready frames", description = "Frames a pin keeps when no request waits (0: none); applies to pins created afterwards")
        public int readyFrames() default 4;
    }

    private static final System.Logger LOG = System.getLogger(FastIoBindingConfig.class.getName());

    /** Null when the configuration cannot be taken. */
    private final FastIoRouter.Binding binding;

    @Activate
    public FastIoBindingConfig(Config config, Map<String, Object> properties) {
        FastIoRouter.Binding b;
        try {
            b = new FastIoRouter.Binding(String.valueOf(properties.get(Constants.SERVICE_PID)), config.driver(), config.device(),
                    Configurations.list(config.providers()),
                    Configurations.integer(properties, "ranking", config::ranking),
                    Configurations.integer(properties, "readyFrames", config::readyFrames));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1}; it turns fast I/O on nowhere", Configurations.source(properties), e.getMessage());
            b = null;
        }
        this.binding = b;
    }

    /** The binding, or null when the configuration could not be taken. */
    public FastIoRouter.Binding binding() {
        return binding;
    }
}
