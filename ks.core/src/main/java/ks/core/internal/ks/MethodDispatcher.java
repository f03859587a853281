package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_BUFFER_TOO_SMALL;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_UNSUCCESSFUL;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ks.api.io.Irp;
import ks.api.ks.KsGuids;
import ks.api.ks.KsMethodItem;
import ks.api.ks.KsMethodSet;
import ks.api.ks.KsProperty;
import ks.api.ks.KsWire;

/**
 * KsMethodHandler: serves IOCTL_KS_METHOD from a list of method sets. The request (KSMETHOD, 24
 * bytes, and instance data) is the Type3InputBuffer, the method's data the UserBuffer.
 *
 * <p>SETSUPPORT with GUID_NULL lists the sets; BASICSUPPORT answers the method's KSMETHOD_TYPE as
 * a ULONG; otherwise the caller's type must equal the method's (STATUS_INVALID_PARAMETER), the
 * request must reach MinMethod (STATUS_INVALID_PARAMETER with Information = MinMethod) and the data
 * MinData (size query / STATUS_BUFFER_TOO_SMALL). Unknown set STATUS_PROPSET_NOT_FOUND, unknown id
 * STATUS_NOT_FOUND.
 */
final class MethodDispatcher {

    private static final System.Logger LOG = System.getLogger(MethodDispatcher.class.getName());
    private static final int TYPE_MASK = 0xFF;

    private MethodDispatcher() {
    }

    static int dispatch(Irp irp, List<KsMethodSet> sets) {
        irp.ioStatus().information(0);
        int checked = IoctlBuffers.check(irp, KsProperty.SIZEOF);
        if (checked != STATUS_SUCCESS) {
            return checked;
        }
        ByteBuffer request = IoctlBuffers.request(irp);
        ByteBuffer data = IoctlBuffers.data(irp);
        UUID setId = KsProperty.set(request, 0);
        int flags = KsProperty.flags(request, 0);
        if ((flags & KsProperty.KSMETHOD_TYPE_SETSUPPORT) != 0) {
            if (!setId.equals(KsGuids.GUID_NULL)) {
                return find(sets, setId) != null ? STATUS_SUCCESS : STATUS_PROPSET_NOT_FOUND;
            }
            List<UUID> ids = new ArrayList<>();
            for (KsMethodSet s : sets) {
                ids.add(s.set());
            }
            return IoctlBuffers.guidList(irp, data, ids);
        }
        KsMethodSet set = find(sets, setId);
        if (set == null) {
            return STATUS_PROPSET_NOT_FOUND;
        }
        KsMethodItem item = set.item(KsProperty.id(request, 0));
        if (item == null) {
            return STATUS_NOT_FOUND;
        }
        if ((flags & KsProperty.KSMETHOD_TYPE_BASICSUPPORT) != 0) {
            if (data == null || data.limit() < 4) {
                irp.ioStatus().information(4);
                return data == null ? STATUS_BUFFER_OVERFLOW : STATUS_BUFFER_TOO_SMALL;
            }
            KsWire.putInt(data, 0, item.flags() & TYPE_MASK);
            irp.ioStatus().information(4);
            return STATUS_SUCCESS;
        }
        if ((flags & TYPE_MASK) != (item.flags() & TYPE_MASK)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (request.limit() < item.minMethod()) {
            irp.ioStatus().information(item.minMethod());
            return STATUS_INVALID_PARAMETER;
        }
        int length = data == null ? 0 : data.limit();
        if (length < item.minData()) {
            irp.ioStatus().information(item.minData());
            return length == 0 ? STATUS_BUFFER_OVERFLOW : STATUS_BUFFER_TOO_SMALL;
        }
        try {
            return item.handler().handle(irp, request, data);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "method handler for id " + item.methodId() + " threw", e);
            irp.ioStatus().information(0);
            return STATUS_UNSUCCESSFUL;
        }
    }

    private static KsMethodSet find(List<KsMethodSet> sets, UUID setId) {
        for (KsMethodSet s : sets) {
            if (s.set().equals(setId)) {
                return s;
            }
        }
        return null;
    }
}
