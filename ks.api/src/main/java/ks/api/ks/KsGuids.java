package ks.api.ks;

import java.util.UUID;

/**
 * KS GUIDs (ks.h, ksmedia.h) as {@link UUID}s, spelled as in Windows. On the wire a GUID is
 * Data1 (u32), Data2 (u16), Data3 (u16) little-endian followed by Data4's eight bytes; see
 * {@link KsWire#getGuid}. GUID_NULL is the wildcard of data ranges.
 */
public final class KsGuids {

    public static final UUID GUID_NULL = new UUID(0, 0);

    // filter categories (device-interface classes)
    public static final UUID KSCATEGORY_CAPTURE = UUID.fromString("65E8773D-8F56-11D0-A3B9-00A0C9223196");
    public static final UUID KSCATEGORY_RENDER = UUID.fromString("65E8773E-8F56-11D0-A3B9-00A0C9223196");
    public static final UUID KSCATEGORY_VIDEO = UUID.fromString("6994AD05-93EF-11D0-A3CC-00A0C9223196");
    public static final UUID KSCATEGORY_VIDEO_CAMERA = UUID.fromString("E5323777-F976-4F5B-9B55-B94699C46E44");
    public static final UUID KSCATEGORY_BRIDGE = UUID.fromString("085AFF00-62CE-11CF-A5D6-28DB04C10000");
    public static final UUID KSCATEGORY_ENCODER = UUID.fromString("19689BF6-C384-48FD-AD51-90E58C79F70B");
    public static final UUID KSCATEGORY_PROXY = UUID.fromString("97EBAACA-95BD-11D0-A3EA-00A0C9223196");

    // pin categories (= pin names in video)
    public static final UUID PINNAME_VIDEO_CAPTURE = UUID.fromString("FB6C4281-0353-11D1-905F-0000C0CC16BA");
    public static final UUID PINNAME_VIDEO_PREVIEW = UUID.fromString("FB6C4282-0353-11D1-905F-0000C0CC16BA");
    public static final UUID PINNAME_VIDEO_STILL = UUID.fromString("FB6C428A-0353-11D1-905F-0000C0CC16BA");

    // time formats (KSPROPERTY_STREAM_TIMEFORMAT)
    public static final UUID KSTIME_FORMAT_MEDIA_TIME = UUID.fromString("7B785574-8C82-11CF-BC0C-00AA00AC74F6");

    // property, method and event sets
    public static final UUID KSPROPSETID_Pin = UUID.fromString("8C134960-51AD-11CF-878A-94F801C10000");
    public static final UUID KSPROPSETID_Connection = UUID.fromString("1D58C920-AC9B-11CF-A5D6-28DB04C10000");
    public static final UUID KSPROPSETID_Stream = UUID.fromString("65AABA60-98AE-11CF-A10D-0020AFD156E4");
    public static final UUID KSPROPSETID_StreamInterface = UUID.fromString("1FDD8EE1-9CD3-11D0-82AA-0000F822FE8A");
    public static final UUID KSPROPSETID_General = UUID.fromString("1464EDA5-6A8F-11D1-9AA7-00A0C9223196");
    public static final UUID KSPROPSETID_Topology = UUID.fromString("720D4AC0-7533-11D0-A5D6-28DB04C10000");
    // KSNODETYPE_* of video filters (the USB terminal GUID series, and extension units)
    public static final UUID KSNODETYPE_VIDEO_STREAMING = UUID.fromString("DFF229E1-F70F-11D0-B917-00A0C9223196");
    public static final UUID KSNODETYPE_VIDEO_INPUT_TERMINAL = UUID.fromString("DFF229E2-F70F-11D0-B917-00A0C9223196");
    public static final UUID KSNODETYPE_VIDEO_OUTPUT_TERMINAL = UUID.fromString("DFF229E3-F70F-11D0-B917-00A0C9223196");
    public static final UUID KSNODETYPE_VIDEO_SELECTOR = UUID.fromString("DFF229E4-F70F-11D0-B917-00A0C9223196");
    public static final UUID KSNODETYPE_VIDEO_PROCESSING = UUID.fromString("DFF229E5-F70F-11D0-B917-00A0C9223196");
    public static final UUID KSNODETYPE_VIDEO_CAMERA_TERMINAL = UUID.fromString("DFF229E6-F70F-11D0-B917-00A0C9223196");
    public static final UUID KSNODETYPE_DEV_SPECIFIC = UUID.fromString("941C7AC0-C559-11D0-8A2B-00A0C9255AC1");
    public static final UUID KSEVENTSETID_Connection = UUID.fromString("7F4BCBE0-9EA5-11CF-A5D6-28DB04C10000");
    public static final UUID KSMETHODSETID_StreamIo = UUID.fromString("65D003CA-1523-11D2-B27A-00A0C9223196");
    public static final UUID KSPROPTYPESETID_General = UUID.fromString("97E99BA0-BDEA-11CF-A5D6-28DB04C10000");

