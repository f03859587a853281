package ks.api.ks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GUID values and their wire form; expected values from ks-video.md §1–§2. */
class KsGuidsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"YUY2, 32595559-0000-0010-8000-00AA00389B71", "NV12, 3231564E-0000-0010-8000-00AA00389B71",
        "MJPG, 47504A4D-0000-0010-8000-00AA00389B71", "H264, 34363248-0000-0010-8000-00AA00389B71",
        "I420, 30323449-0000-0010-8000-00AA00389B71"})
    void shouldBuildFourccSubtypesByTheRule(String fourcc, String guid) {
        assertEquals(UUID.fromString(guid), KsGuids.fourccSubtype(fourcc));
        assertEquals(fourcc, KsGuids.fourccOf(UUID.fromString(guid)));
    }

    @Test
    void shouldNotReadAFourccFromOtherGuids() {
        assertNull(KsGuids.fourccOf(KsGuids.MEDIASUBTYPE_RGB24));
        assertNull(KsGuids.fourccOf(KsGuids.GUID_NULL));
        assertEquals(0x32595559, KsGuids.fourcc("YUY2"));
    }

    /** The DirectShow RGB subtypes (E436EB7D/E436EB7E-524F-11CE-9F53-0020AF0BA770, ks-video.md §2) by the names users write. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"E436EB7D-524F-11CE-9F53-0020AF0BA770, RGB24", "E436EB7E-524F-11CE-9F53-0020AF0BA770, RGB32",
        "32595559-0000-0010-8000-00AA00389B71, YUY2", "00000000-0000-0000-0000-000000000001, 00000000-0000-0000-0000-000000000001"})
    void shouldNameSubtypesByFourccOrRgbNameOrElseByGuid(String guid, String name) {
        assertEquals(name, KsGuids.subtypeName(UUID.fromString(guid)));
    }

    @Test
    void shouldWriteGuidsWithLittleEndianDataOneToThree() {
        ByteBuffer b = ByteBuffer.allocate(18);
        KsWire.putGuid(b, 1, KsGuids.KSCATEGORY_CAPTURE);
        byte[] expected = {0x3D, 0x77, (byte) 0xE8, 0x65, 0x56, (byte) 0x8F, (byte) 0xD0, 0x11,
            (byte) 0xA3, (byte) 0xB9, 0x00, (byte) 0xA0, (byte) 0xC9, 0x22, 0x31, (byte) 0x96};
        byte[] actual = new byte[16];
        b.get(1, actual);
        assertArrayEquals(expected, actual);
        assertEquals(KsGuids.KSCATEGORY_CAPTURE, KsWire.getGuid(b, 1));
        assertEquals(0, b.position(), "absolute access leaves the position alone");
    }

    @Test
    void shouldSpellTheStandardSetsAsInWindows() {
        assertEquals("8c134960-51ad-11cf-878a-94f801c10000", KsGuids.KSPROPSETID_Pin.toString());
        assertEquals("1d58c920-ac9b-11cf-a5d6-28db04c10000", KsGuids.KSPROPSETID_Connection.toString());
        assertEquals("146f1a80-4791-11d0-a5d6-28db04c10000", KsGuids.KSSTRING_Pin.toString());
        assertEquals("73646976-0000-0010-8000-00aa00389b71", KsGuids.KSDATAFORMAT_TYPE_VIDEO.toString());
        assertEquals(KsState.KSSTATE_RUN, KsState.of(3));
        assertEquals(KsState.UNKNOWN, KsState.of(7));
        assertEquals(8, KsWire.align8(1));
        assertEquals(296, KsWire.align8(296));
    }
}
