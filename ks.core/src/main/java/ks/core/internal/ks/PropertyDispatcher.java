package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_BUFFER_TOO_SMALL;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PROPSET_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.io.NtStatus.STATUS_UNSUCCESSFUL;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

import ks.api.io.Irp;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertyValues;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsWire;

/**
 * KsPropertyHandler: serves an IOCTL_KS_PROPERTY request (ks-semantics §6.3) from a list of
 * property sets. The request (KSPROPERTY and instance data) is the METHOD_NEITHER input buffer
 * (Type3InputBuffer), the value the output buffer (UserBuffer), both {@link ByteBuffer}s.
 *
 * <p>Statuses: a request shorter than a KSPROPERTY or than the item's MinProperty,
 * STATUS_INVALID_PARAMETER; buffers that do not cover the lengths claimed, STATUS_ACCESS_VIOLATION;
 * unknown set, STATUS_PROPSET_NOT_FOUND; unknown id, STATUS_NOT_FOUND; an operation the item does not
 * have, STATUS_INVALID_DEVICE_REQUEST; a zero-length value buffer for a fixed-size value,
 * STATUS_BUFFER_OVERFLOW with Information = the size; a short one, STATUS_BUFFER_TOO_SMALL with the
 * size. The IRP is not completed here; Information is set.
 */
public final class PropertyDispatcher {

    private static final System.Logger LOG = System.getLogger(PropertyDispatcher.class.getName());
    private static final int OPERATIONS = KsProperty.KSPROPERTY_TYPE_GET | KsProperty.KSPROPERTY_TYPE_SET
            | KsProperty.KSPROPERTY_TYPE_BASICSUPPORT | KsProperty.KSPROPERTY_TYPE_SETSUPPORT
            | KsProperty.KSPROPERTY_TYPE_DEFAULTVALUES;

    private PropertyDispatcher() {
    }

    public static int dispatch(Irp irp, List<KsPropertySet> sets) {
        return dispatch(irp, sets, node -> null);
    }

    /**
     * As {@link #dispatch(Irp, List)}, and a request with KSPROPERTY_TYPE_TOPOLOGY (a KSP_NODE) goes
     * to the property sets {@code nodes} gives for its NodeId: STATUS_INVALID_PARAMETER for a
     * request shorter than KSP_NODE or a node the object does not have.
     */
    public static int dispatch(Irp irp, List<KsPropertySet> sets, java.util.function.IntFunction<List<KsPropertySet>> nodes) {
        irp.ioStatus().information(0);
        int checked = IoctlBuffers.check(irp, KsProperty.SIZEOF);
        if (checked != STATUS_SUCCESS) {
            return checked;
        }
        ByteBuffer request = IoctlBuffers.request(irp);
        ByteBuffer data = IoctlBuffers.data(irp);
        int inputLength = request.limit();
        UUID setId = KsProperty.set(request, 0);
        int id = KsProperty.id(request, 0);
        int flags = KsProperty.flags(request, 0);
        if ((flags & KsProperty.KSPROPERTY_TYPE_TOPOLOGY) != 0) {
            if (inputLength < KsProperty.SIZEOF_KSP_NODE) {
                irp.ioStatus().information(KsProperty.SIZEOF_KSP_NODE);
                return STATUS_INVALID_PARAMETER;
            }
            List<KsPropertySet> nodeSets = nodes.apply(KsWire.getInt(request, KsProperty.KSP_NODE_ID));
            if (nodeSets == null) {
                return STATUS_INVALID_PARAMETER; // no such node
            }
            sets = nodeSets;
        }
        int operation = flags & OPERATIONS;
        if (operation == KsProperty.KSPROPERTY_TYPE_SETSUPPORT) {
            return setSupport(irp, sets, setId, data);
        }
        KsPropertySet set = find(sets, setId);
        if (set == null) {
            return STATUS_PROPSET_NOT_FOUND;
        }
        KsPropertyItem item = set.item(id);
        if (item == null) {
            return STATUS_NOT_FOUND;
        }
        if (inputLength < item.minProperty()) {
            LOG.log(System.Logger.Level.WARNING, "property {" + setId + "} id " + id + " refused with STATUS_INVALID_PARAMETER: the request is "
                    + inputLength + " bytes and the item's MinProperty is " + item.minProperty()
                    + " (send the whole property structure, as KSPROPERTY_VIDEOPROCAMP_S is sent whole)");
            irp.ioStatus().information(item.minProperty());
            return STATUS_INVALID_PARAMETER;
        }
        switch (operation) {
            case KsProperty.KSPROPERTY_TYPE_BASICSUPPORT:
                return basicSupport(irp, item, data, false);
            case KsProperty.KSPROPERTY_TYPE_DEFAULTVALUES:
                if (item.values() == null || item.values().listCount(true) == 0) {
                    return STATUS_NOT_FOUND; // the item declares no default
                }
                return basicSupport(irp, item, data, true);
            case KsProperty.KSPROPERTY_TYPE_GET:
                return call(irp, item, item.getHandler(), request, data);
            case KsProperty.KSPROPERTY_TYPE_SET:
                return call(irp, item, item.setHandler(), request, data);
            default:
                return STATUS_INVALID_PARAMETER; // none, or more than one operation
        }
    }