    // pin interfaces and mediums
    public static final UUID KSINTERFACESETID_Standard = UUID.fromString("1A8766A0-62CE-11CF-A5D6-28DB04C10000");
    public static final UUID KSMEDIUMSETID_Standard = UUID.fromString("4747B320-62CE-11CF-A5D6-28DB04C10000");

    // object classes in create names
    public static final UUID KSSTRING_Filter = UUID.fromString("9B365890-165F-11D0-A195-0020AFD156E4");
    public static final UUID KSSTRING_Pin = UUID.fromString("146F1A80-4791-11D0-A5D6-28DB04C10000");
    public static final UUID KSSTRING_Clock = UUID.fromString("53172480-4791-11D0-A5D6-28DB04C10000");
    public static final UUID KSSTRING_Allocator = UUID.fromString("642F5D00-4791-11D0-A5D6-28DB04C10000");

    // data formats
    public static final UUID KSDATAFORMAT_TYPE_VIDEO = UUID.fromString("73646976-0000-0010-8000-00AA00389B71");
    public static final UUID KSDATAFORMAT_TYPE_STREAM = UUID.fromString("E436EB83-524F-11CE-9F53-0020AF0BA770");
    public static final UUID KSDATAFORMAT_SUBTYPE_NONE = UUID.fromString("E436EB8E-524F-11CE-9F53-0020AF0BA770");
    public static final UUID KSDATAFORMAT_SPECIFIER_NONE = UUID.fromString("0F6417D6-C318-11D0-A43F-00A0C9223196");
    public static final UUID KSDATAFORMAT_SPECIFIER_VIDEOINFO = UUID.fromString("05589F80-C356-11CE-BF01-00AA0055595A");
    public static final UUID KSDATAFORMAT_SPECIFIER_VIDEOINFO2 = UUID.fromString("F72A76A0-EB0A-11D0-ACE4-0000C0CC16BA");
    public static final UUID KSDATAFORMAT_SPECIFIER_H264_VIDEO = UUID.fromString("2017BE05-6629-4248-AAED-7E1A47BC9B9C");
    public static final UUID KSDATAFORMAT_TYPE_WILDCARD = GUID_NULL;
    public static final UUID KSDATAFORMAT_SUBTYPE_WILDCARD = GUID_NULL;
    public static final UUID KSDATAFORMAT_SPECIFIER_WILDCARD = GUID_NULL;

    public static final UUID MEDIASUBTYPE_YUY2 = fourccSubtype("YUY2");
    public static final UUID MEDIASUBTYPE_NV12 = fourccSubtype("NV12");
    public static final UUID MEDIASUBTYPE_MJPG = fourccSubtype("MJPG");
    public static final UUID MEDIASUBTYPE_H264 = fourccSubtype("H264");
    public static final UUID MEDIASUBTYPE_RGB24 = UUID.fromString("E436EB7D-524F-11CE-9F53-0020AF0BA770");
    public static final UUID MEDIASUBTYPE_RGB32 = UUID.fromString("E436EB7E-524F-11CE-9F53-0020AF0BA770");

    private static final long FOURCC_BASE_LOW = 0x800000AA00389B71L;

    private KsGuids() {
    }

    /** The FOURCC DWORD (first character in the low byte), e.g. "YUY2" is 0x32595559. */
    public static int fourcc(String code) {
        if (code.length() != 4) {
            throw new IllegalArgumentException("a FOURCC has four characters: " + code);
        }
        return code.charAt(0) | code.charAt(1) << 8 | code.charAt(2) << 16 | code.charAt(3) << 24;
    }

    /** The subtype GUID of a FOURCC format: {@code XXXXXXXX-0000-0010-8000-00AA00389B71}. */
    public static UUID fourccSubtype(String code) {
        return new UUID((Integer.toUnsignedLong(fourcc(code)) << 32) | 0x0000_0010L, FOURCC_BASE_LOW);
    }

    /** The FOURCC of a FOURCC-based subtype GUID, or null for other GUIDs (RGB family, wildcard). */
    public static String fourccOf(UUID subtype) {
        if (subtype.getLeastSignificantBits() != FOURCC_BASE_LOW || (subtype.getMostSignificantBits() & 0xFFFF_FFFFL) != 0x10) {
            return null;
        }
        int d = (int) (subtype.getMostSignificantBits() >>> 32);
        char[] c = {(char) (d & 0xFF), (char) (d >>> 8 & 0xFF), (char) (d >>> 16 & 0xFF), (char) (d >>> 24 & 0xFF)};
        return new String(c);
    }

    /**
     * The short name of a video subtype as users write it: its FOURCC ("YUY2", "MJPG"), "RGB24" or
     * "RGB32" for the DirectShow RGB subtypes, otherwise the GUID.
     */
    public static String subtypeName(UUID subtype) {
        if (subtype.equals(MEDIASUBTYPE_RGB24)) {
            return "RGB24";
        }
        if (subtype.equals(MEDIASUBTYPE_RGB32)) {
            return "RGB32";
        }
        String fourcc = fourccOf(subtype);
        return fourcc != null ? fourcc : subtype.toString();
    }
}
