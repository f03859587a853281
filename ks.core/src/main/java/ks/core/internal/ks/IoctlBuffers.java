package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_VIOLATION;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

import ks.api.io.IoStackLocationParameters;
import ks.api.io.Irp;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsPropertyReplies;
import ks.api.ks.KsWire;

/**
 * The two METHOD_NEITHER buffers of a KS property, method or event request: the request
 * (KSIDENTIFIER and instance data, Type3InputBuffer) and the data (UserBuffer), checked against
 * the lengths in the stack location and handed out as little-endian views starting at 0.
 */
final class IoctlBuffers {

    private IoctlBuffers() {
    }

    /**
     * STATUS_INVALID_PARAMETER when the request is shorter than {@code minInput},
     * STATUS_ACCESS_VIOLATION when a buffer does not cover its length, else STATUS_SUCCESS.
     */
    static int check(Irp irp, int minInput) {
        IoStackLocationParameters.DeviceIoControl p = irp.currentIrpStackLocation().parameters().deviceIoControl();
        if (p.inputBufferLength() < minInput) {
            return STATUS_INVALID_PARAMETER;
        }
        if (!(p.type3InputBuffer() instanceof ByteBuffer) || !KsWire.fits((ByteBuffer) p.type3InputBuffer(), 0, p.inputBufferLength())) {
            return STATUS_ACCESS_VIOLATION;
        }
        Object out = irp.userBuffer();
        if (p.outputBufferLength() != 0 && (!(out instanceof ByteBuffer) || !KsWire.fits((ByteBuffer) out, 0, p.outputBufferLength()))) {
            return STATUS_ACCESS_VIOLATION;
        }
        return STATUS_SUCCESS;
    }

    /** The request, limited to InputBufferLength (call {@link #check} first). */
    static ByteBuffer request(Irp irp) {
        IoStackLocationParameters.DeviceIoControl p = irp.currentIrpStackLocation().parameters().deviceIoControl();
        return KsDataFormat.view((ByteBuffer) p.type3InputBuffer(), 0, p.inputBufferLength());
    }

    /** The data buffer limited to OutputBufferLength, or null when that is 0. */
    static ByteBuffer data(Irp irp) {
        int length = irp.currentIrpStackLocation().parameters().deviceIoControl().outputBufferLength();
        return length == 0 ? null : KsDataFormat.view((ByteBuffer) irp.userBuffer(), 0, length);
    }

    /** The SETSUPPORT answer with Set GUID_NULL: the supported set GUIDs, 16 bytes each, with the size conventions. */
    static int guidList(Irp irp, ByteBuffer data, List<UUID> sets) {
        return KsPropertyReplies.sized(irp, data, 16 * sets.size(), (b, off) -> {
            for (int i = 0; i < sets.size(); i++) {
                KsWire.putGuid(b, off + 16 * i, sets.get(i));
            }
        });
    }
}
