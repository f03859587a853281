package ks.core.internal.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceInterfaceListener;
import ks.api.io.DeviceObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;

/**
 * The device-interface registry of the I/O manager: registration, enable/disable, lookup by class,
 * aliases, link resolution for opens, and arrival/removal notifications.
 *
 * <pre>
 * symbolic link = \??\ + PDO name without \Device\, backslashes as '#' + #{CLASS-GUID} [+ \reference]
 *                 \??\Root#KsEcho#0#{65E8773D-8F56-11D0-A3B9-00A0C9223196}\global
 * </pre>
 *
 * <h2>Threading</h2>
 * State changes are serialised on this object; listeners run on the changing thread, outside the
 * lock, and a listener that throws is logged and skipped.
 */
final class DeviceInterfaces {

    private static final class Entry {
        final DeviceInterface di;
        final String linkWithoutReference;
        volatile boolean enabled;

        Entry(DeviceInterface di, String linkWithoutReference) {
            this.di = di;
            this.linkWithoutReference = linkWithoutReference;
        }
    }

    private record Registration(UUID interfaceClass, DeviceInterfaceListener listener) {
    }

    /** A name resolved through a link: the physical device and the name the driver sees. */
    record Resolved(DeviceObject device, String remainder) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();

    synchronized String register(DeviceObject pdo, UUID interfaceClass, String referenceString, Map<String, String> properties)
            throws KsStatusException {
        if (pdo.name() == null || pdo.isDeleted()) {
            throw new KsStatusException(NtStatus.STATUS_INVALID_PARAMETER, "register interface on an unnamed or deleted device " + pdo);
        }
        String ref = referenceString == null ? "" : referenceString;
        if (ref.indexOf('\\') >= 0) {
            throw new KsStatusException(NtStatus.STATUS_INVALID_PARAMETER, "reference string with a backslash: " + ref);
        }
        String path = pdo.name().startsWith("\\Device\\") ? pdo.name().substring("\\Device\\".length()) : pdo.name().substring(1);
        String base = "\\??\\" + path.replace('\\', '#') + "#{" + interfaceClass.toString().toUpperCase(Locale.ROOT) + "}";
        String link = ref.isEmpty() ? base : base + "\\" + ref;
        for (Entry e : entries) {
            if (e.di.symbolicLink().equalsIgnoreCase(link)) {
                return e.di.symbolicLink();
            }
        }
        entries.add(new Entry(new DeviceInterface(interfaceClass, link, ref, pdo, properties == null ? Map.of() : properties), base));
        return link;
    }

    int setState(String symbolicLink, boolean enable) {
        Entry changed = null;
        synchronized (this) {
            for (Entry e : entries) {
                if (e.di.symbolicLink().equalsIgnoreCase(symbolicLink)) {
                    if (e.enabled == enable) {
                        return NtStatus.STATUS_SUCCESS;
                    }
                    e.enabled = enable;
                    changed = e;
                    break;
                }
            }
        }
        if (changed == null) {
            return NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        }
        notifyListeners(enable, changed.di);
        return NtStatus.STATUS_SUCCESS;
    }

    List<DeviceInterface> enabled(UUID interfaceClass) {
        List<DeviceInterface> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.enabled && (interfaceClass == null || e.di.interfaceClass().equals(interfaceClass))) {
                out.add(e.di);
            }
        }
        return out;
    }

    DeviceInterface alias(String symbolicLink, UUID aliasClass) {
        DeviceInterface of = null;
        for (Entry e : entries) {
            if (e.di.symbolicLink().equalsIgnoreCase(symbolicLink)) {
                of = e.di;
            }
        }
        if (of == null) {
            return null;
        }
        for (Entry e : entries) {
            if (e.enabled && e.di.interfaceClass().equals(aliasClass) && e.di.physicalDevice() == of.physicalDevice()
                    && e.di.referenceString().equalsIgnoreCase(of.referenceString())) {
                return e.di;
            }
        }
        return null;
    }

    /** The device and remainder an open of {@code name} goes to, or null when no enabled link matches. */
    Resolved resolve(String name) {
        for (Entry e : entries) {
            String base = e.linkWithoutReference;
            if (e.enabled && name.regionMatches(true, 0, base, 0, base.length())
                    && (name.length() == base.length() || name.charAt(base.length()) == '\\')) {
                return new Resolved(e.di.physicalDevice(), name.length() == base.length() ? "" : name.substring(base.length() + 1));
            }
        }
        return null;
    }

    /** IoDeleteDevice: the device's interfaces go with it, enabled ones with a removal notice. */
    void deviceDeleted(DeviceObject device) {
        List<DeviceInterface> removed = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries) {
                if (e.di.physicalDevice() == device) {
                    if (e.enabled) {
                        e.enabled = false;
                        removed.add(e.di);
                    }
                    entries.remove(e);
                }
            }
        }
        for (DeviceInterface di : removed) {
            notifyListeners(false, di);
        }
    }

    AutoCloseable listen(UUID interfaceClass, boolean existing, DeviceInterfaceListener listener) {
        Registration r = new Registration(interfaceClass, Objects.requireNonNull(listener));
        listeners.add(r);
        if (existing) {
            for (Entry e : entries) {
                if (e.enabled && (interfaceClass == null || interfaceClass.equals(e.di.interfaceClass()))) {
                    call(r, true, e.di);
                }
            }
        }
        return () -> listeners.remove(r);
    }

    private void notifyListeners(boolean arrival, DeviceInterface di) {
        for (Registration r : listeners) {
            if (r.interfaceClass() == null || r.interfaceClass().equals(di.interfaceClass())) {
                call(r, arrival, di);
            }
        }
    }

    private static void call(Registration r, boolean arrival, DeviceInterface di) {
        try {
            r.listener().deviceInterfaceChange(arrival, di);
        } catch (RuntimeException ex) {
            IoManagerImpl.log(System.Logger.Level.ERROR, "device-interface listener threw on " + di.symbolicLink(), ex);
        }
    }
}
