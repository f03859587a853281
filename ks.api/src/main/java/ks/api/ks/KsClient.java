package ks.api.ks;

import static ks.api.io.NtStatus.STATUS_BUFFER_OVERFLOW;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;

/**
 * The client side of KS (ksuser and the proxy's helpers): find a filter by category, open it,
 * read its pins' data ranges, negotiate a format by intersection, create a pin, move it through
 * the states, and stream with {@link KsStreamIo}. What kssrc and the command line use.
 *
 * <pre>{@code
 * KsClient client = new KsClient(ioManager, ksStreamIo);
 * DeviceInterface camera = client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE).get(0);
 * try (KsClient.Connection c = client.connect(camera.symbolicLink(), 0,
 *         KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, KsVideo.interval(30), 0))) {
 *     c.run();
 *     streamIo.read(c.pin(), header).toCompletableFuture().get();
 * }
 * }</pre>
 *
 * <p>Blocking calls run on the caller's thread; they throw {@link KsStatusException} with the
 * status the driver answered.
 */
public final class KsClient {

    private final IoManager io;
    private final KsStreamIo streamIo;

    public KsClient(IoManager io, KsStreamIo streamIo) {
        this.io = io;
        this.streamIo = streamIo;
    }

    public KsStreamIo streamIo() {
        return streamIo;
    }

    public IoManager io() {
        return io;
    }

    /**
     * The enabled interfaces of {@code category} that also have an enabled alias in each of
     * {@code alsoIn} (a camera: VIDEO and CAPTURE).
     */
    public List<DeviceInterface> find(UUID category, UUID... alsoIn) {
        List<DeviceInterface> out = new ArrayList<>();
        for (DeviceInterface di : io.deviceInterfaces(category)) {
            boolean all = true;
            for (UUID other : alsoIn) {
                all &= io.deviceInterfaceAlias(di.symbolicLink(), other) != null;
            }
            if (all) {
                out.add(di);
            }
        }
        return out;
    }

    /** Opens a filter through its interface's symbolic link. */
    public FileObject openFilter(String symbolicLink) throws KsStatusException {
        return io.createFile(symbolicLink, null, IoControlCode.FILE_READ_ACCESS | IoControlCode.FILE_WRITE_ACCESS, null, 0);
    }

