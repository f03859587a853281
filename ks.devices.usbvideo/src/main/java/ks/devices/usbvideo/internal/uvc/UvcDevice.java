package ks.devices.usbvideo.internal.uvc;

import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsDevice;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsVideo;
import ks.api.usb.Usb;
import ks.devices.usbvideo.internal.descriptor.DescriptorParser;
import ks.devices.usbvideo.internal.descriptor.DeviceDescriptor;
import ks.devices.usbvideo.internal.descriptor.Endpoint;
import ks.devices.usbvideo.internal.descriptor.Format;
import ks.devices.usbvideo.internal.descriptor.Frame;
import ks.devices.usbvideo.internal.descriptor.StreamingInterface;
import ks.devices.usbvideo.internal.descriptor.UvcConfiguration;
import ks.devices.usbvideo.internal.descriptor.VideoFunction;

/**
 * One UVC camera seen through KS: at START it reads the device and configuration descriptors over
 * URBs, parses them, and creates a capture filter whose pin offers one KS_DATARANGE_VIDEO per UVC
 * frame descriptor (subtype from the format GUID, MJPG for MJPEG; intervals from the frame). The
 * pin's state machine drives the stream: PAUSE → RUN negotiates (probe/commit with the host
 * sequence, frame-interval snapping), picks the alternate setting and starts the transfers;
 * RUN → PAUSE stops them and returns the interface to alt 0 (iso) or clears the endpoint (bulk).
 * Frames are assembled straight into the leading queued read's buffer and completed with
 * DataUsed, PresentationTime from the payload PTS through the device clock, Duration, KS_FRAME_INFO
 * and DATADISCONTINUITY after lost frames; bad frames (ERR bit, wrong size) are not delivered.
 * Camera-terminal and processing-unit controls are filter properties ({@link CameraControls}).
 *
 * <h2>Threading</h2>
 * KS serialises state changes per pin; frames are handled on the device's transfer-completion thread.
 */
final class UvcDevice {

    private static final System.Logger LOG = System.getLogger(UvcDevice.class.getName());

    /** What a data range stands for on the device. */
    record Mode(Format format, Frame frame) {
    }

    private final UsbLink link;
    private final KsDevice ks;
    private int vendorId;
    private int productId;
    private Quirks quirks = Quirks.NONE;
    private VideoFunction function;
    private StreamingInterface stream;
    private final List<Mode> modes = new ArrayList<>();
    private String friendlyName = "USB Video Device";
    private CameraControls controls;

    UvcDevice(UsbLink link, KsDevice ks) {
        this.link = link;
        this.ks = ks;
    }

    String friendlyName() {
        return friendlyName;
    }

    /** Reads and parses the descriptors and creates the capture filter factory. */
    int start() {
        ByteBuffer dev = link.descriptor(Usb.USB_DEVICE_DESCRIPTOR_TYPE, 0, 0, 18);
        if (dev == null || dev.limit() < 18) {
            LOG.log(System.Logger.Level.ERROR, "no device descriptor from " + link.lower());
            return NtStatus.STATUS_DEVICE_DATA_ERROR;
        }
        byte[] devBytes = new byte[dev.limit()];
        dev.get(0, devBytes);
        DeviceDescriptor device = DeviceDescriptor.parse(devBytes);
        vendorId = device.vendorId();
        productId = device.productId();
        quirks = Quirks.of(vendorId, productId);
        ByteBuffer head = link.descriptor(Usb.USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0, 9);
        if (head == null || head.limit() < 4) {
            return NtStatus.STATUS_DEVICE_DATA_ERROR;
        }
        int total = head.order(ByteOrder.LITTLE_ENDIAN).getShort(2) & 0xFFFF;
        ByteBuffer config = link.descriptor(Usb.USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0, total);
        if (config == null) {
            return NtStatus.STATUS_DEVICE_DATA_ERROR;
        }
        byte[] bytes = new byte[config.limit()];
        config.get(0, bytes);
        UvcConfiguration parsed = DescriptorParser.parse(bytes);
        for (String w : parsed.warnings()) {
            LOG.log(System.Logger.Level.WARNING, String.format("%04x:%04x: %s", vendorId, productId, w));
        }
        for (VideoFunction f : parsed.functions()) {
            for (StreamingInterface s : f.streams()) {
                if (!s.output() && !s.formats().isEmpty() && stream == null) {
                    function = f;
                    stream = s;
                }
            }
        }
        if (stream == null) {
            LOG.log(System.Logger.Level.ERROR, String.format("%04x:%04x has no video input stream", vendorId, productId));
            return NtStatus.STATUS_DEVICE_CONFIGURATION_ERROR;
        }
        String product = string(device.productStringIndex());
        if (product != null && !product.isBlank()) {
            friendlyName = product;
        }
        link.selectInterface(stream.interfaceNumber(), 0); // some devices misbehave unless alt 0 comes first
        controls = CameraControls.probe(link, function);
        return ks.createFilterFactory(filter());
    }

