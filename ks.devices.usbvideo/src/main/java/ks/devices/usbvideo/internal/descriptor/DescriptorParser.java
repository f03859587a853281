package ks.devices.usbvideo.internal.descriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Walks a whole configuration descriptor as a flat list of {@code (bLength, bDescriptorType, ...)}
 * records, tracking the current interface itself (so class descriptors placed after an endpoint
 * still land in their interface), and builds the {@link UvcConfiguration}.
 *
 * <p>Every field is read only after its record's bLength and the buffer were checked. A record
 * shorter than its kind needs is skipped with a warning; a record running past the buffer, or with
 * bLength below 2, ends the walk ("truncated"). Nothing thrown by a read can escape: the walk reads
 * through {@link #u8}/{@link #u16}/{@link #u32}, which never go past the record.
 */
public final class DescriptorParser {

    static final int CONFIGURATION = 0x02;
    static final int INTERFACE = 0x04;
    static final int ENDPOINT = 0x05;
    static final int INTERFACE_ASSOCIATION = 0x0B;
    static final int SS_ENDPOINT_COMPANION = 0x30;
    static final int CS_INTERFACE = 0x24;
    static final int CC_VIDEO = 0x0E;
    static final int SC_VIDEOCONTROL = 0x01;
    static final int SC_VIDEOSTREAMING = 0x02;
    static final int VC_HEADER = 0x01;
    static final int VS_INPUT_HEADER = 0x01;
    static final int VS_OUTPUT_HEADER = 0x02;
    static final int VS_STILL_IMAGE_FRAME = 0x03;
    static final int VS_FRAME_UNCOMPRESSED = 0x05;
    static final int VS_FRAME_MJPEG = 0x07;
    static final int VS_COLORFORMAT = 0x0D;
    static final int VS_FRAME_FRAME_BASED = 0x11;
    static final UUID MJPG = UUID.fromString("47504A4D-0000-0010-8000-00AA00389B71");

    private static final class FunctionBuilder {
        final int controlInterface;
        final int protocol;
        int bcdUVC;
        long clockFrequency;
        final List<Integer> streamingNumbers = new ArrayList<>();
        final List<Entity> entities = new ArrayList<>();
        final List<StreamBuilder> streams = new ArrayList<>();
        Endpoint statusEndpoint;

        FunctionBuilder(int controlInterface, int protocol) {
            this.controlInterface = controlInterface;
            this.protocol = protocol;
        }
    }

    private static final class StreamBuilder {
        final int number;
        final int protocol;
        boolean output;
        int endpointAddress;
        int terminalLink;
        int stillMethod;
        final List<FormatBuilder> formats = new ArrayList<>();
        final List<StreamingInterface.AltSetting> alts = new ArrayList<>();
        List<Endpoint> currentEndpoints;

        StreamBuilder(int number, int protocol) {
            this.number = number;
            this.protocol = protocol;
        }
    }

    private static final class FormatBuilder {
        int subtype;
        int index;
        int declaredFrames;
        UUID guid;
        int bitsPerPixel;
        int defaultFrameIndex;
        boolean variableSize;
        final List<Frame> frames = new ArrayList<>();
        final List<int[]> stills = new ArrayList<>();
        int[] color = {1, 1, 4};
    }

    private final ByteBuffer b;
    private final int length;
    private final List<String> warnings = new ArrayList<>();
    private final List<FunctionBuilder> functions = new ArrayList<>();
    private FunctionBuilder vc;
    private StreamBuilder vs;
    private Endpoint lastEndpoint;
    private int interfaceClass = -1;
    private int interfaceSubclass = -1;

    private DescriptorParser(ByteBuffer bytes) {
        this.b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.b.position(0);
        this.length = bytes.limit();
    }

    /** Parses configuration-descriptor bytes (index 0 to the limit). Never throws for malformed input. */
    public static UvcConfiguration parse(ByteBuffer bytes) {
        return new DescriptorParser(bytes).walk();
    }

    public static UvcConfiguration parse(byte[] bytes) {
        return parse(ByteBuffer.wrap(bytes));
    }

    private UvcConfiguration walk() {
        int totalLength = 0;
        boolean truncated = false;
        int offset = 0;
        if (length >= 4 && u8(0) >= 4 && u8(1) == CONFIGURATION) {
            totalLength = u16(2);
            if (totalLength > length) {
                warnings.add("configuration: wTotalLength " + totalLength + " but only " + length + " bytes");
                truncated = true;
            }
        }
        int end = totalLength > 0 ? Math.min(totalLength, length) : length;
        while (offset < end) {
            if (end - offset < 2) {
                warnings.add("offset " + offset + ": " + (end - offset) + " byte left, not a descriptor; walk stopped");
                truncated = true;
                break;
            }
            int len = u8(offset);
            if (len < 2) {
                warnings.add("offset " + offset + ": bLength " + len + "; walk stopped");
                truncated = true;
                break;
            }
            if (offset + len > end) {
                warnings.add("offset " + offset + ": descriptor of " + len + " bytes runs past the end (" + end + "); walk stopped");
                truncated = true;
                break;
            }
            record(offset, len, u8(offset + 1));
            offset += len;
        }
        return new UvcConfiguration(totalLength, length, truncated, build(), warnings);
    }

    private void record(int o, int len, int type) {
        switch (type) {
            case INTERFACE:
                if (need(o, len, 9, "interface")) {
                    interfaceDescriptor(o);
                }
                break;
            case ENDPOINT:
                if (need(o, len, 7, "endpoint")) {
                    endpoint(o);
                }
                break;
            case SS_ENDPOINT_COMPANION:
                if (need(o, len, 6, "SuperSpeed endpoint companion") && lastEndpoint != null && vs != null) {
                    lastEndpoint = lastEndpoint.withCompanion(u16(o + 4));
                    vs.currentEndpoints.set(vs.currentEndpoints.size() - 1, lastEndpoint);
                    refreshAlt();
                }
                break;
            case CS_INTERFACE:
                if (interfaceClass == CC_VIDEO && need(o, len, 3, "class-specific interface descriptor")) {
                    if (interfaceSubclass == SC_VIDEOCONTROL && vc != null) {
                        videoControl(o, len);
                    } else if (interfaceSubclass == SC_VIDEOSTREAMING && vs != null) {
                        videoStreaming(o, len);
                    }
                }
                break;
            default:
                break; // configuration, IAD, strings, audio, vendor: nothing the video side needs
        }
    }

    private void interfaceDescriptor(int o) {
        int number = u8(o + 2);
        int alt = u8(o + 3);
        interfaceClass = u8(o + 5);
        interfaceSubclass = u8(o + 6);
        int protocol = u8(o + 7);
        lastEndpoint = null;
        if (interfaceClass != CC_VIDEO) {
            vs = null;
            return;
        }
        if (interfaceSubclass == SC_VIDEOCONTROL) {
            vs = null;
            vc = null;
            for (FunctionBuilder f : functions) {
                if (f.controlInterface == number) {
                    vc = f;
                }
            }
            if (vc == null) {
                vc = new FunctionBuilder(number, protocol);
                functions.add(vc);
            }
        } else if (interfaceSubclass == SC_VIDEOSTREAMING) {
            FunctionBuilder owner = ownerOf(number);
            if (owner == null) {
                warnings.add("offset " + o + ": VideoStreaming interface " + number + " before any VideoControl interface; ignored");
                vs = null;
                return;
            }
            vs = null;
            for (StreamBuilder s : owner.streams) {
                if (s.number == number) {
                    vs = s;
                }
            }
            if (vs == null) {
                vs = new StreamBuilder(number, protocol);
                owner.streams.add(vs);
            }
            vs.currentEndpoints = new ArrayList<>();
            vs.alts.add(new StreamingInterface.AltSetting(alt, List.of()));
        }
    }

    /** The function whose header lists the interface, else the latest one. */
    private FunctionBuilder ownerOf(int number) {
        for (FunctionBuilder f : functions) {
            if (f.streamingNumbers.contains(number)) {
                return f;
            }
        }
        return functions.isEmpty() ? null : functions.get(functions.size() - 1);
    }

    private void endpoint(int o) {
        Endpoint e = new Endpoint(u8(o + 2), u8(o + 3), u16(o + 4), u8(o + 6), -1);
        if (interfaceClass != CC_VIDEO) {
            lastEndpoint = null;
            return;
        }
        if (interfaceSubclass == SC_VIDEOCONTROL && vc != null) {
            vc.statusEndpoint = e;
            lastEndpoint = null; // a companion of the status endpoint is of no use here
        } else if (interfaceSubclass == SC_VIDEOSTREAMING && vs != null) {
            vs.currentEndpoints.add(e);
            refreshAlt();
            lastEndpoint = e;
        }
    }

    /** The current alternate setting with the endpoints seen so far. */
    private void refreshAlt() {
        StreamingInterface.AltSetting alt = vs.alts.get(vs.alts.size() - 1);
        vs.alts.set(vs.alts.size() - 1, new StreamingInterface.AltSetting(alt.alternateSetting(), vs.currentEndpoints));
    }

    // ---------------------------------------------------------------- VideoControl

    private void videoControl(int o, int len) {
        int subtype = u8(o + 2);
        switch (subtype) {
            case VC_HEADER:
                if (need(o, len, 12, "VC header")) {
                    vc.bcdUVC = u16(o + 3);
                    vc.clockFrequency = u32(o + 7);
                    int n = u8(o + 11);
                    if (len < 12 + n) {
                        warnings.add("offset " + o + ": VC header lists " + n + " interfaces in " + len + " bytes; kept " + (len - 12));
                        n = len - 12;
                    }
                    for (int i = 0; i < n; i++) {
                        vc.streamingNumbers.add(u8(o + 12 + i));
                    }
                }
                break;
            case Entity.VC_INPUT_TERMINAL:
                if (need(o, len, 8, "input terminal")) {
                    int type = u16(o + 4);
                    if (type == Entity.ITT_CAMERA && len >= 15 && len >= 15 + u8(o + 14)) {
                        int n = u8(o + 14);
                        vc.entities.add(new Entity(subtype, u8(o + 3), type, List.of(), bitmap(o + 15, n), n, null, 0, 0));
                    } else {
                        if (type == Entity.ITT_CAMERA) {
                            warnings.add("offset " + o + ": camera terminal of " + len + " bytes is too short for its controls; kept without them");
                        }
                        vc.entities.add(new Entity(subtype, u8(o + 3), type, List.of(), 0, 0, null, 0, 0));
                    }
                }
                break;
            case Entity.VC_OUTPUT_TERMINAL:
                if (need(o, len, 9, "output terminal")) {
                    vc.entities.add(new Entity(subtype, u8(o + 3), u16(o + 4), List.of(u8(o + 7)), 0, 0, null, 0, 0));
                }
                break;
            case Entity.VC_SELECTOR_UNIT:
                if (need(o, len, 5, "selector unit") && need(o, len, 6 + u8(o + 4), "selector unit with its pins")) {
                    vc.entities.add(new Entity(subtype, u8(o + 3), 0, sources(o + 5, u8(o + 4)), 0, 0, null, 0, 0));
                }
                break;
            case Entity.VC_PROCESSING_UNIT:
                processingUnit(o, len);
                break;
            case Entity.VC_EXTENSION_UNIT:
                if (need(o, len, 22, "extension unit")) {
                    int p = u8(o + 21);
                    if (need(o, len, 24 + p, "extension unit with its pins") && need(o, len, 24 + p + u8(o + 22 + p), "extension unit with its controls")) {
                        int n = u8(o + 22 + p);
                        vc.entities.add(new Entity(subtype, u8(o + 3), 0, sources(o + 22, p), bitmap(o + 23 + p, n), n, guid(o + 4), 0, 0));
                    }
                }
                break;
            case Entity.VC_ENCODING_UNIT:
                if (need(o, len, 13, "encoding unit")) {
                    vc.entities.add(new Entity(subtype, u8(o + 3), 0, List.of(u8(o + 4)), bitmap(o + 7, 3), 3, null, 0, 0));
                }
                break;
            default:
                warnings.add("offset " + o + ": unknown VideoControl subtype 0x" + Integer.toHexString(subtype) + "; skipped");
        }
    }

    /** bLength = 9 + n (UVC 1.0) or 10 + n (1.1, 1.5): the first pitfall of uvc.md §1.10. */
    private void processingUnit(int o, int len) {
        if (!need(o, len, 8, "processing unit")) {
            return;
        }
        int n = u8(o + 7);
        boolean v11 = vc.bcdUVC >= 0x0110;
        if (!need(o, len, (v11 ? 10 : 9) + n, "UVC " + (v11 ? "1.1+" : "1.0") + " processing unit")) {
            return;
        }
        int standards = v11 ? u8(o + 9 + n) : 0;
        vc.entities.add(new Entity(Entity.VC_PROCESSING_UNIT, u8(o + 3), 0, List.of(u8(o + 4)), bitmap(o + 8, n), n, null, u16(o + 5), standards));
    }

    // ---------------------------------------------------------------- VideoStreaming

    private void videoStreaming(int o, int len) {
        int subtype = u8(o + 2);
        switch (subtype) {
            case VS_INPUT_HEADER:
                if (need(o, len, 13, "VS input header")) {
                    vs.endpointAddress = u8(o + 6);
                    vs.terminalLink = u8(o + 8);
                    vs.stillMethod = u8(o + 9);
                }
                break;
            case VS_OUTPUT_HEADER:
                if (need(o, len, 9, "VS output header")) {
                    vs.output = true;
                    vs.endpointAddress = u8(o + 6);
                    vs.terminalLink = u8(o + 7);
                }
                break;
            case Format.VS_FORMAT_UNCOMPRESSED:
            case Format.VS_FORMAT_FRAME_BASED:
                if (need(o, len, subtype == Format.VS_FORMAT_FRAME_BASED ? 28 : 27, "format")) {
                    FormatBuilder f = format(o, subtype);
                    f.guid = guid(o + 5);
                    f.bitsPerPixel = u8(o + 21);
                    f.defaultFrameIndex = u8(o + 22);
                    f.variableSize = subtype == Format.VS_FORMAT_FRAME_BASED && u8(o + 27) != 0;
                }
                break;
            case Format.VS_FORMAT_MJPEG:
                if (need(o, len, 11, "MJPEG format")) {
                    FormatBuilder f = format(o, subtype);
                    f.guid = MJPG;
                    f.defaultFrameIndex = u8(o + 6);
                }
                break;
            case VS_FRAME_UNCOMPRESSED:
            case VS_FRAME_MJPEG:
            case VS_FRAME_FRAME_BASED:
                frame(o, len, subtype);
                break;
            case VS_STILL_IMAGE_FRAME:
                if (need(o, len, 5, "still image frame") && need(o, len, 5 + 4 * u8(o + 4), "still image frame with its sizes") && lastFormat(o) != null) {
                    for (int i = 0; i < u8(o + 4); i++) {
                        lastFormat(o).stills.add(new int[] {u16(o + 5 + 4 * i), u16(o + 7 + 4 * i)});
                    }
                }
                break;
            case VS_COLORFORMAT:
                if (need(o, len, 6, "color matching") && lastFormat(o) != null) {
                    lastFormat(o).color = new int[] {u8(o + 3), u8(o + 4), u8(o + 5)};
                }
                break;
            default:
                if (subtype >= 0x0A && subtype <= 0x18) {
                    FormatBuilder f = format(o, subtype); // DV, MPEG2-TS, stream-based, UVC 1.5 H.264/VP8: kept, frames not parsed
                    f.guid = null;
                    warnings.add("offset " + o + ": format subtype 0x" + Integer.toHexString(subtype) + " is kept without frames");
                } else {
                    warnings.add("offset " + o + ": unknown VideoStreaming subtype 0x" + Integer.toHexString(subtype) + "; skipped");
                }
        }
    }

    private FormatBuilder format(int o, int subtype) {
        FormatBuilder f = new FormatBuilder();
        f.subtype = subtype;
        f.index = u8(o + 3);
        f.declaredFrames = u8(o + 4);
        vs.formats.add(f);
        return f;
    }

    private FormatBuilder lastFormat(int o) {
        if (vs.formats.isEmpty()) {
            warnings.add("offset " + o + ": frame or still/colour descriptor before any format; skipped");
            return null;
        }
        return vs.formats.get(vs.formats.size() - 1);
    }

    /**
     * A frame: uncompressed/MJPEG have dwMaxVideoFrameBufferSize@17 and the interval type @25;
     * frame-based ones have no buffer size, the interval type @21 and dwBytesPerLine@22. Intervals
     * start @26 for all.
     */
    private void frame(int o, int len, int subtype) {
        if (!need(o, len, 26, "frame")) {
            return;
        }
        FormatBuilder f = lastFormat(o);
        if (f == null) {
            return;
        }
        boolean frameBased = subtype == VS_FRAME_FRAME_BASED;
        int width = u16(o + 5);
        int height = u16(o + 7);
        long bufferSize = frameBased ? 0 : u32(o + 17);
        long defaultInterval = u32(o + (frameBased ? 17 : 21));
        int intervalType = u8(o + (frameBased ? 21 : 25));
        List<Long> intervals = new ArrayList<>();
        long min;
        long max;
        long step = 0;
        if (intervalType == 0) {
            if (!need(o, len, 38, "continuous-interval frame")) {
                return;
            }
            min = nonZero(u32(o + 26));
            max = nonZero(u32(o + 30));
            step = u32(o + 34);
            if (min > max) {
                long t = min;
                min = max;
                max = t;
            }
        } else {
            if (!need(o, len, 26 + 4 * intervalType, "frame with " + intervalType + " intervals")) {
                return;
            }
            min = Long.MAX_VALUE;
            max = 0;
            for (int i = 0; i < intervalType; i++) {
                long v = nonZero(u32(o + 26 + 4 * i));
                intervals.add(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        long def = Math.max(min, Math.min(max, defaultInterval));
        if (f.subtype == Format.VS_FORMAT_UNCOMPRESSED && f.bitsPerPixel > 0) {
            bufferSize = (long) f.bitsPerPixel * width * height / 8; // the descriptor's value is unreliable (uvc.md §1.7)
        }
        f.frames.add(new Frame(subtype, u8(o + 3), u8(o + 4), width, height, u32(o + 9), u32(o + 13), bufferSize, def, intervals,
                min, max, step));
    }

    private static long nonZero(long interval) {
        return interval == 0 ? 1 : interval; // a zero interval would divide by zero later (uvc.md §1.7)
    }

    // ---------------------------------------------------------------- helpers

    private boolean need(int o, int len, int bytes, String what) {
        if (len < bytes) {
            warnings.add("offset " + o + ": " + what + " needs " + bytes + " bytes, has " + len + "; skipped");
            return false;
        }
        return true;
    }

    private List<Integer> sources(int at, int n) {
        List<Integer> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(u8(at + i));
        }
        return ids;
    }

    /** Up to 8 bytes of a little-endian bitmap. */
    private long bitmap(int at, int n) {
        long v = 0;
        for (int i = 0; i < Math.min(n, 8); i++) {
            v |= (long) u8(at + i) << (8 * i);
        }
        return v;
    }

    private UUID guid(int at) {
        long msb = u32(at) << 32 | (long) u16(at + 4) << 16 | u16(at + 6);
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            lsb = lsb << 8 | u8(at + 8 + i);
        }
        return new UUID(msb, lsb);
    }

    private int u8(int at) {
        return b.get(at) & 0xFF;
    }

    private int u16(int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private long u32(int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    private List<VideoFunction> build() {
        List<VideoFunction> out = new ArrayList<>();
        for (FunctionBuilder f : functions) {
            List<StreamingInterface> streams = new ArrayList<>();
            for (StreamBuilder s : f.streams) {
                List<Format> formats = new ArrayList<>();
                for (FormatBuilder fb : s.formats) {
                    if (fb.frames.size() != fb.declaredFrames && fb.subtype <= Format.VS_FORMAT_FRAME_BASED) {
                        warnings.add("interface " + s.number + " format " + fb.index + ": bNumFrameDescriptors " + fb.declaredFrames
                                + " but " + fb.frames.size() + " frames found");
                    }
                    formats.add(new Format(fb.subtype, fb.index, fb.declaredFrames, fb.guid, fb.bitsPerPixel, fb.defaultFrameIndex,
                            fb.variableSize, fb.frames, fb.stills, fb.color));
                }
                streams.add(new StreamingInterface(s.number, s.protocol, s.output, s.endpointAddress, s.terminalLink, s.stillMethod,
                        formats, s.alts));
            }
            for (int n : f.streamingNumbers) {
                if (f.streams.stream().noneMatch(s -> s.number == n)) {
                    warnings.add("VC interface " + f.controlInterface + " lists VideoStreaming interface " + n + ", which does not exist");
                }
            }
            out.add(new VideoFunction(f.controlInterface, f.protocol, f.bcdUVC, f.clockFrequency, f.streamingNumbers, f.entities, streams,
                    f.statusEndpoint));
        }
        return out;
    }
}
