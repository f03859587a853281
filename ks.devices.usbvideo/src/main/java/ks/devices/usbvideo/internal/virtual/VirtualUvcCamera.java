package ks.devices.usbvideo.internal.virtual;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import ks.api.usb.Urb;
import ks.api.usb.Usb;
import ks.devices.usbvideo.internal.bus.UsbDeviceBackend;
import ks.devices.usbvideo.internal.uvc.ProbeCommit;
import ks.devices.usbvideo.internal.uvc.Uvc;

/**
 * An emulated UVC camera: answers standard and class requests like hardware (descriptors, probe/
 * commit negotiation, camera-terminal and processing-unit controls, STALL with a request error
 * code on bad requests) and streams payloads with 12-byte headers (FID, EOF, PTS, SCR, EOH) into the
 * transfers the host submits: one payload per isochronous packet (zero-length packets after a frame
 * when paced), one payload per bulk transfer. Streaming starts on SET_INTERFACE(alt ≥ 1) for iso and
 * on COMMIT for bulk, and stops on SET_INTERFACE(0) or CLEAR_FEATURE(ENDPOINT_HALT).
 *
 * <h2>Threading</h2>
 * Requests are serialised on the camera; payloads are produced on one streaming thread, which
 * fills and completes transfers and calls the host's completion outside the lock.
 */
public final class VirtualUvcCamera implements UsbDeviceBackend {

    /** dwClockFrequency of PTS and SCR. */
    public static final long CLOCK_HZ = 48_000_000L;
    private static final int HEADER = 12;
    private static final int BULK_PAYLOAD = 32 * 1024;
    private static final int VS_INTERFACE = 1;
    private static final int VC_INTERFACE = 0;

    private static final System.Logger LOG = System.getLogger(VirtualUvcCamera.class.getName());

    private final VirtualCameraSpec spec;
    private final String name;
    private final byte[] device;
    private final byte[] configuration;
    private final int probeLength;
    private final ProbeCommit probe;
    private final ProbeCommit commit;
    private final Map<Integer, Control> controls = new HashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final long epoch = System.nanoTime();
    private volatile boolean connected = true;
    private volatile Disconnect disconnect;
    private int requestError;
    private int altSetting;
    private Streamer streamer;
    private long framesSent;
    /** The last stream's picture, kept for the next stream of the same size (building one costs milliseconds at 1080p); guarded by this. */
    private TestPattern pattern;
    /** The last stream's YUY2 frame, reused by the next stream of the same size; guarded by this. */
    private byte[] frame;
    /** The queued transfer the streamer is filling (the head of the queue), guarded by this. */
    private Pending filling;

    /** A submitted transfer and who to tell. */
    private static final class Pending {
        final Urb urb;
        final TransferDone done;
        int packet;
        int bytes;
        /** When filling started (ns since the epoch): the SCR and SOF of every payload in this transfer. */
        long clock;

        Pending(Urb urb, TransferDone done) {
            this.urb = urb;
            this.done = done;
        }
    }

    /** One control: size, GET_INFO, and raw little-endian MIN/MAX/RES/DEF/CUR. */
    private static final class Control {
        final int size;
        final boolean signed;
        final int info;
        final long min;
        final long max;
        final long res;
        final long def;
        long cur;
        /** The auto control that, while on, makes this one read-only (GET_INFO D2), or null. */
        Control autoControl;
        /** The auto control's values that count as "on". */
        long autoValues;

        Control(int size, boolean signed, long min, long max, long res, long def) {
            this.size = size;
            this.signed = signed;
            this.info = 0x03;
            this.min = min;
            this.max = max;
            this.res = res;
            this.def = def;
            this.cur = def;
        }
    }

