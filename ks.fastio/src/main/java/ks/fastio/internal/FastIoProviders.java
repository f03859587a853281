package ks.fastio.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import ks.api.fastio.FastIo;
import ks.api.fastio.FastIoStatistics;
import ks.api.io.FastIoDispatch;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Publishes the providers of this bundle, each wrapped in a {@link CountingFastIo}, as
 * {@link FastIoDispatch} and {@link FastIoStatistics} services: {@value FastIo#STREAMING} (the
 * ready-ring stream provider) and {@value FastIo#NONE} (declines everything). Stopping the bundle
 * closes them first, so no request is served by a provider that is going away; the I/O manager
 * falls back to IRPs until a provider is bound again.
 */
@Component(service = {}, immediate = true)
public final class FastIoProviders {

    private final List<CountingFastIo> providers = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public FastIoProviders(BundleContext context) {
        publish(context, FastIo.STREAMING, new StreamingFastIo(), 0);
        publish(context, FastIo.NONE, new FastIoDispatch() { }, -1000);
    }

    private void publish(BundleContext context, String name, FastIoDispatch provider, int ranking) {
        CountingFastIo counted = new CountingFastIo(name, provider);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(FastIo.PROVIDER, name);
        props.put(org.osgi.framework.Constants.SERVICE_RANKING, ranking);
        props.put(org.osgi.framework.Constants.SERVICE_DESCRIPTION, "ks fast I/O provider '" + name + "'");
        providers.add(counted);
        registrations.add(context.registerService(new String[] {FastIoDispatch.class.getName(), FastIoStatistics.class.getName()},
                counted, props));
    }

    @Deactivate
    void deactivate() {
        for (CountingFastIo p : providers) {
            p.close();
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the framework
            }
        }
    }
}