    private static int call(Irp irp, KsPropertyItem item, KsPropertyItem.Handler handler, ByteBuffer request, ByteBuffer data) {
        if (handler == null) {
            return STATUS_INVALID_DEVICE_REQUEST;
        }
        int length = data == null ? 0 : data.limit();
        if (item.minData() > 0 && length < item.minData()) {
            if (length > 0) { // 0 is a size query, answered with the size
                LOG.log(System.Logger.Level.WARNING, "property id " + item.propertyId() + " refused with STATUS_BUFFER_TOO_SMALL: the value buffer is "
                        + length + " bytes and the item's MinData is " + item.minData());
            }
            irp.ioStatus().information(item.minData());
            return length == 0 ? STATUS_BUFFER_OVERFLOW : STATUS_BUFFER_TOO_SMALL;
        }
        try {
            return handler.handle(irp, request, data);
        } catch (RuntimeException e) {
            // a broken handler fails its request, not the I/O path
            LOG.log(System.Logger.Level.ERROR, "property handler for id " + item.propertyId() + " threw", e);
            irp.ioStatus().information(0);
            return STATUS_UNSUCCESSFUL;
        }
    }

    /**
     * BASICSUPPORT (or DEFAULTVALUES): 4 bytes get the access flags, exactly 40 the
     * KSPROPERTY_DESCRIPTION with DescriptionSize = the whole answer, a buffer that large the
     * description followed by the member lists; any other size STATUS_BUFFER_TOO_SMALL with the
     * size, 0 STATUS_BUFFER_OVERFLOW with the size.
     */
    private static int basicSupport(Irp irp, KsPropertyItem item, ByteBuffer data, boolean defaults) {
        int access = (item.getHandler() != null ? KsProperty.KSPROPERTY_TYPE_GET : 0)
                | (item.setHandler() != null ? KsProperty.KSPROPERTY_TYPE_SET : 0);
        KsPropertyValues values = item.values();
        int size = values == null ? KsProperty.SIZEOF_KSPROPERTY_DESCRIPTION : values.answerSize(defaults);
        int lists = values == null ? 0 : values.listCount(defaults);
        int length = data == null ? 0 : data.limit();
        if (length == 4) {
            KsWire.putInt(data, 0, access);
            irp.ioStatus().information(4);
            return STATUS_SUCCESS;
        }
        boolean descriptionOnly = length == KsProperty.SIZEOF_KSPROPERTY_DESCRIPTION && size > length;
        if (length < size && !descriptionOnly) {
            irp.ioStatus().information(size);
            return length == 0 ? STATUS_BUFFER_OVERFLOW : STATUS_BUFFER_TOO_SMALL;
        }
        KsWire.putInt(data, 0, access);
        KsWire.putInt(data, 4, size); // DescriptionSize: the whole answer
        KsWire.putGuid(data, 8, KsGuids.KSPROPTYPESETID_General);
        KsWire.putInt(data, 24, values == null ? 0 : values.valueType()); // VT_EMPTY when the item declares no type
        KsWire.putInt(data, 28, 0);
        KsWire.putInt(data, 32, lists); // MembersListCount
        KsWire.putInt(data, 36, 0);
        if (descriptionOnly) {
            irp.ioStatus().information(KsProperty.SIZEOF_KSPROPERTY_DESCRIPTION);
            return STATUS_SUCCESS;
        }
        if (values != null) {
            values.writeLists(data, KsProperty.SIZEOF_KSPROPERTY_DESCRIPTION, defaults);
        }
        irp.ioStatus().information(size);
        return STATUS_SUCCESS;
    }

    /** SETSUPPORT: with GUID_NULL, the supported set GUIDs; with a set, whether it is supported. */
    private static int setSupport(Irp irp, List<KsPropertySet> sets, UUID setId, ByteBuffer data) {
        if (!setId.equals(KsGuids.GUID_NULL)) {
            return find(sets, setId) != null ? STATUS_SUCCESS : STATUS_PROPSET_NOT_FOUND;
        }
        List<UUID> ids = new java.util.ArrayList<>(sets.size());
        for (KsPropertySet s : sets) {
            ids.add(s.set());
        }
        return IoctlBuffers.guidList(irp, data, ids);
    }

    private static KsPropertySet find(List<KsPropertySet> sets, UUID setId) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).set().equals(setId)) {
                return sets.get(i);
            }
        }
        return null;
    }
}
