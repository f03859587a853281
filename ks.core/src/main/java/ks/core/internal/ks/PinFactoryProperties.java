package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_NO_MATCH;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ks.api.io.Irp;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsIdentifier;
import ks.api.ks.KsIntersectHandler;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertyReplies;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

/**
 * KSPROPSETID_Pin on a filter: everything about its pin factories, answered from the
 * descriptors (ks-semantics §6.4), including data intersection (§6.5).
 *
 * <p>Every item but CTYPES takes a KSP_PIN (32 bytes); a PinId beyond the factories is
 * STATUS_INVALID_PARAMETER.
 */
final class PinFactoryProperties {

    private static final Map<UUID, String> CATEGORY_NAMES = Map.of(
            KsGuids.PINNAME_VIDEO_CAPTURE, "Capture",
            KsGuids.PINNAME_VIDEO_PREVIEW, "Preview",
            KsGuids.PINNAME_VIDEO_STILL, "Still");

    private final FilterObject filter;

    private PinFactoryProperties(FilterObject filter) {
        this.filter = filter;
    }

    /** The filter instance's pin factories now (KsFilterCreatePinFactory may have added some). */
    private List<KsPinDescriptor> pins() {
        return filter.descriptor().pins();
    }

    static KsPropertySet set(FilterObject filter) {
        PinFactoryProperties p = new PinFactoryProperties(filter);
        int pin = KsProperty.SIZEOF_KSP_PIN;
        return new KsPropertySet(KsGuids.KSPROPSETID_Pin, List.of(
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_CINSTANCES, pin, 8, p::cinstances),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_CTYPES, KsProperty.SIZEOF, 4, p::ctypes),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_DATAFLOW, pin, 4, p.ulong(KsPinDescriptor::dataFlow)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_DATARANGES, pin, 0, p::dataRanges),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_DATAINTERSECTION, pin + KsProperty.SIZEOF_KSMULTIPLE_ITEM, 0, p::intersection),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_INTERFACES, pin, 0, p.identifiers(KsPinDescriptor::interfaces)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_MEDIUMS, pin, 0, p.identifiers(KsPinDescriptor::mediums)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_COMMUNICATION, pin, 4, p.ulong(KsPinDescriptor::communication)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_NECESSARYINSTANCES, pin, 4, p.ulong(KsPinDescriptor::necessaryInstances)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_CATEGORY, pin, 16, p::category),
                KsPropertyItem.get(KsProperty.KSPROPERTY_PIN_NAME, pin, 0, p::name)));
    }

    private interface PinHandler {
        int handle(Irp irp, KsPinDescriptor pin, int pinId, ByteBuffer request, ByteBuffer data);
    }

    /** Resolves KSP_PIN.PinId first. */
    private int withPin(Irp irp, ByteBuffer request, ByteBuffer data, PinHandler h) {
        int id = KsProperty.pinId(request);
        List<KsPinDescriptor> pins = pins();
        if (id < 0 || id >= pins.size()) {
            return STATUS_INVALID_PARAMETER;
        }
        return h.handle(irp, pins.get(id), id, request, data);
    }

    private KsPropertyItem.Handler ulong(java.util.function.ToIntFunction<KsPinDescriptor> value) {
        return (irp, request, data) -> withPin(irp, request, data, (i, pin, id, r, d) -> {
            KsWire.putInt(d, 0, value.applyAsInt(pin));
            i.ioStatus().information(4);
            return STATUS_SUCCESS;
        });
    }

    private int ctypes(Irp irp, ByteBuffer request, ByteBuffer data) {
        KsWire.putInt(data, 0, pins().size());
        irp.ioStatus().information(4);
        return STATUS_SUCCESS;
    }

    private int cinstances(Irp irp, ByteBuffer request, ByteBuffer data) {
        return withPin(irp, request, data, (i, pin, id, r, d) -> {
            KsWire.putInt(d, 0, pin.possibleInstances());
            KsWire.putInt(d, 4, filter.pinCount(id));
            i.ioStatus().information(8);
            return STATUS_SUCCESS;
        });
    }

    private int dataRanges(Irp irp, ByteBuffer request, ByteBuffer data) {
        return withPin(irp, request, data, (i, pin, id, r, d) -> {
            List<ByteBuffer> ranges = pin.dataRanges();
            int bytes = 0;
            for (ByteBuffer range : ranges) {
                bytes += KsWire.align8(range.limit());
            }
            return KsPropertyReplies.multipleItem(i, d, ranges.size(), bytes, (b, off) -> {
                int at = off;
                for (ByteBuffer range : ranges) {
                    b.put(at, range, 0, range.limit());
                    at += KsWire.align8(range.limit());
                }
            });
        });
    }

    private KsPropertyItem.Handler identifiers(java.util.function.Function<KsPinDescriptor, List<KsIdentifier>> list) {
        return (irp, request, data) -> withPin(irp, request, data, (i, pin, id, r, d) -> {
            List<KsIdentifier> ids = list.apply(pin);
            return KsPropertyReplies.multipleItem(i, d, ids.size(), KsIdentifier.SIZEOF * ids.size(), (b, off) -> {
                for (int k = 0; k < ids.size(); k++) {
                    ids.get(k).write(b, off + KsIdentifier.SIZEOF * k);
                }
            });
        });
    }

    private int category(Irp irp, ByteBuffer request, ByteBuffer data) {
        return withPin(irp, request, data, (i, pin, id, r, d) -> {
            if (pin.category() == null) {
                return STATUS_NOT_FOUND;
            }
            KsWire.putGuid(d, 0, pin.category());
            i.ioStatus().information(16);
            return STATUS_SUCCESS;
        });
    }

    /** The pin's name, else its category's, as a NUL-terminated UTF-16LE string. */
    private int name(Irp irp, ByteBuffer request, ByteBuffer data) {
        return withPin(irp, request, data, (i, pin, id, r, d) -> {
            String name = pin.name();
            if (name == null && pin.category() != null) {
                name = CATEGORY_NAMES.getOrDefault(pin.category(), "{" + pin.category().toString().toUpperCase(java.util.Locale.ROOT) + "}");
            }
            if (name == null) {
                return STATUS_NOT_FOUND;
            }
            byte[] utf16 = (name + '\0').getBytes(StandardCharsets.UTF_16LE);
            return KsPropertyReplies.sized(i, d, utf16.length, (b, off) -> b.put(off, utf16));
        });
    }

    /**
     * KSPROPERTY_PIN_DATAINTERSECTION: request = KSP_PIN, KSMULTIPLE_ITEM, client ranges (8-byte
     * aligned). The first client range that intersects one of the pin's ranges wins.
     */
    private int intersection(Irp irp, ByteBuffer request, ByteBuffer data) {
        return withPin(irp, request, data, (i, pin, id, r, d) -> {
            int base = KsProperty.SIZEOF_KSP_PIN;
            int size = KsWire.getInt(r, base);
            int count = KsWire.getInt(r, base + 4);
            if (size < KsProperty.SIZEOF_KSMULTIPLE_ITEM || size > r.limit() - base || count < 0) {
                return STATUS_INVALID_BUFFER_SIZE;
            }
            int end = base + size;
            int at = base + KsProperty.SIZEOF_KSMULTIPLE_ITEM;
            for (int n = 0; n < count; n++) {
                if (at > end - KsDataFormat.SIZEOF) {
                    return STATUS_INVALID_BUFFER_SIZE;
                }
                ByteBuffer client = KsDataFormat.view(r, at, end - at);
                int formatSize = KsDataFormat.formatSize(client);
                if (KsDataFormat.validate(client, end - at) != STATUS_SUCCESS) {
                    return STATUS_INVALID_BUFFER_SIZE;
                }
                ByteBuffer format = intersectOne(pin, KsDataFormat.view(r, at, formatSize));
                if (format != null) {
                    int formatBytes = KsDataFormat.formatSize(format);
                    return KsPropertyReplies.sized(i, d, formatBytes, (b, off) -> b.put(off, format, 0, formatBytes));
                }
                at += KsWire.align8(formatSize);
            }
            return STATUS_NO_MATCH;
        });
    }

    /** The format the pin's handler picks for one client range, or null. */
    static ByteBuffer intersectOne(KsPinDescriptor pin, ByteBuffer clientRange) {
        KsIntersectHandler handler = pin.intersectHandler() != null ? pin.intersectHandler() : KsVideo::intersect;
        for (ByteBuffer pinRange : pin.dataRanges()) {
            if (!KsDataFormat.candidates(clientRange, pinRange)) {
                continue;
            }
            ByteBuffer format = handler.intersect(clientRange.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN),
                    pinRange.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN));
            if (format != null && KsDataFormat.validate(format, format.limit()) == STATUS_SUCCESS) {
                return format;
            }
        }
        return null;
    }
}
