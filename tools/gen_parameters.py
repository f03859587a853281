#!/usr/bin/env python3
"""Generates ks.api/src/main/java/ks/api/io/IoStackLocationParameters.java from the x64 layout
of the IO_STACK_LOCATION Parameters union (wdm.h). Run after editing LAYOUT; the output is
committed. Each field: (JavaName, kind, slot, bitOffset, bits) where kind is 'u' (unsigned int
up to 32 bits, returned as int), 'l' (64-bit value), 'b' (BOOLEAN byte) 'p' (pointer) or 'a'
(a PVOID argument: pointer, typed-pointer, ULONG_PTR and ULONG access to one slot)."""
import os, sys
LAYOUT = [
 ("Create", "NtCreateFile", [("SecurityContext","p",0),("Options","u",1,0,32),("FileAttributes","u",2,0,16),("ShareAccess","u",2,16,16),("EaLength","u",3,0,32)]),
 ("CreatePipe", "NtCreateNamedPipeFile", [("SecurityContext","p",0),("Options","u",1,0,32),("Reserved","u",2,0,16),("ShareAccess","u",2,16,16),("Parameters","p",3)]),
 ("CreateMailslot", "NtCreateMailslotFile", [("SecurityContext","p",0),("Options","u",1,0,32),("Reserved","u",2,0,16),("ShareAccess","u",2,16,16),("Parameters","p",3)]),
 ("Read", "NtReadFile", [("Length","u",0,0,32),("Key","u",1,0,32),("Flags","u",1,32,32),("ByteOffset","l",2)]),
 ("Write", "NtWriteFile", [("Length","u",0,0,32),("Key","u",1,0,32),("Flags","u",1,32,32),("ByteOffset","l",2)]),
 ("QueryDirectory", "NtQueryDirectoryFile", [("Length","u",0,0,32),("FileName","p",1),("FileInformationClass","u",2,0,32),("FileIndex","u",3,0,32)]),
 ("NotifyDirectory", "NtNotifyChangeDirectoryFile", [("Length","u",0,0,32),("CompletionFilter","u",1,0,32)]),
 ("NotifyDirectoryEx", "NtNotifyChangeDirectoryFileEx", [("Length","u",0,0,32),("CompletionFilter","u",1,0,32),("DirectoryNotifyInformationClass","u",2,0,32)]),
 ("QueryFile", "NtQueryInformationFile", [("Length","u",0,0,32),("FileInformationClass","u",1,0,32)]),
 ("SetFile", "NtSetInformationFile", [("Length","u",0,0,32),("FileInformationClass","u",1,0,32),("FileObject","p",2),("ReplaceIfExists","b",3,0,8),("AdvanceOnly","b",3,8,8),("ClusterCount","u",3,0,32),("DeleteHandle","l",3)]),
 ("QueryEa", "NtQueryEaFile", [("Length","u",0,0,32),("EaList","p",1),("EaListLength","u",2,0,32),("EaIndex","u",3,0,32)]),
 ("SetEa", "NtSetEaFile", [("Length","u",0,0,32)]),
 ("QueryVolume", "NtQueryVolumeInformationFile", [("Length","u",0,0,32),("FsInformationClass","u",1,0,32)]),
 ("SetVolume", "NtSetVolumeInformationFile", [("Length","u",0,0,32),("FsInformationClass","u",1,0,32)]),
 ("FileSystemControl", "NtFsControlFile", [("OutputBufferLength","u",0,0,32),("InputBufferLength","u",1,0,32),("FsControlCode","u",2,0,32),("Type3InputBuffer","p",3)]),
 ("LockControl", "NtLockFile/NtUnlockFile", [("Length","p",0),("Key","u",1,0,32),("ByteOffset","l",2)]),
 ("DeviceIoControl", "NtDeviceIoControlFile (IRP_MJ_DEVICE_CONTROL and IRP_MJ_INTERNAL_DEVICE_CONTROL)", [("OutputBufferLength","u",0,0,32),("InputBufferLength","u",1,0,32),("IoControlCode","u",2,0,32),("Type3InputBuffer","p",3)]),
 ("QuerySecurity", "NtQuerySecurityObject", [("SecurityInformation","u",0,0,32),("Length","u",1,0,32)]),
 ("SetSecurity", "NtSetSecurityObject", [("SecurityInformation","u",0,0,32),("SecurityDescriptor","p",1)]),
 ("MountVolume", "IRP_MN_MOUNT_VOLUME", [("Vpb","p",0),("DeviceObject","p",1),("OutputBufferLength","u",2,0,32)]),
 ("VerifyVolume", "IRP_MN_VERIFY_VOLUME", [("Vpb","p",0),("DeviceObject","p",1)]),
 ("Scsi", "IRP_MJ_INTERNAL_DEVICE_CONTROL (SCSI)", [("Srb","p",0)]),
 ("QueryQuota", "NtQueryQuotaInformationFile", [("Length","u",0,0,32),("StartSid","p",1),("SidList","p",2),("SidListLength","u",3,0,32)]),
 ("SetQuota", "NtSetQuotaInformationFile", [("Length","u",0,0,32)]),
 ("QueryDeviceRelations", "IRP_MN_QUERY_DEVICE_RELATIONS", [("Type","u",0,0,32)]),
 ("QueryInterface", "IRP_MN_QUERY_INTERFACE", [("InterfaceType","p",0),("Size","u",1,0,16),("Version","u",1,16,16),("Interface","p",2),("InterfaceSpecificData","p",3)]),
 ("DeviceCapabilities", "IRP_MN_QUERY_CAPABILITIES", [("Capabilities","p",0)]),
 ("FilterResourceRequirements", "IRP_MN_FILTER_RESOURCE_REQUIREMENTS", [("IoResourceRequirementList","p",0)]),
 ("ReadWriteConfig", "IRP_MN_READ_CONFIG and IRP_MN_WRITE_CONFIG", [("WhichSpace","u",0,0,32),("Buffer","p",1),("Offset","u",2,0,32),("Length","u",3,0,32)]),
 ("SetLock", "IRP_MN_SET_LOCK", [("Lock","b",0,0,8)]),
 ("QueryId", "IRP_MN_QUERY_ID", [("IdType","u",0,0,32)]),
 ("QueryDeviceText", "IRP_MN_QUERY_DEVICE_TEXT", [("DeviceTextType","u",0,0,32),("LocaleId","u",1,0,32)]),
 ("UsageNotification", "IRP_MN_DEVICE_USAGE_NOTIFICATION", [("InPath","b",0,0,8),("Type","u",1,0,32)]),
 ("WaitWake", "IRP_MN_WAIT_WAKE", [("PowerState","u",0,0,32)]),
 ("PowerSequence", "IRP_MN_POWER_SEQUENCE", [("PowerSequence","p",0)]),
 ("Power", "IRP_MN_SET_POWER and IRP_MN_QUERY_POWER", [("SystemContext","u",0,0,32),("SystemPowerStateContext","u",0,0,32),("Type","u",1,0,32),("State","u",2,0,32),("ShutdownType","u",3,0,32)]),
 ("StartDevice", "IRP_MN_START_DEVICE", [("AllocatedResources","p",0),("AllocatedResourcesTranslated","p",1)]),
 ("WMI", "WMI minor IRPs", [("ProviderId","l",0),("DataPath","p",1),("BufferSize","u",2,0,32),("Buffer","p",3)]),
 ("Others", "driver-specific IRPs", [("Argument1","a",0),("Argument2","a",1),("Argument3","a",2),("Argument4","a",3)]),
]

