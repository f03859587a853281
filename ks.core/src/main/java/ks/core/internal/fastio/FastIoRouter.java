package ks.core.internal.fastio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import ks.api.fastio.FastIo;
import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;

/**
 * The FastIoDispatch table every driver object starts with: it composes the bound fast-I/O
 * providers that the bindings select for the request's device stack (rules in
 * {@link ks.api.fastio.FastIo}) and asks them in order. Providers and bindings change at any time;
 * each change starts a new generation, and the chain cached per device is rebuilt on its next
 * request, so a request never waits for a change and a change never waits for a request.
 *
 * <h2>Threading</h2>
 * Lookups are lock-free (a map read and a generation check; nothing is allocated once a device's
 * chain is built). Changes are serialised on this object.
 */
public final class FastIoRouter implements FastIoDispatch {

    /** A bound provider service. */
    public record Provider(FastIoDispatch dispatch, String name, int ranking, long serviceId) {
    }

    /** A binding configuration (factory PID {@value FastIo#BINDING_PID}). */
    public record Binding(String id, String driver, String device, List<String> providers, int ranking, int readyFrames) {

        public boolean matchesDriver(String driverName) {
            Pattern p = glob(driver);
            return p.matcher(driverName).matches()
                    || driverName.startsWith("\\Driver\\") && p.matcher(driverName.substring(8)).matches();
        }

        public boolean matchesStack(DeviceObject top) {
            if ("*".equals(device)) {
                return true;
            }
            Pattern p = glob(device);
            for (DeviceObject d = top; d != null; d = d.attachedTo()) {
                if (d.name() != null && p.matcher(d.name()).matches()) {
                    return true;
                }
            }
            return false;
        }

        /** Higher ranking first, then a specific device, then a specific driver. */
        static final Comparator<Binding> PRECEDENCE = Comparator.comparingInt(Binding::ranking).reversed()
                .thenComparing(b -> "*".equals(b.device()))
                .thenComparing(b -> "*".equals(b.driver()))
                .thenComparing(Binding::id);
    }

    private static final FastIoDispatch[] NONE = new FastIoDispatch[0];
    private static final VarHandle LAST_CHAIN;