    /**
     * KsSynchronousIoControlDevice: a METHOD_NEITHER device control from KernelMode, waited for
     * ({@link IoManager#deviceIoControl}).
     *
     * @param input the Type3InputBuffer (a ByteBuffer, or a {@link KsEventData} for DISABLE_EVENT), may be null
     * @param output the UserBuffer (a ByteBuffer, or a {@link KsEventData} for ENABLE_EVENT), may be null
     * @param iosb receives the status and Information (bytes returned, or the size a size query asked for)
     * @return the final status
     */
    public int ioControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output, int outputLength,
            IoStatusBlock iosb) {
        return io.deviceIoControl(fileObject, ioControlCode, input, inputLength, output, outputLength, iosb);
    }

    /** IOCTL_KS_PROPERTY with {@code request} (its limit is the length) and a value buffer (null for none). */
    public int property(FileObject fileObject, ByteBuffer request, ByteBuffer data, IoStatusBlock iosb) {
        return ioControl(fileObject, KsIoctl.IOCTL_KS_PROPERTY, request, request.limit(), data, data == null ? 0 : data.limit(), iosb);
    }

    /** A GET of a fixed-size value, which must succeed. */
    public ByteBuffer get(FileObject fileObject, UUID set, int id, int pinId, int size) throws KsStatusException {
        ByteBuffer data = KsDataFormat.allocate(size);
        IoStatusBlock iosb = new IoStatusBlock();
        int status = property(fileObject, KsProperty.request(set, id, KsProperty.KSPROPERTY_TYPE_GET, pinId), data, iosb);
        if (!NtStatus.NT_SUCCESS(status)) {
            throw new KsStatusException(status, "get " + name(set, id));
        }
        return data;
    }

    /** A GET of a variable-size value: the size query first, then the value. */
    public ByteBuffer getSized(FileObject fileObject, ByteBuffer request) throws KsStatusException {
        IoStatusBlock iosb = new IoStatusBlock();
        int status = property(fileObject, request, null, iosb);
        if (status != STATUS_BUFFER_OVERFLOW && !NtStatus.NT_SUCCESS(status)) {
            throw new KsStatusException(status, "size of " + name(KsProperty.set(request, 0), KsProperty.id(request, 0)));
        }
        ByteBuffer data = KsDataFormat.allocate((int) iosb.information());
        status = property(fileObject, request, data, iosb);
        if (!NtStatus.NT_SUCCESS(status)) {
            throw new KsStatusException(status, "get " + name(KsProperty.set(request, 0), KsProperty.id(request, 0)));
        }
        data.limit((int) iosb.information());
        return data;
    }

    /** KSPROPERTY_PIN_CTYPES: the number of pin factories. */
    public int pinFactories(FileObject filter) throws KsStatusException {
        return KsWire.getInt(get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_CTYPES, -1, 4), 0);
    }

    /** KSPROPERTY_PIN_DATARANGES of one pin factory, each range a buffer limited to its FormatSize. */
    public List<ByteBuffer> dataRanges(FileObject filter, int pinId) throws KsStatusException {
        ByteBuffer all = getSized(filter, KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATARANGES,
                KsProperty.KSPROPERTY_TYPE_GET, pinId));
        int count = KsWire.getInt(all, 4);
        List<ByteBuffer> out = new ArrayList<>(count);
        int at = KsProperty.SIZEOF_KSMULTIPLE_ITEM;
        for (int i = 0; i < count && at <= all.limit() - KsDataFormat.SIZEOF; i++) {
            int size = KsWire.getInt(all, at);
            if (size < KsDataFormat.SIZEOF || size > all.limit() - at) {
                break; // a driver's malformed list: keep what was well formed
            }
            out.add(KsDataFormat.copy(KsDataFormat.view(all, at, size)));
            at += KsWire.align8(size);
        }
        return out;
    }

    /**
     * KSPROPERTY_PIN_DATAINTERSECTION: the format the filter picks for the first of
     * {@code clientRanges} that intersects one of the pin's ranges.
     *
     * @throws KsStatusException STATUS_NO_MATCH when none does
     */
    public ByteBuffer intersect(FileObject filter, int pinId, List<ByteBuffer> clientRanges) throws KsStatusException {
        int bytes = 0;
        for (ByteBuffer r : clientRanges) {
            bytes += KsWire.align8(KsDataFormat.formatSize(r));
        }
        ByteBuffer request = KsDataFormat.allocate(KsProperty.SIZEOF_KSP_PIN + KsProperty.SIZEOF_KSMULTIPLE_ITEM + bytes);
        ByteBuffer head = KsProperty.request(KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAINTERSECTION,
                KsProperty.KSPROPERTY_TYPE_GET, pinId);
        request.put(0, head, 0, KsProperty.SIZEOF_KSP_PIN);
        int at = KsProperty.SIZEOF_KSP_PIN;
        KsWire.putInt(request, at, KsProperty.SIZEOF_KSMULTIPLE_ITEM + bytes);
        KsWire.putInt(request, at + 4, clientRanges.size());
        at += KsProperty.SIZEOF_KSMULTIPLE_ITEM;
        for (ByteBuffer r : clientRanges) {
            int size = KsDataFormat.formatSize(r);
            request.put(at, r, 0, size);
            at += KsWire.align8(size);
        }
        return getSized(filter, request);
    }

    /**
     * KsCreatePin: a pin instance of factory {@code pinId} with {@code format}, opened relative to
     * the filter. Access is read for a capture pin (data out), write for a render pin.
     */
    public FileObject createPin(FileObject filter, int pinId, ByteBuffer format, boolean capture) throws KsStatusException {
        String name = "{" + KsGuids.KSSTRING_Pin.toString().toUpperCase(Locale.ROOT) + "}";
        return io.createFile(name, filter, capture ? IoControlCode.FILE_READ_ACCESS : IoControlCode.FILE_WRITE_ACCESS,
                KsPinConnect.build(pinId, format), 0);
    }

    /**
     * KsCreatePin for a pin-to-pin connection: a source pin of factory {@code pinId} on
     * {@code filter}, connected to {@code sink}, a sink pin of another filter (KSPIN_CONNECT.PinToHandle).
     * Frames then flow between the two pins' devices without passing through the client; the
     * sink's KSPIN_DISPATCH Connect runs before this returns, Disconnect when either pin closes.
     */
    public FileObject createPin(FileObject filter, int pinId, ByteBuffer format, boolean capture, FileObject sink) throws KsStatusException {
        String name = "{" + KsGuids.KSSTRING_Pin.toString().toUpperCase(Locale.ROOT) + "}";
        return io.createFile(name, filter, capture ? IoControlCode.FILE_READ_ACCESS : IoControlCode.FILE_WRITE_ACCESS,
                KsPinConnect.build(pinId, format, io.handleOf(sink)), 0);
    }

    /** KSPROPERTY_CONNECTION_STATE SET. */
    public void setState(FileObject pin, KsState state) throws KsStatusException {
        ByteBuffer data = KsDataFormat.allocate(4);
        KsWire.putInt(data, 0, state.value());
        int status = property(pin, KsProperty.request(KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE,
                KsProperty.KSPROPERTY_TYPE_SET, -1), data, new IoStatusBlock());
        if (!NtStatus.NT_SUCCESS(status)) {
            throw new KsStatusException(status, "set state " + state);
        }
    }

    /** KSPROPERTY_CONNECTION_STATE GET. */
    public KsState state(FileObject pin) throws KsStatusException {
        return KsState.of(KsWire.getInt(get(pin, KsGuids.KSPROPSETID_Connection, KsProperty.KSPROPERTY_CONNECTION_STATE, -1, 4), 0));
    }

    /** IOCTL_KS_RESET_STATE with KSRESET_BEGIN or KSRESET_END. */
    public int reset(FileObject pin, int value) {
        ByteBuffer in = KsDataFormat.allocate(4);
        KsWire.putInt(in, 0, value);
        return ioControl(pin, KsIoctl.IOCTL_KS_RESET_STATE, in, 4, null, 0, new IoStatusBlock());
    }

    /** IOCTL_KS_ENABLE_EVENT for (set, id) with KSEVENT_TYPE_ENABLE. */
    public int enableEvent(FileObject fileObject, UUID set, int id, KsEventData data) {
        ByteBuffer event = KsProperty.request(set, id, KsProperty.KSEVENT_TYPE_ENABLE, -1);
        return ioControl(fileObject, KsIoctl.IOCTL_KS_ENABLE_EVENT, event, event.limit(), data, 32, new IoStatusBlock());
    }

    /** IOCTL_KS_DISABLE_EVENT for one enabled event. */
    public int disableEvent(FileObject fileObject, KsEventData data) {
        return ioControl(fileObject, KsIoctl.IOCTL_KS_DISABLE_EVENT, data, 32, null, 0, new IoStatusBlock());
    }

    /**
     * The whole connection: opens the filter, intersects {@code clientRanges} with pin factory
     * {@code pinId}'s ranges, and creates the pin with the result (in STOP).
     */
    public Connection connect(String symbolicLink, int pinId, ByteBuffer... clientRanges) throws KsStatusException {
        FileObject filter = openFilter(symbolicLink);
        try {
            int flow = KsWire.getInt(get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, pinId, 4), 0);
            ByteBuffer format = intersect(filter, pinId, List.of(clientRanges));
            FileObject pin = createPin(filter, pinId, format, flow == KsProperty.KSPIN_DATAFLOW_OUT);
            return new Connection(this, filter, pin, format);
        } catch (KsStatusException | RuntimeException e) {
            io.closeFile(filter);
            throw e;
        }
    }

    /** An open filter and one of its pins; closing stops the pin and closes both. */
    public static final class Connection implements AutoCloseable {
        private final KsClient client;
        private final FileObject filter;
        private final FileObject pin;
        private final ByteBuffer format;

        Connection(KsClient client, FileObject filter, FileObject pin, ByteBuffer format) {
            this.client = client;
            this.filter = filter;
            this.pin = pin;
            this.format = format;
        }

        public FileObject filter() {
            return filter;
        }

        public FileObject pin() {
            return pin;
        }

        /** The negotiated format. */
        public ByteBuffer format() {
            return format.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }

        /** STOP → ACQUIRE → PAUSE → RUN. */
        public void run() throws KsStatusException {
            client.setState(pin, KsState.KSSTATE_RUN);
        }

        public void stop() throws KsStatusException {
            client.setState(pin, KsState.KSSTATE_STOP);
        }

        @Override
        public void close() {
            try {
                client.setState(pin, KsState.KSSTATE_STOP);
            } catch (KsStatusException e) {
                // closing the pin stops it anyway
            }
            client.io.closeFile(pin);
            client.io.closeFile(filter);
        }
    }

    private static String name(UUID set, int id) {
        return "{" + set.toString().toUpperCase(Locale.ROOT) + "} id " + id;
    }
}
