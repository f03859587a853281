package ks.api.io;

import java.nio.ByteBuffer;

/**
 * MDL: a memory descriptor list entry, here a view of {@code [offset, offset + byteCount)} of a
 * caller's {@link ByteBuffer}. MDLs chain through {@link #next()}; an IRP's chain starts at
 * {@link Irp#mdlAddress()}.
 *
 * <p>The life of one, as in wdm.h: {@link IoManager#allocateMdl} (IoAllocateMdl) describes the
 * region, {@link #probeAndLockPages} (MmProbeAndLockPages) checks the access and locks it,
 * {@link #systemAddress()} (MmGetSystemAddressForMdlSafe) gives the kernel's view of it,
 * {@link #unlockPages()} (MmUnlockPages) and {@link IoManager#freeMdl} (IoFreeMdl) end it. Final
 * completion unlocks and frees every MDL still on a completed IRP's chain.
 */
public final class Mdl {

    /** MDL_MAPPED_TO_SYSTEM_VA: {@link #systemAddress()} has been taken. */
    public static final int MDL_MAPPED_TO_SYSTEM_VA = 0x0001;
    /** MDL_PAGES_LOCKED: {@link #probeAndLockPages} succeeded. */
    public static final int MDL_PAGES_LOCKED = 0x0002;
    /** MDL_SOURCE_IS_NONPAGED_POOL: a direct buffer, described rather than probed. */
    public static final int MDL_SOURCE_IS_NONPAGED_POOL = 0x0004;
    /** MDL_IO_PAGE_READ (unused by ks, kept with its header value). */
    public static final int MDL_IO_PAGE_READ = 0x0020;

    /** LOCK_OPERATION IoReadAccess: the pages will be read. */
    public static final int IO_READ_ACCESS = 0;
    /** LOCK_OPERATION IoWriteAccess: the pages will be written. */
    public static final int IO_WRITE_ACCESS = 1;
    /** LOCK_OPERATION IoModifyAccess: read and written. */
    public static final int IO_MODIFY_ACCESS = 2;

    private final ByteBuffer buffer;
    private final int byteOffset;
    private final int byteCount;
    private Mdl next;
    private int flags;
    private boolean freed;

    /**
     * Describes {@code byteCount} bytes of {@code buffer} from {@code byteOffset}; use
     * {@link IoManager#allocateMdl} to chain it to an IRP.
     *
     * @throws IndexOutOfBoundsException when the region is not inside the buffer
     */
    public Mdl(ByteBuffer buffer, int byteOffset, int byteCount) {
        if (byteOffset < 0 || byteCount < 0 || (long) byteOffset + byteCount > buffer.capacity()) {
            throw new IndexOutOfBoundsException("MDL of " + byteCount + " bytes at " + byteOffset
                    + " outside a buffer of " + buffer.capacity());
        }
        this.buffer = buffer;
        this.byteOffset = byteOffset;
        this.byteCount = byteCount;
        this.flags = buffer.isDirect() ? MDL_SOURCE_IS_NONPAGED_POOL : 0;
    }

    /** MdlFlags. */
    public int flags() {
        return flags;
    }

    /** ByteCount (MmGetMdlByteCount). */
    public int byteCount() {
        return byteCount;
    }

    /** The offset of the region in the described buffer (the Java form of MmGetMdlVirtualAddress). */
    public int byteOffset() {
        return byteOffset;
    }

    /** The buffer the MDL describes. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Next: the following MDL of the chain, or null. */
    public Mdl next() {
        return next;
    }

    /** Sets Next; the chain is the owner's (IoAllocateMdl with SecondaryBuffer appends to it). */
    public void next(Mdl value) {
        next = value;
    }

    /**
     * MmProbeAndLockPages: checks that the region can be accessed as {@code operation} asks and
     * locks it.
     *
     * @param operation {@link #IO_READ_ACCESS}, {@link #IO_WRITE_ACCESS} or {@link #IO_MODIFY_ACCESS}
     * @throws KsStatusException STATUS_ACCESS_VIOLATION for write access to a read-only buffer
     */
    public void probeAndLockPages(int operation) throws KsStatusException {
        checkLive();
        if (operation != IO_READ_ACCESS && buffer.isReadOnly()) {
            throw new KsStatusException(NtStatus.STATUS_ACCESS_VIOLATION, "MmProbeAndLockPages for write access on a read-only buffer");
        }
        flags |= MDL_PAGES_LOCKED;
    }

    /** MmUnlockPages. */
    public void unlockPages() {
        checkLive();
        if ((flags & MDL_PAGES_LOCKED) == 0) {
            throw new KsVerifierException("MDL_PAGES_NOT_LOCKED", "MmUnlockPages on an MDL whose pages are not locked");
        }
        flags &= ~(MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA);
    }

    /**
     * MmGetSystemAddressForMdlSafe: the kernel's view of the region, position 0 and limit
     * {@link #byteCount()}. The pages must be locked (or the buffer direct, MDL_SOURCE_IS_NONPAGED_POOL).
     */
    public ByteBuffer systemAddress() {
        checkLive();
        if ((flags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL)) == 0) {
            throw new KsVerifierException("MDL_NOT_LOCKED_FOR_MAPPING",
                    "MmGetSystemAddressForMdlSafe on an MDL whose pages are not locked");
        }
        flags |= MDL_MAPPED_TO_SYSTEM_VA;
        return buffer.duplicate().position(byteOffset).limit(byteOffset + byteCount).slice();
    }

    /** Whether IoFreeMdl has ended it. */
    public boolean freed() {
        return freed;
    }

    /** IoFreeMdl (what {@link IoManager#freeMdl} does): unlocks what is locked and ends the MDL. */
    public void free() {
        checkLive();
        if ((flags & MDL_PAGES_LOCKED) != 0) {
            flags &= ~(MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA);
        }
        freed = true;
        next = null;
    }

    /** Frees every MDL of a chain (final completion's "free all MDLs"). */
    public static void freeChain(Mdl first) {
        for (Mdl m = first; m != null;) {
            Mdl n = m.next;
            if (!m.freed) {
                m.free();
            }
            m = n;
        }
    }

    private void checkLive() {
        if (freed) {
            throw new KsVerifierException("MDL_USED_AFTER_FREE", "MDL used after IoFreeMdl");
        }
    }

    @Override
    public String toString() {
        return "MDL(" + byteCount + " bytes at " + byteOffset + ", flags 0x" + Integer.toHexString(flags) + ")";
    }
}
