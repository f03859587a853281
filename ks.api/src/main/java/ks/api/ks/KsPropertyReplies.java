package ks.api.ks;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;
import static ks.api.io.NtStatus.STATUS_BUFFER_TOO_SMALL;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;

import ks.api.io.Irp;

/**
 * The KS size-query conventions for property values, for handlers of variable-size properties
 * (KsHandleSizedListQuery): output length 0 asks for the size (STATUS_BUFFER_OVERFLOW with
 * Information = the size), 4 bytes returns only the total size, 8 bytes only the KSMULTIPLE_ITEM
 * header, a large enough buffer the whole value, anything else STATUS_BUFFER_TOO_SMALL.
 */
public final class KsPropertyReplies {

    /** Writes the items of a KSMULTIPLE_ITEM at {@code offset} of the data buffer. */
    @FunctionalInterface
    public interface ItemsWriter {
        void write(ByteBuffer data, int offset);
    }

    private KsPropertyReplies() {
    }

    /**
     * Answers with a KSMULTIPLE_ITEM {Size, Count} followed by {@code itemsBytes} of items.
     *
     * @return the status; Information is set on the IRP
     */
    public static int multipleItem(Irp irp, ByteBuffer data, int count, int itemsBytes, ItemsWriter items) {
        int required = KsProperty.SIZEOF_KSMULTIPLE_ITEM + itemsBytes;
        int length = data == null ? 0 : data.limit();
        if (length == 0) {
            irp.ioStatus().information(required);
            return STATUS_BUFFER_OVERFLOW;
        }
        if (length == 4) {
            KsWire.putInt(data, 0, required);
            irp.ioStatus().information(4);
            return STATUS_SUCCESS;
        }
        if (length == KsProperty.SIZEOF_KSMULTIPLE_ITEM) {
            KsWire.putInt(data, 0, required);
            KsWire.putInt(data, 4, count);
            irp.ioStatus().information(KsProperty.SIZEOF_KSMULTIPLE_ITEM);
            return STATUS_SUCCESS;
        }
        if (length < required) {
            irp.ioStatus().information(required);
            return STATUS_BUFFER_TOO_SMALL;
        }
        KsWire.putInt(data, 0, required);
        KsWire.putInt(data, 4, count);
        items.write(data, KsProperty.SIZEOF_KSMULTIPLE_ITEM);
        irp.ioStatus().information(required);
        return STATUS_SUCCESS;
    }

    /**
     * Answers with a value of exactly {@code size} bytes (a GUID, a string): size query, too small,
     * or the value.
     */
    public static int sized(Irp irp, ByteBuffer data, int size, ItemsWriter value) {
        int length = data == null ? 0 : data.limit();
        if (length == 0) {
            irp.ioStatus().information(size);
            return STATUS_BUFFER_OVERFLOW;
        }
        if (length < size) {
            irp.ioStatus().information(size);
            return STATUS_BUFFER_TOO_SMALL;
        }
        value.write(data, 0);
        irp.ioStatus().information(size);
        return STATUS_SUCCESS;
    }
}
