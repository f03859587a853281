package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_VIOLATION;
import static ks.api.io.NtStatus.STATUS_INVALID_BUFFER_SIZE;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_SUCCESS;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID;
import static ks.api.ks.KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TYPECHANGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.Irp;
import ks.api.io.KProcessorMode;
import ks.api.io.Mdl;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.Test;

/** KsProbeStreamIrp (§3.4) with the hardening: each malformed packet gets its specific status, never an exception. */
class ProbeStreamIrpTest {

    final Harness h = new Harness();
    final KsStreamIoImpl ks = new KsStreamIoImpl(h.io);
    final AtomicInteger probeResult = new AtomicInteger(-1);
    int probeFlags;
    int headerSize;
    Irp probed;

    /** Sends the headers to a pin that probes them and completes with the probe's status. */
    int send(KsStreamHeader[] headers, int length, int flags, int requestorMode) {
        DeviceObject d = h.device("ProbePin", (dev, irp) -> {
            int s = ks.probeStreamIrp(irp, probeFlags, headerSize);
            probeResult.set(s);
            probed = irp;
            if (s == STATUS_SUCCESS) {
                KsStreamHeader[] sys = KsStreamIoImpl.headersOf(irp);
                if ((probeFlags & KsStreamFlags.KSPROBE_STREAMWRITE) == 0) {
                    sys[0].dataUsed(3).optionsFlags(KSSTREAM_HEADER_OPTIONSF_TIMEVALID).presentationTime(777);
                }
                assertEquals(STATUS_SUCCESS, ks.probeStreamIrp(irp, probeFlags, headerSize), "probing again is harmless");
            }
            irp.ioStatus().set(s, s == STATUS_SUCCESS ? length : 0);
            h.io.completeRequest(irp);
            return s;
        });
        FileObject pin = new FileObject(d, "", null, null, 0);
        return ks.ksStreamIo(pin, null, null, null, null, 0, new IoStatusBlock(), headers, length, flags, requestorMode);
    }

    static KsStreamHeader[] one(Consumer<KsStreamHeader> edit) {
        KsStreamHeader hd = new KsStreamHeader(ByteBuffer.allocate(100));
        edit.accept(hd);
        return new KsStreamHeader[] {hd};
    }

