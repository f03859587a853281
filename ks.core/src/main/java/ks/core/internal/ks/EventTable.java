package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_VIOLATION;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_UNSUCCESSFUL;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ks.api.io.FileObject;
import ks.api.io.IoStackLocationParameters;
import ks.api.io.Irp;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsEventData;
import ks.api.ks.KsProperty;
import ks.api.ks.KsWire;

/**
 * KsEnableEvent / KsDisableEvent / KsGenerateEvents for one KS object: the events clients enabled
 * and how to signal them.
 *
 * <p>IOCTL_KS_ENABLE_EVENT: KSEVENT (24 bytes) in the Type3InputBuffer, a {@link KsEventData} as
 * the UserBuffer. KSEVENT_TYPE_ENABLE keeps the entry until it is disabled, ONESHOT drops it after
 * the first signal. IOCTL_KS_DISABLE_EVENT: the same KsEventData as Type3InputBuffer disables that
 * entry (STATUS_UNSUCCESSFUL when it is not enabled here); a zero-length input disables every
 * event the file object enabled.
 *
 * <h2>Threading</h2>
 * Entries are guarded by this object; clients are signalled outside the lock.
 */
final class EventTable {

    /** An event set and the ids of it the object supports. */
    record Supported(UUID set, int... ids) {
        boolean has(int id) {
            for (int i : ids) {
                if (i == id) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Entry(UUID set, int id, boolean oneShot, KsEventData data, FileObject owner) {
    }

    private final List<Supported> supported;
    private final List<Entry> entries = new ArrayList<>();

    EventTable(List<Supported> supported) {
        this.supported = List.copyOf(supported);
    }

    int enable(Irp irp) {
        irp.ioStatus().information(0);
        IoStackLocationParameters.DeviceIoControl p = irp.currentIrpStackLocation().parameters().deviceIoControl();
        if (p.inputBufferLength() < KsProperty.SIZEOF) {
            return STATUS_INVALID_PARAMETER;
        }
        if (!(p.type3InputBuffer() instanceof ByteBuffer) || !KsWire.fits((ByteBuffer) p.type3InputBuffer(), 0, p.inputBufferLength())) {
            return STATUS_ACCESS_VIOLATION;
        }
        ByteBuffer request = KsDataFormat.view((ByteBuffer) p.type3InputBuffer(), 0, p.inputBufferLength());
        UUID set = KsProperty.set(request, 0);
        int id = KsProperty.id(request, 0);
        int flags = KsProperty.flags(request, 0);
        Supported s = find(set);
        if (s == null) {
            return STATUS_PROPSET_NOT_FOUND;
        }
        if (!s.has(id)) {
            return STATUS_NOT_FOUND;
        }
        if ((flags & (KsProperty.KSEVENT_TYPE_BASICSUPPORT | KsProperty.KSEVENT_TYPE_SETSUPPORT)) != 0) {
            return STATUS_SUCCESS; // the event is supported
        }
        boolean oneShot = (flags & KsProperty.KSEVENT_TYPE_ONESHOT) != 0;
        if (!oneShot && (flags & KsProperty.KSEVENT_TYPE_ENABLE) == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        if (!(irp.userBuffer() instanceof KsEventData)) {
            return STATUS_INVALID_PARAMETER; // no KSEVENTDATA to notify through
        }
        FileObject owner = irp.currentIrpStackLocation().fileObject();
        synchronized (this) {
            entries.add(new Entry(set, id, oneShot, (KsEventData) irp.userBuffer(), owner));
        }
        return STATUS_SUCCESS;
    }

    int disable(Irp irp) {
        irp.ioStatus().information(0);
        IoStackLocationParameters.DeviceIoControl p = irp.currentIrpStackLocation().parameters().deviceIoControl();
        FileObject owner = irp.currentIrpStackLocation().fileObject();
        Object which = p.type3InputBuffer();
        synchronized (this) {
            if (p.inputBufferLength() == 0 && which == null) {
                entries.removeIf(e -> e.owner() == owner);
                return STATUS_SUCCESS;
            }
            if (!(which instanceof KsEventData)) {
                return STATUS_INVALID_PARAMETER;
            }
            return entries.removeIf(e -> e.data() == which && e.owner() == owner) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
    }

    /** Signals every entry for (set, id); returns how many were signalled. */
    int generate(UUID set, int id) {
        List<KsEventData> toSignal = new ArrayList<>();
        synchronized (this) {
            if (entries.isEmpty()) {
                return 0;
            }
            entries.removeIf(e -> {
                if (e.id() == id && e.set().equals(set)) {
                    toSignal.add(e.data());
                    return e.oneShot();
                }
                return false;
            });
        }
        for (KsEventData d : toSignal) {
            d.signal();
        }
        return toSignal.size();
    }

    /** Drops everything (object closing). */
    synchronized void clear() {
        entries.clear();
    }

    synchronized int enabled() {
        return entries.size();
    }

    private Supported find(UUID set) {
        for (Supported s : supported) {
            if (s.set().equals(set)) {
                return s;
            }
        }
        return null;
    }
}