KEYWORDS = {"interface"}
def lc(s):
    n = s[0].lower()+s[1:]
    # a Java keyword gets a suffix naming what it is
    return n + "Pointer" if n in KEYWORDS else n

out = []
w = out.append
w("""package ks.api.io;

/**
 * The {@code Parameters} union of an I/O stack location: one storage area with a typed view per
 * union member of the IO_STACK_LOCATION page. Generated by {@code tools/gen_parameters.py} from the
 * x64 layout; do not edit by hand.
 *
 * <h2>Storage</h2>
 * The C union is 32 bytes on x64: four pointer-sized slots. Each slot here is a {@code long} word
 * (integer members are bit fields of it, at their C offsets) plus an {@code Object} reference
 * (pointer members). Writing an integer member overwrites the bits it covers and, as writing over
 * a pointer's bytes in C would, destroys a pointer stored in that slot; writing a pointer member
 * replaces the slot's word with 0. So {@code DeviceIoControl.OutputBufferLength}, {@code
 * Read.Length} and {@code Others.Argument1} name the same storage, as in C.
 *
 * <pre>
 * slot   0 (+0)            1 (+8)              2 (+16)          3 (+24)
 * Read   Length            Key | Flags         ByteOffset       -
 * DevIo  OutputBufferLen   InputBufferLength   IoControlCode    Type3InputBuffer
 * Others Argument1         Argument2           Argument3        Argument4
 * </pre>
 *
 * <h2>Allocation</h2>
 * Views are created once per stack location, on first use, and live as long as the (pooled) IRP.
 */
public final class IoStackLocationParameters {

    /** Pointer-sized slots in the union. */
    public static final int SLOTS = 4;

    private final long[] words = new long[SLOTS];
    private final Object[] refs = new Object[SLOTS];
""")
for name, used, fields in LAYOUT:
    w(f"    private {name} {lc(name)};")