    int read(KsStreamHeader[] hs, int length) {
        probeFlags = KsStreamFlags.KSPROBE_STREAMREAD;
        return send(hs, length, KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
    }

    int write(KsStreamHeader[] hs, int length) {
        probeFlags = KsStreamFlags.KSPROBE_STREAMWRITE;
        return send(hs, length, KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode);
    }

    @Test
    void shouldAcceptWellFormedPackets() {
        assertEquals(STATUS_SUCCESS, read(one(x -> { }), 56));
        KsStreamHeader[] two = {new KsStreamHeader(ByteBuffer.allocate(8)), new KsStreamHeader(ByteBuffer.allocate(8))};
        assertEquals(STATUS_SUCCESS, read(two, 112));
        assertEquals(STATUS_SUCCESS, write(one(x -> x.dataUsed(100)), 56));
        h.assertNoLeaks();
    }

    @Test
    void shouldRejectSizeZeroAndSizesBelowTheHeader() {
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> x.size(0)), 56));
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> x.size(48)), 56));
        assertEquals(STATUS_INVALID_BUFFER_SIZE, write(one(x -> x.size(0).optionsFlags(KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)), 56),
                "the ReactOS endless loop case ends in a status");
        h.assertNoLeaks();
    }

    @Test
    void shouldRejectLengthsThatDoNotMatchTheHeaders() {
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> { }), 0));
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> { }), 57), "remaining shorter than the next header");
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> { }), 112), "Length claims a second header");
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> { }), 40));
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> x.size(60)), 60), "not a multiple of 8");
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> x.size(64)), 64), "Size must describe the header it is on");
        h.assertNoLeaks();
    }

    @Test
    void shouldEnforceTheHeaderSizeOfThePin() {
        headerSize = 64;
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> { }), 56));
        headerSize = 64;
        assertEquals(STATUS_SUCCESS, read(one(x -> x.extension(ByteBuffer.allocate(8))), 64));
        h.assertNoLeaks();
    }

    @Test
    void shouldRejectDataUsedBeyondFrameExtentOnWrite() {
        assertEquals(STATUS_INVALID_BUFFER_SIZE, write(one(x -> x.dataUsed(101)), 56));
        assertEquals(STATUS_INVALID_BUFFER_SIZE, write(one(x -> x.dataUsed(-1)), 56), "ULONG comparison, no sign tricks");
        h.assertNoLeaks();
    }

    @Test
    void shouldRejectReadHeadersWithDataUsedOrOptionsFlags() {
        assertEquals(STATUS_INVALID_BUFFER_SIZE, read(one(x -> x.dataUsed(1)), 56));
        assertEquals(STATUS_INVALID_PARAMETER, read(one(x -> x.optionsFlags(KSSTREAM_HEADER_OPTIONSF_TIMEVALID)), 56));
        h.assertNoLeaks();
    }

    @Test
    void shouldRuleOnFormatChangeWrites() {
        assertEquals(STATUS_INVALID_PARAMETER, write(one(x -> x.optionsFlags(KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)), 56),
                "without KSPROBE_ALLOWFORMATCHANGE");
        probeFlags = KsStreamFlags.KSPROBE_STREAMWRITE | KsStreamFlags.KSPROBE_ALLOWFORMATCHANGE;
        assertEquals(STATUS_SUCCESS, send(one(x -> x.optionsFlags(KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)), 56,
                KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode));
        KsStreamHeader[] two = {new KsStreamHeader(ByteBuffer.allocate(8)),
            new KsStreamHeader(ByteBuffer.allocate(8)).optionsFlags(KSSTREAM_HEADER_OPTIONSF_TYPECHANGED)};
        assertEquals(STATUS_INVALID_BUFFER_SIZE, send(two, 112, KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode),
                "a format change must be the only header");
        h.assertNoLeaks();
    }

    @Test
    void shouldTreatBuffersThatDoNotCoverFrameExtentAsProbeFaults() {
        assertEquals(STATUS_ACCESS_VIOLATION, read(one(x -> x.frameExtent(101)), 56));
        assertEquals(STATUS_ACCESS_VIOLATION, read(one(x -> x.frameExtent(-1)), 56), "Data + FrameExtent overflow");
        assertEquals(STATUS_ACCESS_VIOLATION, read(one(x -> x.dataPointer(null)), 56));
        assertEquals(STATUS_ACCESS_VIOLATION, read(one(x -> x.dataPointer(ByteBuffer.allocate(100).asReadOnlyBuffer())), 56),
                "a read needs write access to the data");
        assertEquals(STATUS_SUCCESS, write(one(x -> x.dataPointer(ByteBuffer.allocate(100).asReadOnlyBuffer())), 56));
        KsStreamHeader[] missing = {null};
        assertEquals(STATUS_ACCESS_VIOLATION, read(missing, 56));
        h.assertNoLeaks();
    }

    @Test
    void shouldUseKernelHeadersInPlaceAndCopyUserHeaders() {
        KsStreamHeader[] kernel = one(x -> { });
        assertEquals(STATUS_SUCCESS, read(kernel, 56));
        assertEquals(3, kernel[0].dataUsed(), "the pin wrote the caller's header directly");

        KsStreamHeader[] user = one(x -> { });
        probeFlags = KsStreamFlags.KSPROBE_STREAMREAD;
        assertEquals(STATUS_SUCCESS, send(user, 56, KsStreamFlags.KSSTREAM_READ, KProcessorMode.UserMode));
        assertEquals(3, user[0].dataUsed(), "copied back at completion (IRP_BUFFERED_IO | IRP_INPUT_OPERATION)");
        assertEquals(777, user[0].presentationTime());
        assertEquals(KSSTREAM_HEADER_OPTIONSF_TIMEVALID, user[0].optionsFlags());
        h.assertNoLeaks();
    }

    @Test
    void shouldValidateAKernelCopySoUserHeadersCannotChangeAfterTheCheck() {
        KsStreamHeader[] user = one(x -> { });
        DeviceObject d = h.device("CopyPin", (dev, irp) -> {
            int s = ks.probeStreamIrp(irp, KsStreamFlags.KSPROBE_STREAMREAD, 0);
            assertEquals(STATUS_SUCCESS, s);
            KsStreamHeader[] sys = KsStreamIoImpl.headersOf(irp);
            assertNotSame(user, sys);
            assertSame(user[0].data(), sys[0].data(), "data buffers are shared, not copied");
            user[0].frameExtent(1_000_000); // the caller changing its header after the probe has no effect
            assertEquals(100, sys[0].frameExtent());
            irp.ioStatus().set(STATUS_SUCCESS, 0);
            h.io.completeRequest(irp);
            return STATUS_SUCCESS;
        });
        FileObject pin = new FileObject(d, "", null, null, 0);
        assertEquals(STATUS_SUCCESS, ks.ksStreamIo(pin, null, null, null, null, 0, new IoStatusBlock(), user, 56,
                KsStreamFlags.KSSTREAM_READ, KProcessorMode.UserMode));
        h.assertNoLeaks();
    }

    @Test
    void allocateMdlDescribesEachDataBufferLockedAndMappedAsAsked() {
        List<String> seen = new ArrayList<>();
        List<Mdl> mdls = new ArrayList<>();
        DeviceObject d = h.device("MdlPin", (dev, irp) -> {
            int s = ks.probeStreamIrp(irp, probeFlags, 0);
            for (Mdl m = irp.mdlAddress(); m != null; m = m.next()) {
                seen.add(m.byteCount() + "@0x" + Integer.toHexString(m.flags()));
                mdls.add(m);
                if (s == STATUS_SUCCESS && (m.flags() & Mdl.MDL_MAPPED_TO_SYSTEM_VA) != 0) {
                    m.systemAddress().put(0, (byte) 0x33);
                }
            }
            irp.ioStatus().set(s, 0);
            h.io.completeRequest(irp);
            return s;
        });
        FileObject pin = new FileObject(d, "", null, null, 0);
        ByteBuffer first = ByteBuffer.allocate(16);
        KsStreamHeader[] hs = {new KsStreamHeader(first), new KsStreamHeader(ByteBuffer.allocate(0)),
            new KsStreamHeader(ByteBuffer.allocate(8))};
        probeFlags = KsStreamFlags.KSPROBE_STREAMREAD | KsStreamFlags.KSPROBE_ALLOCATEMDL | KsStreamFlags.KSPROBE_PROBEANDLOCK
                | KsStreamFlags.KSPROBE_SYSTEMADDRESS;
        assertEquals(STATUS_SUCCESS, ks.ksStreamIo(pin, null, null, null, null, 0, new IoStatusBlock(), hs,
                KsStreamHeader.totalSize(hs), KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode));
        assertEquals(List.of("16@0x3", "8@0x3"), seen, "one MDL per header with a FrameExtent, locked and mapped");
        assertEquals(0x33, first.get(0), "the mapping is of the caller's data buffer");
        assertTrue(mdls.stream().allMatch(Mdl::freed), "final completion frees them");

        seen.clear();
        probeFlags = KsStreamFlags.KSPROBE_STREAMWRITE | KsStreamFlags.KSPROBE_ALLOCATEMDL;
        KsStreamHeader[] w = {new KsStreamHeader(ByteBuffer.allocate(4)).dataUsed(4)};
        assertEquals(STATUS_SUCCESS, ks.ksStreamIo(pin, null, null, null, null, 0, new IoStatusBlock(), w,
                KsStreamHeader.totalSize(w), KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode));
        assertEquals(List.of("4@0x0"), seen, "described, not locked, without KSPROBE_PROBEANDLOCK");

        seen.clear();
        probeFlags = KsStreamFlags.KSPROBE_STREAMWRITEMODIFY | KsStreamFlags.KSPROBE_ALLOCATEMDL | KsStreamFlags.KSPROBE_PROBEANDLOCK;
        KsStreamHeader[] ro = {new KsStreamHeader(ByteBuffer.allocate(4).asReadOnlyBuffer()).dataUsed(4)};
        assertEquals(STATUS_ACCESS_VIOLATION, ks.ksStreamIo(pin, null, null, null, null, 0, new IoStatusBlock(), ro,
                KsStreamHeader.totalSize(ro), KsStreamFlags.KSSTREAM_WRITE, KProcessorMode.KernelMode));
        assertEquals(List.of(), seen, "a failed probe leaves no MDL on the IRP");
        h.assertNoLeaks();
    }
}
