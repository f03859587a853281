package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * KSIDENTIFIER (= KSPIN_INTERFACE = KSPIN_MEDIUM): {Set GUID, Id, Flags}, 24 bytes.
 */
public record KsIdentifier(UUID set, int id, int flags) {

    public static final int SIZEOF = 24;

    /** KSINTERFACESETID_Standard / KSINTERFACE_STANDARD_STREAMING, the interface of streaming pins. */
    public static final KsIdentifier STANDARD_STREAMING = new KsIdentifier(KsGuids.KSINTERFACESETID_Standard,
            KsProperty.KSINTERFACE_STANDARD_STREAMING, 0);

    /** KSMEDIUMSETID_Standard / KSMEDIUM_TYPE_ANYINSTANCE, the medium of software pins. */
    public static final KsIdentifier STANDARD_MEDIUM = new KsIdentifier(KsGuids.KSMEDIUMSETID_Standard,
            KsProperty.KSMEDIUM_TYPE_ANYINSTANCE, 0);

    public static KsIdentifier read(ByteBuffer b, int offset) {
        return new KsIdentifier(KsWire.getGuid(b, offset), KsWire.getInt(b, offset + 16), KsWire.getInt(b, offset + 20));
    }

    public void write(ByteBuffer b, int offset) {
        KsWire.putGuid(b, offset, set);
        KsWire.putInt(b, offset + 16, id);
        KsWire.putInt(b, offset + 20, flags);
    }

    /** Set and Id equal (Flags are not part of the identity). */
    public boolean sameAs(KsIdentifier other) {
        return set.equals(other.set) && id == other.id;
    }
}