w("""
    /** Clears the whole union (the I/O manager zeroes a completing driver's location). */
    public void clear() {
        // unrolled: this runs for every location of every completed IRP
        long[] w = words;
        Object[] r = refs;
        w[0] = 0;
        w[1] = 0;
        w[2] = 0;
        w[3] = 0;
        r[0] = null;
        r[1] = null;
        r[2] = null;
        r[3] = null;
    }

    /** Copies the whole union from another location (IoCopyCurrentIrpStackLocationToNext). */
    public void copyFrom(IoStackLocationParameters other) {
        long[] w = words;
        long[] ow = other.words;
        Object[] r = refs;
        Object[] or = other.refs;
        w[0] = ow[0];
        w[1] = ow[1];
        w[2] = ow[2];
        w[3] = ow[3];
        r[0] = or[0];
        r[1] = or[1];
        r[2] = or[2];
        r[3] = or[3];
    }

    /** The raw word of a slot (its integer bits), for diagnostics and aliasing checks. */
    public long slotWord(int slot) {
        return words[slot];
    }

    /** The reference stored in a slot, if its last write was a pointer member. */
    public Object slotPointer(int slot) {
        return refs[slot];
    }

    long bits(int slot, int offset, int count) {
        long v = words[slot] >>> offset;
        return count == 64 ? v : v & ((1L << count) - 1);
    }

    void setBits(int slot, int offset, int count, long value) {
        if (count == 64) {
            words[slot] = value;
        } else {
            long mask = ((1L << count) - 1) << offset;
            words[slot] = (words[slot] & ~mask) | ((value << offset) & mask);
        }
        refs[slot] = null;
    }

    Object pointer(int slot) {
        return refs[slot];
    }

    void setPointer(int slot, Object value) {
        refs[slot] = value;
        words[slot] = 0;
    }
""")
for name, used, fields in LAYOUT:
    w(f"""    /** The {name} member: parameters for {used}. */
    public {name} {lc(name)}() {{
        {name} v = {lc(name)};
        if (v == null) {{
            v = new {name}(this);
            {lc(name)} = v;
        }}
        return v;
    }}
""")
for name, used, fields in LAYOUT:
    w(f"""    /** Parameters.{name}: the view used by {used}. */
    public static final class {name} {{
        private final IoStackLocationParameters u;

        {name}(IoStackLocationParameters u) {{
            this.u = u;
        }}
""")
    for f in fields:
        fname, kind, slot = f[0], f[1], f[2]
        g = lc(fname)
        if kind in ("p", "a"):
            w(f"""
        public Object {g}() {{
            return u.pointer({slot});
        }}

        public {name} {g}(Object value) {{
            u.setPointer({slot}, value);
            return this;
        }}
""")
        if kind == "a":
            w(f"""
        /**
         * {fname} cast to the type the IRP's sender stored, as {{@code (PURB)Argument1}} does.
         *
         * @return the pointer, or null when none is stored
         * @throws ClassCastException naming both types when the stored pointer is another type
         */
        public <T> T {g}(Class<T> type) {{
            Object v = u.pointer({slot});
            if (v != null && !type.isInstance(v)) {{
                throw new ClassCastException("Parameters.Others.{fname} holds a " + v.getClass().getName()
                        + ", not a " + type.getName());
            }}
            return type.cast(v);
        }}

        /** {fname} as a ULONG_PTR: {{@code (ULONG_PTR)Argument}}. */
        public long {g}Long() {{
            return u.bits({slot}, 0, 64);
        }}

        public {name} {g}Long(long value) {{
            u.setBits({slot}, 0, 64, value);
            return this;
        }}

        /** {fname} as a ULONG: the low 32 bits, {{@code (ULONG)(ULONG_PTR)Argument}}. */
        public int {g}Int() {{
            return (int) u.bits({slot}, 0, 32);
        }}

        /** Stores a ULONG, zero-extended to the whole argument as {{@code (PVOID)(ULONG_PTR)value}} does. */
        public {name} {g}Int(int value) {{
            u.setBits({slot}, 0, 64, Integer.toUnsignedLong(value));
            return this;
        }}
""")
        elif kind == "l":
            w(f"""
        public long {g}() {{
            return u.bits({slot}, 0, 64);
        }}

        public {name} {g}(long value) {{
            u.setBits({slot}, 0, 64, value);
            return this;
        }}
""")
        elif kind == "b":
            off = f[3]
            w(f"""
        public boolean {g}() {{
            return u.bits({slot}, {off}, 8) != 0;
        }}

        public {name} {g}(boolean value) {{
            u.setBits({slot}, {off}, 8, value ? 1 : 0);
            return this;
        }}
""")
        elif kind == "u":
            off, bits = f[3], f[4]
            w(f"""
        public int {g}() {{
            return (int) u.bits({slot}, {off}, {bits});
        }}

        public {name} {g}(int value) {{
            u.setBits({slot}, {off}, {bits}, value & 0x{(1<<bits)-1:X}L);
            return this;
        }}
""")
    w("    }\n")
w("}\n")
root = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(root, "..", "ks.api/src/main/java/ks/api/io/IoStackLocationParameters.java")
open(path, "w").write("\n".join(out).replace("\n\n\n", "\n\n"))
print("wrote", os.path.normpath(path))