    private String string(int index) {
        if (index == 0) {
            return null;
        }
        ByteBuffer langs = link.descriptor(Usb.USB_STRING_DESCRIPTOR_TYPE, 0, 0, 255);
        int lang = langs != null && langs.limit() >= 4 ? langs.order(ByteOrder.LITTLE_ENDIAN).getShort(2) & 0xFFFF : 0x0409;
        ByteBuffer s = link.descriptor(Usb.USB_STRING_DESCRIPTOR_TYPE, index, lang, 255);
        if (s == null || s.limit() < 2) {
            return null;
        }
        int n = Math.min(s.limit(), s.get(0) & 0xFF);
        byte[] b = new byte[Math.max(0, n - 2)];
        s.get(2, b);
        return new String(b, StandardCharsets.UTF_16LE);
    }

    /** The capture filter: one range per frame descriptor of every known format. */
    KsFilterDescriptor filter() {
        KsPinDescriptor.Builder pin = KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dispatch(new PinDispatch());
        long largest = 0;
        for (Format f : stream.formats()) {
            java.util.UUID subtype = f.subtype() == Format.VS_FORMAT_MJPEG ? KsGuids.MEDIASUBTYPE_MJPG : f.guid();
            if (subtype == null) {
                continue;
            }
            int bits = f.subtype() == Format.VS_FORMAT_UNCOMPRESSED ? f.bitsPerPixel() : 24;
            for (Frame fr : f.frames()) {
                long min = fr.minInterval();
                long max = fr.maxInterval();
                long maxBytes = frameBytes(f, fr);
                largest = Math.max(largest, maxBytes);
                pin.dataRange(KsVideo.range(subtype, fr.width(), fr.height(), bits, fr.defaultInterval(), min, max, (int) maxBytes));
                modes.add(new Mode(f, fr));
            }
        }
        pin.framing(new KsAllocatorFraming(KsAllocatorFraming.KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY, 4, (int) largest,
                KsAllocatorFraming.FILE_QUAD_ALIGNMENT));
        return new KsFilterDescriptor("global", friendlyName,
                List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA), List.of(pin.build()),
                controls == null ? List.of() : controls.propertySets(), new KsFilterDispatch() {
                });
    }

    /** Bytes a frame can take: w·h·bpp/8 for uncompressed, else the descriptor's buffer size (bounded). */
    private static long frameBytes(Format f, Frame fr) {
        long computed = (long) fr.width() * fr.height() * Math.max(8, f.bitsPerPixel()) / 8;
        if (f.subtype() == Format.VS_FORMAT_UNCOMPRESSED) {
            return computed;
        }
        long declared = fr.maxVideoFrameBufferSize();
        return declared > 0 && declared <= (long) fr.width() * fr.height() * 4 ? declared : (long) fr.width() * fr.height() * 2;
    }

    /** Per-pin streaming state (the pin's context). */
    private final class PinStream implements FrameAssembler.Sink {
        final KsPin pin;
        final Mode mode;
        final long wantedInterval;
        ProbeCommit committed;
        FrameAssembler assembler;
        UvcStream transfers;
        KsStreamPointer pointer;
        long pictureNumber;
        long dropCount;
        boolean gap;
        long clock;
        long anchorPts = -1;
        long anchorTime;
        long lastPts;
        long ptsTicks;

        PinStream(KsPin pin, Mode mode, long wantedInterval) {
            this.pin = pin;
            this.mode = mode;
            this.wantedInterval = wantedInterval;
        }

        @Override
        public ByteBuffer frameStart() {
            if (pointer == null) {
                pointer = pin.acquireLeadingEdge();
                if (pointer == null) {
                    dropCount++; // the assembler marks the next frame FRAME_DISCONTINUITY
                    pictureNumber++;
                    return null;
                }
            }
            KsStreamHeader h = pointer.header();
            ByteBuffer data = h.data();
            return data.duplicate().position(0).limit(Math.min(data.capacity(), h.frameExtent()));
        }

        @Override
        public void frameEnd(ByteBuffer frame, int length, int flags, long pts, boolean ptsValid) {
            KsStreamPointer p = pointer;
            if (p == null) {
                return;
            }
            if ((flags & FrameAssembler.FRAME_ERROR) != 0) {
                dropCount++; // a damaged frame is not delivered; the buffer waits for the next one
                pictureNumber++;
                gap = true;
                return;
            }
            KsStreamHeader h = p.header();
            long interval = committed.frameInterval();
            h.dataUsed(length);
            pin.stamp(h, interval);
            if (ptsValid && clock > 0) {
                h.presentationTime100ns(presentationTime(pts));
            }
            int options = h.optionsFlags() | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT;
            if (gap || (flags & FrameAssembler.FRAME_DISCONTINUITY) != 0) {
                options |= KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY;
                gap = false;
            }
            h.optionsFlags(options);
            KsVideo.putFrameInfo(h, 0, pictureNumber, dropCount);
            pictureNumber++;
            if (!p.advance()) {
                pointer = null;
                p.complete();
            }
        }

        /** Device PTS → filter time: anchored at the first frame, advanced by PTS deltas (32-bit wrap), re-anchored after a jump of over a second. */
        private long presentationTime(long pts) {
            long now = pin.filter().presentationTime();
            if (anchorPts < 0) {
                anchorPts = pts;
                anchorTime = now;
                lastPts = pts;
                ptsTicks = 0;
                return now;
            }
            ptsTicks += (pts - lastPts) & 0xFFFF_FFFFL;
            lastPts = pts;
            long t = anchorTime + ptsTicks * 10_000_000L / clock;
            if (Math.abs(t - now) > 10_000_000L) {
                anchorPts = pts;
                anchorTime = now;
                ptsTicks = 0;
                return now;
            }
            return t;
        }
    }

    private final class PinDispatch implements KsPinDispatch {

        @Override
        public int setDataFormat(KsPin pin, ByteBuffer format, ByteBuffer range) {
            return modeOf(pin, range) != null ? STATUS_SUCCESS : NtStatus.STATUS_NO_MATCH;
        }

        @Override
        public int create(KsPin pin) {
            ByteBuffer format = pin.dataFormat();
            Mode mode = null;
            List<ByteBuffer> ranges = pin.descriptor().dataRanges();
            for (int i = 0; i < ranges.size() && mode == null; i++) {
                if (KsVideo.formatWithinRange(format, ranges.get(i))) {
                    mode = modes.get(i);
                }
            }
            if (mode == null) {
                return NtStatus.STATUS_NO_MATCH;
            }
            long at = KsVideo.avgTimePerFrame(format);
            pin.context(new PinStream(pin, mode, at > 0 ? at : mode.frame().defaultInterval()));
            return STATUS_SUCCESS;
        }

        @Override
        public int setDeviceState(KsPin pin, KsState to, KsState from) {
            PinStream s = (PinStream) pin.context();
            if (to == KsState.KSSTATE_ACQUIRE && from == KsState.KSSTATE_STOP) {
                s.pictureNumber = 0;
                s.dropCount = 0;
                s.gap = false;
                return STATUS_SUCCESS;
            }
            if (to == KsState.KSSTATE_RUN) {
                return startStreaming(s);
            }
            if (from == KsState.KSSTATE_RUN) {
                stopStreaming(s);
            }
            return STATUS_SUCCESS;
        }

        @Override
        public void close(KsPin pin) {
            PinStream s = (PinStream) pin.context();
            if (s != null) {
                stopStreaming(s);
            }
        }

        private Mode modeOf(KsPin pin, ByteBuffer range) {
            List<ByteBuffer> ranges = pin.descriptor().dataRanges();
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i) == range || ranges.get(i).equals(range)) {
                    return modes.get(i);
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ streaming

    private int startStreaming(PinStream s) {
        Negotiation n = new Negotiation(link, function, stream, quirks);
        ProbeCommit committed = n.negotiate(s.mode.format(), s.mode.frame(), s.wantedInterval);
        if (committed == null) {
            return n.status();
        }
        s.committed = committed;
        s.clock = committed.clockFrequency() > 0 ? committed.clockFrequency() : function.clockFrequency();
        s.anchorPts = -1;
        boolean uncompressed = s.mode.format().subtype() == Format.VS_FORMAT_UNCOMPRESSED;
        long expected = uncompressed ? (long) s.mode.frame().width() * s.mode.frame().height() * s.mode.format().bitsPerPixel() / 8
                : committed.maxVideoFrameSize();
        s.assembler = new FrameAssembler(s, expected, uncompressed, quirks.has(Quirks.FID_NEVER_TOGGLES));
        Endpoint ep;
        int alt = 0;
        if (stream.isochronous()) {
            alt = n.alternateSetting(committed.maxPayloadTransferSize());
            if (alt < 0) {
                LOG.log(System.Logger.Level.ERROR, String.format("%04x:%04x: no alternate setting carries %d bytes per interval",
                        vendorId, productId, committed.maxPayloadTransferSize()));
                return NtStatus.STATUS_INSUFFICIENT_RESOURCES;
            }
            ep = stream.dataEndpoint(stream.altSettings().get(alt));
            int status = link.selectInterface(stream.interfaceNumber(), stream.altSettings().get(alt).alternateSetting());
            if (!NtStatus.NT_SUCCESS(status)) {
                return status;
            }
        } else {
            ep = stream.dataEndpoint(stream.altSettings().get(0));
        }
        if (ep == null) {
            return NtStatus.STATUS_DEVICE_CONFIGURATION_ERROR;
        }
        s.transfers = new UvcStream(link, s.assembler, stream.isochronous(), ep.address(), ep.bytesPerInterval(),
                committed.maxVideoFrameSize(), committed.maxPayloadTransferSize());
        return s.transfers.start();
    }

    private void stopStreaming(PinStream s) {
        UvcStream t = s.transfers;
        if (t == null) {
            return;
        }
        s.transfers = null;
        t.stop();
        if (s.pointer != null) {
            KsStreamPointer p = s.pointer;
            s.pointer = null;
            p.fail(NtStatus.STATUS_CANCELLED);
        }
        if (stream.isochronous()) {
            link.selectInterface(stream.interfaceNumber(), 0);
        } else {
            link.pipe(Usb.URB_FUNCTION_SYNC_RESET_PIPE_AND_CLEAR_STALL, stream.endpointAddress());
        }
    }

    /** Device removal: streams end, a frame being filled fails. */
    void remove() {
        for (var f : ks.filters()) {
            for (KsPin p : f.pins()) {
                if (p.context() instanceof PinStream) {
                    stopStreaming((PinStream) p.context());
                }
            }
        }
    }
}