    public VirtualUvcCamera(String name, VirtualCameraSpec spec) {
        this.name = name;
        this.spec = spec;
        this.device = DescriptorBuilder.device(spec);
        this.configuration = DescriptorBuilder.configuration(spec);
        this.probeLength = Uvc.probeLength(spec.bcdUVC());
        this.probe = ProbeCommit.allocate(probeLength);
        this.commit = ProbeCommit.allocate(probeLength);
        negotiate(defaults(false), probe);
        commit.copyFrom(probe);
        int ct = DescriptorBuilder.CAMERA_TERMINAL << 8;
        int pu = DescriptorBuilder.PROCESSING_UNIT << 8;
        controls.put(ct | Uvc.CT_AE_MODE_CONTROL, new Control(1, false, 1, 2, 3, 2));
        controls.put(ct | Uvc.CT_EXPOSURE_TIME_ABSOLUTE_CONTROL, new Control(4, false, 3, 2047, 1, 156));
        controls.put(ct | Uvc.CT_FOCUS_ABSOLUTE_CONTROL, new Control(2, false, 0, 250, 5, 0));
        controls.put(ct | Uvc.CT_FOCUS_AUTO_CONTROL, new Control(1, false, 0, 1, 1, 1));
        controls.put(ct | Uvc.CT_ZOOM_ABSOLUTE_CONTROL, new Control(2, false, 100, 500, 1, 100));
        controls.put(ct | Uvc.CT_PANTILT_ABSOLUTE_CONTROL, new Control(8, true, -648000, 648000, 3600, 0));
        controls.put(ct | Uvc.CT_PRIVACY_CONTROL, new Control(1, false, 0, 1, 1, 0));
        controls.put(pu | Uvc.PU_BACKLIGHT_COMPENSATION_CONTROL, new Control(2, false, 0, 2, 1, 1));
        controls.put(pu | Uvc.PU_BRIGHTNESS_CONTROL, new Control(2, true, -64, 64, 1, 0));
        controls.put(pu | Uvc.PU_CONTRAST_CONTROL, new Control(2, false, 0, 100, 1, 50));
        controls.put(pu | Uvc.PU_GAIN_CONTROL, new Control(2, false, 0, 100, 1, 0));
        controls.put(pu | Uvc.PU_POWER_LINE_FREQUENCY_CONTROL, new Control(1, false, 0, 2, 1, 1));
        controls.put(pu | Uvc.PU_HUE_CONTROL, new Control(2, true, -180, 180, 1, 0));
        controls.put(pu | Uvc.PU_SATURATION_CONTROL, new Control(2, false, 0, 100, 1, 64));
        controls.put(pu | Uvc.PU_SHARPNESS_CONTROL, new Control(2, false, 0, 7, 1, 3));
        controls.put(pu | Uvc.PU_GAMMA_CONTROL, new Control(2, false, 100, 500, 1, 100));
        controls.put(pu | Uvc.PU_WHITE_BALANCE_TEMPERATURE_CONTROL, new Control(2, false, 2800, 6500, 10, 4600));
        controls.put(pu | Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL, new Control(1, false, 0, 1, 1, 1));
        pairAuto(ct | Uvc.CT_EXPOSURE_TIME_ABSOLUTE_CONTROL, ct | Uvc.CT_AE_MODE_CONTROL, Uvc.AE_MODE_AUTO | Uvc.AE_MODE_APERTURE_PRIORITY);
        pairAuto(ct | Uvc.CT_FOCUS_ABSOLUTE_CONTROL, ct | Uvc.CT_FOCUS_AUTO_CONTROL, 1);
        pairAuto(pu | Uvc.PU_WHITE_BALANCE_TEMPERATURE_CONTROL, pu | Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL, 1);
    }

    /** Like real cameras, a manual control cannot be set while its automatic control is on. */
    private void pairAuto(int control, int auto, long onValues) {
        Control c = controls.get(control);
        c.autoControl = controls.get(auto);
        c.autoValues = onValues;
    }

    private static boolean autoOn(Control c) {
        return c.autoControl != null && (c.autoControl.cur & c.autoValues) != 0;
    }

    /** The Brightness control's current value: the offset the picture's luma gets. */
    private synchronized int brightness() {
        return (short) controls.get(DescriptorBuilder.PROCESSING_UNIT << 8 | Uvc.PU_BRIGHTNESS_CONTROL).cur;
    }

