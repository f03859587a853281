package ks.core.internal.pnp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import ks.api.io.KsDriver;
import ks.core.internal.io.Configurations;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One filter binding from Config Admin (factory PID {@value KsDriver#FILTER_PID}), handed to the
 * PnP manager as a service: the named driver joins the stacks of the devices whose IDs match.
 * {@code ids} also takes one comma-separated string, as a {@code .cfg} file gives it. A
 * configuration the binding cannot take puts no filter anywhere and logs one error naming it
 * (its file, when FileInstall read it).
 */
@Component(service = FilterBindingConfig.class, configurationPid = KsDriver.FILTER_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FilterBindingConfig.Config.class, factory = true)
public final class FilterBindingConfig {

    @ObjectClassDefinition(name = "ks filter driver", description = "Puts a loaded driver into device stacks as an upper or lower filter")
    public @interface Config {
        @AttributeDefinition(name = "Driver", description = "The filter driver's name (ks.driver.name, with or without \\Driver\\)")
        public String driver();

        @AttributeDefinition(name = "Device IDs", description = "Hardware or compatible IDs of the devices to filter, * and ? wildcards "
                + "(e.g. USB\\VID_1209&PID_0001, USB\\Class_0E*)")
        public String[] ids();

        @AttributeDefinition(name = "Position", options = {@Option(value = "upper", label = "Upper filter (above the function driver)"),
            @Option(value = "lower", label = "Lower filter (between the function driver and the bus)")})
        public String position() default "upper";

        @AttributeDefinition(name = "Order", description = "Among filters in the same position, the lowest is nearest the function driver")
        public int order() default 0;
    }

    private static final System.Logger LOG = System.getLogger(FilterBindingConfig.class.getName());

    /** Null when the configuration cannot be taken. */
    private final PnpManager.Filter filter;

    @Activate
    public FilterBindingConfig(Config config, Map<String, Object> properties) {
        PnpManager.Filter f;
        try {
            f = filter(config, properties);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1}; no filter is put into any stack for it", Configurations.source(properties),
                    e.getMessage());
            f = null;
        }
        this.filter = f;
    }

    private static PnpManager.Filter filter(Config config, Map<String, Object> properties) {
        String position = config.position() == null ? "upper" : config.position().trim().toLowerCase(Locale.ROOT);
        if (!position.equals("upper") && !position.equals("lower")) {
            throw new IllegalArgumentException("position is upper or lower, not '" + config.position() + "'");
        }
        List<String> ids = Configurations.list(config.ids());
        if (config.driver() == null || config.driver().isBlank() || ids.isEmpty()) {
            throw new IllegalArgumentException("driver and ids are required");
        }
        int order = Configurations.integer(properties, "order", config::order);
        return PnpManager.Filter.of(String.valueOf(properties.get(Constants.SERVICE_PID)), config.driver().trim(), ids,
                position.equals("upper"), order);
    }

    /** The filter, or null when the configuration could not be taken (nothing to put into stacks). */
    public PnpManager.Filter filter() {
        return filter;
    }
}
