package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * KSPROPERTY_VALUES: what BASICSUPPORT and DEFAULTVALUES answer for a property — the value type
 * (an OLE VARTYPE inside KSPROPTYPESETID_General) and member lists (ranges, stepped ranges, value
 * lists). Lists flagged {@link #KSPROPERTY_MEMBER_FLAG_DEFAULT} are the defaults: DEFAULTVALUES
 * returns only those, BASICSUPPORT only the others (ks-video §3.9).
 *
 * @param valueType the VARTYPE, e.g. {@link #VT_I4}
 * @param lists the member lists
 */
public record KsPropertyValues(int valueType, List<Members> lists) {

    public static final int VT_I4 = 3;
    public static final int VT_BOOL = 11;
    public static final int VT_UI4 = 19;
    public static final int VT_I8 = 20;

    public static final int KSPROPERTY_MEMBER_RANGES = 1;
    public static final int KSPROPERTY_MEMBER_STEPPEDRANGES = 2;
    public static final int KSPROPERTY_MEMBER_VALUES = 3;
    public static final int KSPROPERTY_MEMBER_FLAG_DEFAULT = 1;

    /** sizeof(KSPROPERTY_MEMBERSHEADER). */
    public static final int SIZEOF_MEMBERSHEADER = 16;

    public KsPropertyValues {
        lists = List.copyOf(lists);
    }

    /**
     * One KSPROPERTY_MEMBERSLIST: a KSPROPERTY_MEMBERSHEADER and {@code count} members of
     * {@code memberSize} bytes each, little-endian in {@code members}.
     */
    public record Members(int membersFlags, int memberSize, int count, int flags, byte[] members) {

        public Members {
            members = members.clone();
            if (members.length != memberSize * count) {
                throw new IllegalArgumentException(members.length + " member bytes for " + count + " × " + memberSize);
            }
        }

        int size() {
            return SIZEOF_MEMBERSHEADER + members.length;
        }

        boolean isDefault() {
            return (flags & KSPROPERTY_MEMBER_FLAG_DEFAULT) != 0;
        }
    }

    /**
     * A LONG property with a KSPROPERTY_STEPPING_LONG range {step, 0, min, max} and a
     * DEFAULT-flagged single value: the 72-byte BASICSUPPORT and 60-byte DEFAULTVALUES answers of
     * VideoProcAmp and CameraControl properties.
     */
    public static KsPropertyValues steppedLong(int step, int min, int max, int defaultValue) {
        ByteBuffer range = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        range.putInt(0, step).putInt(4, 0).putInt(8, min).putInt(12, max);
        ByteBuffer def = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, defaultValue);
        return new KsPropertyValues(VT_I4, List.of(
                new Members(KSPROPERTY_MEMBER_STEPPEDRANGES, 16, 1, 0, range.array()),
                new Members(KSPROPERTY_MEMBER_VALUES, 4, 1, KSPROPERTY_MEMBER_FLAG_DEFAULT, def.array())));
    }

    /** The lists a BASICSUPPORT ({@code defaults} false) or DEFAULTVALUES ({@code defaults} true) answer carries. */
    public int listCount(boolean defaults) {
        int n = 0;
        for (Members m : lists) {
            n += m.isDefault() == defaults ? 1 : 0;
        }
        return n;
    }

    /** Bytes of the whole answer: the KSPROPERTY_DESCRIPTION and the lists. */
    public int answerSize(boolean defaults) {
        int n = KsProperty.SIZEOF_KSPROPERTY_DESCRIPTION;
        for (Members m : lists) {
            n += m.isDefault() == defaults ? m.size() : 0;
        }
        return n;
    }

    /** Writes the lists (after the description) starting at {@code offset}. */
    public void writeLists(ByteBuffer b, int offset, boolean defaults) {
        int at = offset;
        for (Members m : lists) {
            if (m.isDefault() != defaults) {
                continue;
            }
            KsWire.putInt(b, at, m.membersFlags());
            KsWire.putInt(b, at + 4, m.memberSize());
            KsWire.putInt(b, at + 8, m.count());
            KsWire.putInt(b, at + 12, m.flags());
            b.put(at + SIZEOF_MEMBERSHEADER, m.members);
            at += m.size();
        }
    }
}