    /** GET_CUR of a camera-terminal or processing-unit control as the device holds it (raw, little-endian value). */
    public synchronized long controlValue(int entity, int selector) {
        Control c = controls.get(entity << 8 | selector);
        if (c == null) {
            throw new IllegalArgumentException("no control " + selector + " on entity " + entity);
        }
        return c.cur;
    }

    public VirtualCameraSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] deviceDescriptor() {
        return device.clone();
    }

    public byte[] configurationDescriptor() {
        return configuration.clone();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public void onDisconnect(Disconnect listener) {
        disconnect = listener;
    }

    /** Frames the camera has finished sending since it was created. */
    public synchronized long framesSent() {
        return framesSent;
    }

    /** Unplugs the camera: streaming stops, every queued transfer ends with USBD_STATUS_DEVICE_GONE, the bus is told. */
    public void unplug() {
        List<Pending> gone;
        synchronized (this) {
            if (!connected) {
                return;
            }
            connected = false;
            stopStreaming();
            gone = new ArrayList<>(queue);
            queue.clear();
            filling = null;
            notifyAll();
        }
        for (Pending p : gone) {
            p.urb.status(Usb.USBD_STATUS_DEVICE_GONE);
            p.done.transferDone(p.urb);
        }
        Disconnect d = disconnect;
        if (d != null) {
            d.disconnected();
        }
    }

    // ------------------------------------------------------------------ control pipe

    @Override
    public synchronized int control(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength) {
        if (!connected) {
            return Usb.USBD_STATUS_DEVICE_GONE;
        }
        int type = bmRequestType & 0x60;
        int recipient = bmRequestType & 0x1F;
        boolean in = (bmRequestType & Usb.USB_DIR_IN) != 0;
        if (type == Usb.USB_TYPE_STANDARD) {
            return standard(recipient, bRequest, wValue, wIndex, data, wLength);
        }
        if (type == Usb.USB_TYPE_CLASS && recipient == Usb.USB_RECIP_INTERFACE) {
            int iface = wIndex & 0xFF;
            int entity = wIndex >> 8 & 0xFF;
            int selector = wValue >> 8 & 0xFF;
            if (iface == VS_INTERFACE && entity == 0) {
                return streamingRequest(in, bRequest, selector, data, wLength);
            }
            if (iface == VC_INTERFACE && entity == 0 && selector == Uvc.VC_REQUEST_ERROR_CODE_CONTROL && bRequest == Uvc.GET_CUR) {
                return answer(data, wLength, requestError, 1);
            }
            if (iface == VC_INTERFACE) {
                return controlRequest(in, bRequest, entity, selector, data, wLength);
            }
        }
        return stall(7); // invalid request
    }

    private int stall(int errorCode) {
        requestError = errorCode;
        return Usb.USBD_STATUS_STALL_PID;
    }

    private int standard(int recipient, int bRequest, int wValue, int wIndex, ByteBuffer data, int wLength) {
        switch (bRequest) {
            case Usb.USB_REQUEST_GET_DESCRIPTOR: {
                int type = wValue >> 8;
                byte[] d = type == Usb.USB_DEVICE_DESCRIPTOR_TYPE ? device
                        : type == Usb.USB_CONFIGURATION_DESCRIPTOR_TYPE ? configuration
                        : type == Usb.USB_STRING_DESCRIPTOR_TYPE ? DescriptorBuilder.string(wValue & 0xFF, spec) : null;
                if (d == null) {
                    return Usb.USBD_STATUS_STALL_PID;
                }
                int n = Math.min(d.length, Math.min(wLength, data.capacity()));
                for (int i = 0; i < n; i++) {
                    data.put(i, d[i]);
                }
                return n;
            }
            case Usb.USB_REQUEST_SET_CONFIGURATION:
                return 0;
            case Usb.USB_REQUEST_SET_INTERFACE: {
                int iface = wIndex & 0xFF;
                if (iface == VC_INTERFACE && wValue == 0) {
                    return 0;
                }
                int alts = spec.bulk() ? 0 : DescriptorBuilder.ISO_PACKET_SIZES.length;
                if (iface != VS_INTERFACE || wValue > alts) {
                    return Usb.USBD_STATUS_STALL_PID;
                }
                altSetting = wValue;
                if (!spec.bulk()) {
                    if (wValue == 0) {
                        stopStreaming();
                    } else {
                        startStreaming();
                    }
                }
                return 0;
            }
            case Usb.USB_REQUEST_CLEAR_FEATURE:
                if (recipient == Usb.USB_RECIP_ENDPOINT && (wIndex & 0xFF) == DescriptorBuilder.ENDPOINT) {
                    if (spec.bulk()) {
                        stopStreaming();
                    }
                    return 0;
                }
                return Usb.USBD_STATUS_STALL_PID;
            default:
                return Usb.USBD_STATUS_STALL_PID;
        }
    }

    private static int answer(ByteBuffer data, int wLength, long value, int size) {
        int n = Math.min(size, Math.min(wLength, data.capacity()));
        for (int i = 0; i < n; i++) {
            data.put(i, (byte) (value >>> (8 * i)));
        }
        return n;
    }

    private int streamingRequest(boolean in, int bRequest, int selector, ByteBuffer data, int wLength) {
        if (selector != Uvc.VS_PROBE_CONTROL && selector != Uvc.VS_COMMIT_CONTROL) {
            return stall(6);
        }
        if (!in) {
            if (bRequest != Uvc.SET_CUR || wLength < 26) {
                return stall(7);
            }
            ProbeCommit asked = new ProbeCommit(ByteBuffer.allocate(probeLength));
            for (int i = 0; i < Math.min(wLength, probeLength); i++) {
                asked.buffer().put(i, data.get(i));
            }
            if (selector == Uvc.VS_PROBE_CONTROL) {
                if (spec.faults().stallProbe()) {
                    return stall(1); // not ready
                }
                negotiate(asked, probe);
                return wLength;
            }
            ProbeCommit checked = ProbeCommit.allocate(probeLength);
            negotiate(asked, checked);
            if (checked.formatIndex() != asked.formatIndex() || checked.frameIndex() != asked.frameIndex()
                    || checked.frameInterval() != asked.frameInterval()) {
                return stall(4); // out of range
            }
            commit.copyFrom(checked);
            if (spec.bulk()) {
                startStreaming();
            }
            return wLength;
        }
        ProbeCommit source;
        switch (bRequest) {
            case Uvc.GET_CUR:
                source = selector == Uvc.VS_PROBE_CONTROL ? probe : commit;
                break;
            case Uvc.GET_MIN:
            case Uvc.GET_DEF:
                source = ProbeCommit.allocate(probeLength);
                negotiate(defaults(false), source);
                break;
            case Uvc.GET_MAX:
                source = ProbeCommit.allocate(probeLength);
                negotiate(defaults(true), source);
                break;
            case Uvc.GET_RES:
                source = ProbeCommit.allocate(probeLength);
                break;
            case Uvc.GET_LEN:
                return answer(data, wLength, probeLength, 2);
            case Uvc.GET_INFO:
                return answer(data, wLength, 0x03, 1);
            default:
                return stall(7);
        }
        int n = Math.min(probeLength, Math.min(wLength, data.capacity()));
        for (int i = 0; i < n; i++) {
            data.put(i, source.buffer().get(i));
        }
        return n;
    }

    /** The first (or last) format, frame and its fastest (or slowest) interval. */
    private ProbeCommit defaults(boolean last) {
        ProbeCommit p = ProbeCommit.allocate(probeLength);
        int f = last ? spec.formats().size() : 1;
        VirtualCameraSpec.FormatSpec fs = spec.formats().get(f - 1);
        int fr = last ? fs.sizes().size() : 1;
        int fps = last ? fs.fps().stream().mapToInt(Integer::intValue).min().getAsInt()
                : fs.fps().stream().mapToInt(Integer::intValue).max().getAsInt();
        return p.formatIndex(f).frameIndex(fr).frameInterval(DescriptorBuilder.interval(fps));
    }

    /** The device's answer to a probe: indexes clamped, interval snapped, sizes and clock filled in. */
    private void negotiate(ProbeCommit asked, ProbeCommit out) {
        int f = Math.max(1, Math.min(spec.formats().size(), asked.formatIndex()));
        VirtualCameraSpec.FormatSpec fs = spec.formats().get(f - 1);
        int fr = Math.max(1, Math.min(fs.sizes().size(), asked.frameIndex()));
        int[] size = fs.sizes().get(fr - 1);
        long[] intervals = fs.fps().stream().mapToLong(DescriptorBuilder::interval).sorted().toArray();
        long interval = intervals[intervals.length - 1];
        for (long i : intervals) {
            if (i >= asked.frameInterval()) {
                interval = i;
                break;
            }
        }
        long frameBytes = fs.frameBytes(size[0], size[1]);
        long payload;
        if (spec.bulk()) {
            payload = Math.min(frameBytes + HEADER, BULK_PAYLOAD);
        } else {
            long perSecond = (fs.mjpeg() ? frameBytes / 4 : frameBytes) * 10_000_000L / interval;
            long perMicroframe = (perSecond + 7999) / 8000 + HEADER;
            payload = Math.min(DescriptorBuilder.bytesPerInterval(DescriptorBuilder.ISO_PACKET_SIZES[4]), Math.max(128, perMicroframe));
        }
        out.clear().hint(asked.hint()).formatIndex(f).frameIndex(fr).frameInterval(interval).maxVideoFrameSize(frameBytes)
                .maxPayloadTransferSize(payload).compQuality(fs.mjpeg() ? 8000 : 0).clockFrequency(CLOCK_HZ).framingInfo(0x03)
                .preferredVersion(1).minVersion(1).maxVersion(1);
    }

    private int controlRequest(boolean in, int bRequest, int entity, int selector, ByteBuffer data, int wLength) {
        Control c = controls.get(entity << 8 | selector);
        if (c == null) {
            return entity == DescriptorBuilder.CAMERA_TERMINAL || entity == DescriptorBuilder.PROCESSING_UNIT ? stall(6) : stall(5);
        }
        if (!in) {
            if (bRequest != Uvc.SET_CUR || wLength != c.size) {
                return stall(bRequest != Uvc.SET_CUR ? 7 : 8);
            }
            if (autoOn(c)) {
                return stall(2); // wrong state
            }
            long v = read(data, c.size, c.signed);
            if (!inRange(c, v, data)) {
                return stall(4);
            }
            c.cur = c.size == 8 ? data.getLong(0) : v;
            return wLength;
        }
        switch (bRequest) {
            case Uvc.GET_INFO:
                return answer(data, wLength, c.info | (autoOn(c) ? Uvc.INFO_AUTO_DISABLED : 0), 1);
            case Uvc.GET_LEN:
                return answer(data, wLength, c.size, 2);
            default:
                break;
        }
        long value;
        switch (bRequest) {
            case Uvc.GET_CUR: value = c.cur; break;
            case Uvc.GET_MIN: value = c.min; break;
            case Uvc.GET_MAX: value = c.max; break;
            case Uvc.GET_RES: value = c.res; break;
            case Uvc.GET_DEF: value = c.def; break;
            default: return stall(7);
        }
        if (c.size == 8 && bRequest != Uvc.GET_CUR) {
            value = (value & 0xFFFF_FFFFL) | (value << 32); // pan and tilt share the range
        }
        return answer(data, wLength, value, c.size);
    }

    private static long read(ByteBuffer data, int size, boolean signed) {
        ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (size) {
            case 1: return signed ? le.get(0) : le.get(0) & 0xFF;
            case 2: return signed ? le.getShort(0) : le.getShort(0) & 0xFFFF;
            case 4: return signed ? le.getInt(0) : le.getInt(0) & 0xFFFF_FFFFL;
            default: return le.getLong(0);
        }
    }

    private static boolean inRange(Control c, long v, ByteBuffer data) {
        if (c.size == 8) {
            ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int pan = le.getInt(0);
            int tilt = le.getInt(4);
            return pan >= c.min && pan <= c.max && tilt >= c.min && tilt <= c.max;
        }
        return v >= c.min && v <= c.max;
    }

    // ------------------------------------------------------------------ transfers

    @Override
    public void submit(Urb urb, TransferDone done) {
        synchronized (this) {
            if (connected) {
                queue.add(new Pending(urb, done));
                notifyAll();
                return;
            }
        }
        urb.status(Usb.USBD_STATUS_DEVICE_GONE);
        done.transferDone(urb); // never inside the host's submit in normal operation: only after an unplug
    }

    @Override
    public synchronized boolean cancel(Urb urb) {
        if (filling != null && filling.urb == urb) {
            filling = null;
        }
        return queue.removeIf(p -> p.urb == urb);
    }

    @Override
    public void abort(int endpoint) {
        List<Pending> aborted;
        synchronized (this) {
            aborted = new ArrayList<>(queue);
            queue.clear();
            filling = null;
        }
        for (Pending p : aborted) {
            p.urb.status(Usb.USBD_STATUS_CANCELED);
            p.done.transferDone(p.urb);
        }
    }

    private synchronized TestPattern pattern(int width, int height, TestPattern.Picture picture) {
        if (pattern == null || !pattern.is(width, height, picture)) {
            pattern = new TestPattern(width, height, picture);
        }
        return pattern;
    }

    /** A frame of {@code size} bytes for the streamer (one streamer at a time uses it). */
    private synchronized byte[] frameBuffer(int size) {
        if (frame == null || frame.length != size) {
            frame = new byte[size];
        }
        return frame;
    }

    private void startStreaming() {
        stopStreaming();
        streamer = new Streamer(new ProbeCommit(ByteBuffer.allocate(probeLength)).copyFrom(commit));
        streamer.thread.start();
    }

    private void stopStreaming() {
        Streamer s = streamer;
        streamer = null;
        if (s != null) {
            s.running = false;
            notifyAll();
            LockSupport.unpark(s.thread);
            if (Thread.currentThread() != s.thread) {
                // the streamer takes this lock; let it finish without holding it
                boolean interrupted = false;
                while (!s.finished) {
                    try {
                        wait(); // the streamer notifies when it leaves its loop
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                while (s.thread.isAlive()) {
                    try {
                        s.thread.join(); // past its last use of this lock: only the thread's exit is left
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The streaming engine for one committed format. */
    private final class Streamer implements Runnable {
        final Thread thread;
        final ProbeCommit settings;
        final VirtualCameraSpec.FormatSpec format;
        final int width;
        final int height;
        final int payloadData;
        volatile boolean running = true;
        /** Set, under the camera's lock, when the loop has ended; stopStreaming waits for it. */
        boolean finished;
        final byte[] header = new byte[HEADER];

        Streamer(ProbeCommit settings) {
            this.settings = settings;
            this.format = spec.formats().get(settings.formatIndex() - 1);
            int[] size = format.sizes().get(settings.frameIndex() - 1);
            this.width = size[0];
            this.height = size[1];
            int alt = altSetting;
            int maxPayload = (int) settings.maxPayloadTransferSize();
            if (!spec.bulk() && alt > 0) {
                maxPayload = Math.min(maxPayload, DescriptorBuilder.bytesPerInterval(DescriptorBuilder.ISO_PACKET_SIZES[alt - 1]));
            }
            this.payloadData = Math.max(1, maxPayload - HEADER);
            this.thread = new Thread(this, name + "-stream");
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                stream();
            } finally {
                synchronized (VirtualUvcCamera.this) {
                    finished = true;
                    VirtualUvcCamera.this.notifyAll();
                }
            }
        }

        private void stream() {
            TestPattern pattern = pattern(width, height, spec.picture());
            VirtualCameraSpec.Kind kind = format.kind();
            byte[] raw = kind == VirtualCameraSpec.Kind.MJPEG ? null
                    : frameBuffer(kind == VirtualCameraSpec.Kind.NV12 ? pattern.nv12Size() : pattern.yuy2Size());
            if (kind == VirtualCameraSpec.Kind.YUY2) {
                pattern.baseYuy2(raw);
            } else if (kind == VirtualCameraSpec.Kind.NV12) {
                pattern.baseNv12(raw);
            }
            int picturedBrightness = 0;
            long interval = settings.frameInterval() * 100; // ns
            long due = System.nanoTime();
            int fid = 0;
            long frame = 0;
            VirtualCameraSpec.Faults faults = spec.faults();
            try {
                while (running) {
                    if (spec.paced()) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                            continue;
                        }
                        due = Math.max(due + interval, System.nanoTime() - interval);
                    }
                    byte[] data;
                    int length;
                    int brightness = brightness();
                    if (kind != VirtualCameraSpec.Kind.MJPEG && brightness != picturedBrightness) {
                        // the picture again from the pattern, with the luma the Brightness control asks for
                        if (kind == VirtualCameraSpec.Kind.YUY2) {
                            pattern.baseYuy2(raw);
                            TestPattern.addLumaYuy2(raw, width * height, brightness);
                        } else {
                            pattern.baseNv12(raw);
                            pattern.addLumaNv12(raw, brightness);
                        }
                        picturedBrightness = brightness;
                    }
                    if (kind == VirtualCameraSpec.Kind.YUY2) {
                        pattern.stampYuy2(raw, frame);
                        data = raw;
                        length = raw.length;
                    } else if (kind == VirtualCameraSpec.Kind.NV12) {
                        pattern.stampNv12(raw, frame);
                        data = raw;
                        length = raw.length;
                    } else {
                        data = pattern.jpeg(frame, 0.85f, brightness);
                        length = data.length;
                    }
                    fid ^= 1;
                    long pts = stc();
                    boolean drop = every(faults.dropPayload(), frame);
                    boolean early = every(faults.earlyFid(), frame);
                    boolean err = every(faults.errorBit(), frame);
                    boolean trunc = every(faults.truncate(), frame);
                    int payloads = (length + payloadData - 1) / payloadData;
                    int middle = payloads / 2;
                    int index = 0;
                    for (int off = 0; off < length && running; off += payloadData, index++) {
                        int n = Math.min(payloadData, length - off);
                        boolean last = off + n >= length;
                        if (early && index == middle && index > 0) {
                            fid ^= 1;
                        }
                        if (drop && index == middle && !last) {
                            continue;
                        }
                        int info = Uvc.UVC_STREAM_EOH | Uvc.UVC_STREAM_PTS | Uvc.UVC_STREAM_SCR | fid
                                | (last ? Uvc.UVC_STREAM_EOF : 0) | (err && index == middle ? Uvc.UVC_STREAM_ERR : 0);
                        send(info, pts, data, off, trunc && index == middle && !last ? n / 2 : n);
                    }
                    if (spec.paced()) {
                        flushIso();
                    }
                    frame++;
                    synchronized (VirtualUvcCamera.this) {
                        framesSent++;
                    }
                    if (faults.disconnectAfter() > 0 && frame >= faults.disconnectAfter()) {
                        running = false;
                        flushIso();
                        new Thread(VirtualUvcCamera.this::unplug, name + "-unplug").start();
                    }
                    if (faults.freezeAfter() > 0 && frame >= faults.freezeAfter()) {
                        flushIso();
                        while (running) {
                            Thread.sleep(20); // hung: plugged in, sending nothing until the stream is stopped
                        }
                    }
                }
                flushIso();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, name + ": streaming failed", e);
            }
        }

        private boolean every(int n, long frame) {
            return n > 0 && frame % n == n - 1;
        }

        private long stc() {
            return stc(System.nanoTime() - epoch);
        }

        /** The device clock at {@code ns} since the camera's epoch. */
        private long stc(long ns) {
            return ns * (CLOCK_HZ / 1_000_000) / 1000 & 0xFFFF_FFFFL;
        }

        /** Writes one payload into the next packet (iso) or transfer (bulk). */
        private void send(int info, long pts, byte[] data, int off, int n) throws InterruptedException {
            Pending done = null;
            synchronized (VirtualUvcCamera.this) {
                Pending p = next();
                if (p == null) {
                    return;
                }
                Urb urb = p.urb;
                ByteBuffer buf = urb.transferBuffer();
                if (p.packet == 0) {
                    p.clock = System.nanoTime() - epoch; // one clock read per transfer: per packet it cost 5 % of streaming
                }
                long scr = stc(p.clock);
                int sof = (int) (p.clock / 1_000_000 & 0x7FF);
                header[0] = HEADER;
                header[1] = (byte) info;
                for (int i = 0; i < 4; i++) {
                    header[2 + i] = (byte) (pts >>> (8 * i));
                    header[6 + i] = (byte) (scr >>> (8 * i));
                }
                header[10] = (byte) sof;
                header[11] = (byte) (sof >>> 8);
                if (urb.function() == Usb.URB_FUNCTION_ISOCH_TRANSFER) {
                    int at = urb.isoOffset(p.packet);
                    int room = p.packet + 1 < urb.numberOfPackets() ? urb.isoOffset(p.packet + 1) - at : urb.transferBufferLength() - at;
                    int len = Math.min(room, HEADER + n);
                    buf.put(at, header, 0, Math.min(HEADER, len));
                    if (len > HEADER) {
                        buf.put(at + HEADER, data, off, len - HEADER);
                    }
                    urb.isoPacket(p.packet, len, room < HEADER + n ? Usb.USBD_STATUS_DATA_OVERRUN : Usb.USBD_STATUS_SUCCESS);
                    p.bytes += len;
                    p.packet++;
                    if (p.packet == urb.numberOfPackets()) {
                        done = take(p, Usb.USBD_STATUS_SUCCESS);
                    }
                } else {
                    int room = urb.transferBufferLength();
                    int len = Math.min(room, HEADER + n);
                    buf.put(0, header, 0, Math.min(HEADER, len));
                    if (len > HEADER) {
                        buf.put(HEADER, data, off, len - HEADER);
                    }
                    p.bytes = len;
                    done = take(p, room < HEADER + n ? Usb.USBD_STATUS_BUFFER_OVERRUN : Usb.USBD_STATUS_SUCCESS);
                }
            }
            if (done != null) {
                done.done.transferDone(done.urb);
            }
        }

        /** Under the camera's lock: the transfer being filled, else the oldest queued; waits for one while running. */
        private Pending next() throws InterruptedException {
            while (running && queue.isEmpty()) {
                VirtualUvcCamera.this.wait(50);
            }
            if (!running) {
                return null;
            }
            Pending p = queue.peek();
            if (p != filling) {
                filling = p;
                p.packet = 0;
                p.bytes = 0;
            }
            return p;
        }

        /** Completes a partly filled iso transfer with zero-length packets (no data in those microframes). */
        private void flushIso() {
            Pending done = null;
            synchronized (VirtualUvcCamera.this) {
                Pending p = filling;
                if (p == null || p.urb.function() != Usb.URB_FUNCTION_ISOCH_TRANSFER || queue.peek() != p) {
                    return;
                }
                for (int i = p.packet; i < p.urb.numberOfPackets(); i++) {
                    p.urb.isoPacket(i, 0, Usb.USBD_STATUS_SUCCESS);
                }
                done = take(p, Usb.USBD_STATUS_SUCCESS);
            }
            done.done.transferDone(done.urb);
        }

        /** Under the lock: removes a finished transfer and sets its outcome; the caller reports it outside the lock. */
        private Pending take(Pending p, int status) {
            queue.remove(p);
            filling = null;
            p.urb.status(status).transferBufferLength(p.bytes);
            return p;
        }
    }
}