    static {
        try {
            LAST_CHAIN = MethodHandles.lookup().findVarHandle(FastIoRouter.class, "lastChain", Chain.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Chain {
        final DeviceObject device;
        final long generation;
        final FastIoDispatch[] providers;

        public Chain(DeviceObject device, long generation, FastIoDispatch[] providers) {
            this.device = device;
            this.generation = generation;
            this.providers = providers;
        }
    }

    private volatile long generation;
    private volatile List<Provider> providers = List.of();
    private volatile List<Binding> bindings = List.of();
    private final Map<DeviceObject, Chain> chains = new ConcurrentHashMap<>();
    private volatile Chain lastChain;

    public synchronized void addProvider(Provider p) {
        List<Provider> next = new ArrayList<>(providers);
        next.add(p);
        providers = List.copyOf(next);
        generation++;
    }

    public synchronized void removeProvider(FastIoDispatch dispatch) {
        List<Provider> next = new ArrayList<>(providers);
        next.removeIf(p -> p.dispatch() == dispatch);
        providers = List.copyOf(next);
        generation++;
    }

    public synchronized void addBinding(Binding b) {
        List<Binding> next = new ArrayList<>(bindings);
        next.removeIf(x -> x.id().equals(b.id()));
        next.add(b);
        bindings = List.copyOf(next);
        generation++;
    }

    public synchronized void removeBinding(String id) {
        List<Binding> next = new ArrayList<>(bindings);
        next.removeIf(x -> x.id().equals(id));
        bindings = List.copyOf(next);
        generation++;
    }

    public List<Provider> providers() {
        return providers;
    }

    public List<Binding> bindings() {
        return bindings;
    }

    /** The binding in force for requests to {@code top}, or null: fast I/O is off there. */
    public Binding bindingFor(DeviceObject top) {
        Binding best = null;
        String driver = top.driverObject().driverName();
        for (Binding b : bindings) {
            if (b.matchesDriver(driver) && b.matchesStack(top) && (best == null || Binding.PRECEDENCE.compare(b, best) < 0)) {
                best = b;
            }
        }
        return best;
    }

    /** The ready-ring depth for pins of a device whose stack top is {@code top}. */
    public int readyFrames(DeviceObject top) {
        Binding b = bindingFor(top);
        return b == null ? 0 : Math.max(0, b.readyFrames());
    }

    /** The providers asked, in order, for a request to {@code top}. */
    public FastIoDispatch[] chain(DeviceObject top) {
        long gen = generation;
        Chain last = lastChain;
        if (last != null && last.device == top && last.generation == gen) {
            return last.providers; // the stack asked last: no map lookup on a stream's path
        }
        Chain c = chains.get(top);
        if (c == null || c.generation != gen) {
            c = new Chain(top, gen, build(top));
            chains.put(top, c);
        }
        lastChain = c;
        if (top.isDeleted()) {
            // deleteDevice marks the device deleted before it forgets the device's chain: a lookup
            // that raced with it sees the mark here, so neither cache keeps the device
            forget(top);
        }
        return c.providers;
    }

    private FastIoDispatch[] build(DeviceObject top) {
        Binding b = bindingFor(top);
        if (b == null) {
            return NONE;
        }
        List<String> wanted = b.providers();
        List<Provider> chosen = new ArrayList<>();
        for (Provider p : providers) {
            if (wanted.isEmpty() || wanted.contains(p.name())) {
                chosen.add(p);
            }
        }
        chosen.sort(Comparator.<Provider>comparingInt(p -> wanted.isEmpty() ? 0 : wanted.indexOf(p.name()))
                .thenComparing(Comparator.comparingInt(Provider::ranking).reversed())
                .thenComparingLong(Provider::serviceId));
        return chosen.stream().map(Provider::dispatch).toArray(FastIoDispatch[]::new);
    }

    /** Forgets a deleted device's cached chain. */
    public void forget(DeviceObject device) {
        chains.remove(device);
        Chain last = lastChain;
        if (last != null && last.device == device) {
            LAST_CHAIN.compareAndSet(this, last, null); // another stack's chain cached meanwhile stays
        }
    }

    /** Whether a chain for {@code device} is cached. */
    public boolean caches(DeviceObject device) {
        Chain last = lastChain;
        return chains.containsKey(device) || last != null && last.device == device;
    }

    @Override
    public boolean fastIoRead(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey, Object buffer,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        for (FastIoDispatch p : chain(deviceObject)) {
            if (p.fastIoRead(fileObject, fileOffset, length, wait, lockKey, buffer, ioStatus, deviceObject)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean fastIoWrite(FileObject fileObject, long fileOffset, int length, boolean wait, int lockKey, Object buffer,
            IoStatusBlock ioStatus, DeviceObject deviceObject) {
        for (FastIoDispatch p : chain(deviceObject)) {
            if (p.fastIoWrite(fileObject, fileOffset, length, wait, lockKey, buffer, ioStatus, deviceObject)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean fastIoDeviceControl(FileObject fileObject, boolean wait, Object inputBuffer, int inputBufferLength,
            Object outputBuffer, int outputBufferLength, int ioControlCode, IoStatusBlock ioStatus, DeviceObject deviceObject) {
        for (FastIoDispatch p : chain(deviceObject)) {
            if (p.fastIoDeviceControl(fileObject, wait, inputBuffer, inputBufferLength, outputBuffer, outputBufferLength,
                    ioControlCode, ioStatus, deviceObject)) {
                return true;
            }
        }
        return false;
    }

    /** A glob with {@code *} (any run) and {@code ?} (one character); everything else literal. */
    public static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
