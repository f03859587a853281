package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_CANCELLED;
import static ks.api.io.NtStatus.STATUS_DEVICE_REMOVED;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NOT_FOUND;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.IoStackLocationParameters;
import ks.api.io.Irp;
import ks.api.io.NtStatus;
import ks.api.ks.KsAllocatorFraming;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFrameFiller;
import ks.api.ks.KsStreamPointer;
import ks.api.ks.KsGuids;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertyItem;
import ks.api.ks.KsPropertyReplies;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

/**
 * One pin instance: its connection format, its stream queue and state ({@link StreamPin}), the
 * pin-level property sets (KSPROPSETID_Connection, _Stream, _StreamInterface and the device's
 * own), its methods and KSEVENTSETID_Connection events.
 *
 * <h2>Threading</h2>
 * Property and stream requests come from clients' threads, {@link #fillNext} from the device's;
 * the stream queue is cancel-safe and state changes are serialised in {@link StreamPin}.
 */
final class PinObject implements KsPin, KsObject {

    private static final int SIZEOF_KSTIME = 16;

    private final FilterObject filter;
    private final KsPinDescriptor descriptor;
    private final int id;
    private final FileObject fileObject;
    /** The connection format; replaced by a KSPROPERTY_CONNECTION_DATAFORMAT set the device accepts. */
    private volatile ByteBuffer format;
    private final StreamPin stream;
    private final List<KsPropertySet> propertySets;
    private final EventTable events = new EventTable(List.of(new EventTable.Supported(KsGuids.KSEVENTSETID_Connection,
            KsProperty.KSEVENT_CONNECTION_DATADISCONTINUITY, KsProperty.KSEVENT_CONNECTION_ENDOFSTREAM)));
    private volatile Object context;
    private final Processing processing;
    /** A pin-to-pin connection this pin is an end of (KSPIN_CONNECT.PinToHandle), or null. */
    private volatile PinPipe pipe;
    /** The frame size the ready ring was made for (0: none). */
    private int ringFrameBytes;

    PinObject(FilterObject filter, KsPinDescriptor descriptor, int id, FileObject fileObject, ByteBuffer format) {
        this.filter = filter;
        this.descriptor = descriptor;
        this.id = id;
        this.fileObject = fileObject;
        this.format = format;
        KsDeviceImpl device = filter.device();
        this.stream = new StreamPin(device.io(), device.streamIo(), this::deviceState, descriptor.isCapture(), descriptor.headerSize());
        this.stream.frameListener(this::frameCompleted);
        this.stream.owner("pin " + id + " of filter '" + filter.descriptor().referenceString() + "' of "
                + device.functionalDevice().driverObject());
        // a filter-centric filter processes for its pins: their triggers and state steps go to it
        this.processing = filter.processing() != null ? filter.processing() : new Processing(new Processing.Target() {
            @Override
            public boolean eligible() {
                return inProcessingState();
            }

            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public boolean hasWork() {
                return stream.queued() > 0;
            }

            @Override
            public int process() {
                return descriptor.dispatch().process(PinObject.this);
            }

            @Override
            public String name() {
                return "pin " + id + " of filter '" + filter.descriptor().referenceString() + "'";
            }
        });
        this.stream.frameQueue((descriptor.flags() & KsPinDescriptor.KSPIN_FLAG_DISTINCT_TRAILING_EDGE) != 0,
                (descriptor.flags() & KsPinDescriptor.KSPIN_FLAG_ENFORCE_FIFO) != 0);
        resizeReadyRing();
        List<KsPropertySet> sets = new ArrayList<>(standardSets());
        sets.addAll(descriptor.propertySets());
        this.propertySets = List.copyOf(sets);
    }

    /** Gives the stream a ready ring (fast I/O) for the connection's frame size. */
    private void resizeReadyRing() {
        int depth = filter.device().readyFrames();
        int frameBytes = frameBytes(descriptor, format);
        if (depth > 0 && frameBytes > 0 && frameBytes != ringFrameBytes) {
            int headerBytes = descriptor.headerSize() == 0 ? KsStreamHeader.SIZEOF : descriptor.headerSize();
            // a render frame accepted into the ring is an arrival the device has to see
            stream.readyRing(depth, frameBytes, headerBytes - KsStreamHeader.SIZEOF, FrameMemory.alignment(descriptor.framing()),
                    () -> processing.arrived(descriptor.flags(), true));
            ringFrameBytes = frameBytes;
        }
    }

    /** The largest frame the connection can carry: allocator framing, SampleSize or biSizeImage. */
    static int frameBytes(KsPinDescriptor descriptor, ByteBuffer format) {
        int bytes = descriptor.framing() == null ? 0 : descriptor.framing().frameSize();
        bytes = Math.max(bytes, KsDataFormat.sampleSize(format));
        if (KsVideo.isVideoFormat(format)) {
            bytes = Math.max(bytes, KsWire.getInt(format, KsVideo.FORMAT_VIDEOINFOHEADER + KsVideo.VIH_BMI_HEADER + KsVideo.BI_SIZE_IMAGE));
        }
        return bytes;
    }

    // ---------------------------------------------------------------- KsPin

    @Override
    public int id() {
        return id;
    }

    @Override
    public KsPinDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public KsFilter filter() {
        return filter;
    }

    @Override
    public FileObject fileObject() {
        return fileObject;
    }

    @Override
    public KsState state() {
        return stream.state();
    }

    @Override
    public ByteBuffer dataFormat() {
        return format.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int queued() {
        return stream.queued();
    }

    @Override
    public int readyFrames() {
        return stream.readyFrames();
    }

    @Override
    public boolean fastRead(KsStreamHeader[] headers, int length, IoStatusBlock ioStatus) {
        if (!stream.fastRead(headers, length)) {
            return false;
        }
        ioStatus.set(STATUS_SUCCESS, Integer.toUnsignedLong(length));
        return true;
    }

    @Override
    public boolean fastWrite(KsStreamHeader[] headers, int length, IoStatusBlock ioStatus) {
        long bytes = stream.fastWrite(headers, length);
        if (bytes < 0) {
            return false;
        }
        ioStatus.set(STATUS_SUCCESS, bytes);
        return true;
    }

    @Override
    public KsStreamPointer acquireLeadingEdge() {
        return stream.acquire();
    }

    /** In AVStream's processing state: PAUSE or RUN, RUN only with KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY. */
    boolean inProcessingState() {
        KsState s = stream.state();
        boolean runOnly = (descriptor.flags() & KsPinDescriptor.KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY) != 0;
        return s == KsState.KSSTATE_RUN || (!runOnly && s == KsState.KSSTATE_PAUSE);
    }

    @Override
    public KsStreamPointer leadingEdge(boolean locked) {
        return stream.leadingEdge(locked);
    }

    @Override
    public KsStreamPointer trailingEdge(boolean locked) {
        return stream.trailingEdge(locked);
    }

    @Override
    public KsStreamPointer firstClone() {
        return stream.firstClone();
    }

    @Override
    public KsPin connectedPin() {
        PinPipe p = pipe;
        return p == null ? null : p.other(this);
    }

    /** The pin-to-pin connection this pin is an end of, or null. */
    PinPipe connection() {
        return pipe;
    }

    void connection(PinPipe value) {
        pipe = value;
    }

    /**
     * IRP_MJ_CLEANUP of the pin's handle: a pin-to-pin connection it is an end of ends (its IRPs
     * cancelled, the sink told through Disconnect), so the handles' last references can go.
     */
    void cleanup() {
        PinPipe p = pipe;
        if (p != null) {
            p.disconnect();
            p.other(this).connection(null);
            pipe = null;
        }
    }

    @Override
    public void acquireProcessingMutex() {
        processing.mutex().lock();
    }

    @Override
    public void releaseProcessingMutex() {
        processing.mutex().unlock();
    }

    @Override
    public boolean fillNext(KsFrameFiller filler) {
        return stream.fillNext(this, filler);
    }

    @Override
    public void stamp(KsStreamHeader header, long duration100ns) {
        header.presentationTime100ns(filter.presentationTime()).duration(duration100ns)
                .optionsFlags(header.optionsFlags() | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID
                        | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID);
    }

    @Override
    public void generateEvent(UUID set, int eventId) {
        events.generate(set, eventId);
    }

    @Override
    public long framesCompleted() {
        return stream.framesCompleted();
    }

    @Override
    public long bytesCompleted() {
        return stream.bytesCompleted();
    }

    @Override
    public long framesDropped() {
        return stream.starved();
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public void context(Object value) {
        this.context = value;
    }

    // ---------------------------------------------------------------- requests

    @Override
    public int deviceControl(Irp irp) {
        IoStackLocationParameters.DeviceIoControl p = irp.currentIrpStackLocation().parameters().deviceIoControl();
        int code = p.ioControlCode();
        if (code == KsIoctl.IOCTL_KS_READ_STREAM || code == KsIoctl.IOCTL_KS_WRITE_STREAM) {
            int status = stream.dispatchStream(irp);
            if (status == STATUS_PENDING) {
                processing.arrived(descriptor.flags(), stream.queuedIntoEmpty());
            }
            return status;
        }
        int status;
        if (code == KsIoctl.IOCTL_KS_PROPERTY) {
            status = PropertyDispatcher.dispatch(irp, propertySets);
        } else if (code == KsIoctl.IOCTL_KS_METHOD) {
            status = MethodDispatcher.dispatch(irp, descriptor.methodSets());
        } else if (code == KsIoctl.IOCTL_KS_ENABLE_EVENT) {
            status = events.enable(irp);
        } else if (code == KsIoctl.IOCTL_KS_DISABLE_EVENT) {
            status = events.disable(irp);
        } else if (code == KsIoctl.IOCTL_KS_RESET_STATE) {
            irp.ioStatus().information(0);
            status = p.inputBufferLength() < 4 || !(p.type3InputBuffer() instanceof ByteBuffer)
                    || !KsWire.fits((ByteBuffer) p.type3InputBuffer(), 0, 4)
                    ? STATUS_INVALID_PARAMETER : stream.reset(KsWire.getInt((ByteBuffer) p.type3InputBuffer(), 0));
            if (status == STATUS_SUCCESS && KsWire.getInt((ByteBuffer) p.type3InputBuffer(), 0) == KsIoctl.KSRESET_BEGIN) {
                FilterObject.callDevice(() -> {
                    if (filter.processing() != null) {
                        filter.descriptor().dispatch().reset(filter); // AVStrMiniFilterReset for a filter-centric filter
                    } else {
                        descriptor.dispatch().reset(this);
                    }
                    return STATUS_SUCCESS;
                });
            }
        } else {
            irp.ioStatus().information(0);
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
        return filter.device().complete(irp, status);
    }

    @Override
    public void attemptProcessing(boolean asynchronous) {
        processing.attempt(asynchronous);
    }

    /** How many times the device's process has been called on this pin. */
    long processCalls() {
        return processing.calls();
    }

    /** One KSSTATE step through the device; the filter's clock follows. */
    private int deviceState(KsState to, KsState from) {
        // as AVStream: the filter's control (not the processing mutex) is held; a device that must not
        // overlap process takes KsPinAcquireProcessingMutex itself
        int status = FilterObject.callDevice(() -> descriptor.dispatch().setDeviceState(this, to, from));
        if (NtStatus.NT_SUCCESS(status)) {
            filter.clock().pinMoved(from, to);
        }
        return status;
    }

    private void frameCompleted(int options, long used) {
        if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY) != 0) {
            events.generate(KsGuids.KSEVENTSETID_Connection, KsProperty.KSEVENT_CONNECTION_DATADISCONTINUITY);
        }
        if ((options & KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0) {
            events.generate(KsGuids.KSEVENTSETID_Connection, KsProperty.KSEVENT_CONNECTION_ENDOFSTREAM);
        }
    }

    @Override
    public void close() {
        cleanup(); // a connection still there ends before the device hears Close
        if (!NtStatus.NT_SUCCESS(stream.setState(KsState.KSSTATE_STOP))) {
            stream.remove(STATUS_CANCELLED); // the device refused to stop; nothing may stay queued on a closed pin
        }
        FilterObject.callDevice(() -> {
            descriptor.dispatch().close(this);
            return STATUS_SUCCESS;
        });
        events.clear();
        filter.pinClosed(this);
    }

    @Override
    public void remove() {
        stream.remove(STATUS_DEVICE_REMOVED);
    }

    // ---------------------------------------------------------------- standard property sets

    private List<KsPropertySet> standardSets() {
        int prop = KsProperty.SIZEOF;
        KsPropertySet connection = new KsPropertySet(KsGuids.KSPROPSETID_Connection, List.of(
                KsPropertyItem.getSet(KsProperty.KSPROPERTY_CONNECTION_STATE, prop, 4, this::getState, this::setState),
                KsPropertyItem.getSet(KsProperty.KSPROPERTY_CONNECTION_DATAFORMAT, prop, 0, this::getDataFormat, this::setDataFormat),
                KsPropertyItem.getSet(KsProperty.KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT, prop, 0, this::getDataFormat,
                        this::proposeDataFormat),
                KsPropertyItem.get(KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING, prop, 0,
                        (irp, r, d) -> framing(irp, d, KsAllocatorFraming.SIZEOF, false)),
                KsPropertyItem.get(KsProperty.KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX, prop, 0,
                        (irp, r, d) -> framing(irp, d, KsAllocatorFraming.SIZEOF_EX, true))));
        KsPropertySet streamSet = new KsPropertySet(KsGuids.KSPROPSETID_Stream, List.of(
                KsPropertyItem.getSet(KsProperty.KSPROPERTY_STREAM_PRESENTATIONTIME, prop, SIZEOF_KSTIME,
                        this::getPresentationTime, this::setPresentationTime),
                KsPropertyItem.get(KsProperty.KSPROPERTY_STREAM_TIMEFORMAT, prop, 16, (irp, r, d) -> {
                    KsWire.putGuid(d, 0, KsGuids.KSTIME_FORMAT_MEDIA_TIME);
                    irp.ioStatus().information(16);
                    return STATUS_SUCCESS;
                })));
        KsPropertySet streamInterface = new KsPropertySet(KsGuids.KSPROPSETID_StreamInterface, List.of(
                KsPropertyItem.get(KsProperty.KSPROPERTY_STREAMINTERFACE_HEADERSIZE, prop, 4, (irp, r, d) -> {
                    KsWire.putInt(d, 0, descriptor.headerSize() == 0 ? KsStreamHeader.SIZEOF : descriptor.headerSize());
                    irp.ioStatus().information(4);
                    return STATUS_SUCCESS;
                })));
        return List.of(connection, streamSet, streamInterface);
    }

    private int getState(Irp irp, ByteBuffer request, ByteBuffer data) {
        KsWire.putInt(data, 0, stream.state().value());
        irp.ioStatus().information(4);
        return STATUS_SUCCESS;
    }

    private int setState(Irp irp, ByteBuffer request, ByteBuffer data) {
        KsState target = KsState.of(KsWire.getInt(data, 0));
        irp.ioStatus().information(0);
        if (target == KsState.UNKNOWN) {
            return STATUS_INVALID_PARAMETER;
        }
        int status = stream.setState(target);
        if (status == STATUS_SUCCESS) {
            processing.stateChanged(descriptor.flags()); // reaching the processing state with requests waiting
            PinPipe p = pipe;
            if (p != null) {
                p.stateChanged(); // a connection moves frames while its out pin runs
            }
        }
        return status;
    }

    /** A KSDATAFORMAT in a property's data: a read-only copy, or null with the status in {@code status[0]}. */
    private ByteBuffer proposed(ByteBuffer data, int[] status) {
        int length = data == null ? 0 : data.limit();
        int valid = length < KsDataFormat.SIZEOF ? NtStatus.STATUS_BUFFER_TOO_SMALL : KsDataFormat.validate(data, length);
        if (valid != STATUS_SUCCESS) {
            status[0] = valid;
            return null;
        }
        return KsDataFormat.copy(KsDataFormat.view(data, 0, KsDataFormat.formatSize(data))).asReadOnlyBuffer()
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT set: whether the format lies in one of the factory's ranges. */
    private int proposeDataFormat(Irp irp, ByteBuffer request, ByteBuffer data) {
        irp.ioStatus().information(0);
        int[] status = {STATUS_SUCCESS};
        ByteBuffer f = proposed(data, status);
        if (f == null) {
            return status[0];
        }
        return FilterObject.matchingRange(descriptor, f) == null ? NtStatus.STATUS_NO_MATCH : STATUS_SUCCESS;
    }

    /**
     * KSPROPERTY_CONNECTION_DATAFORMAT set: a format change, in STOP only, not on a
     * KSPIN_FLAG_FIXED_FORMAT pin, to a format in one of the factory's ranges, that the device's
     * SetDataFormat accepts.
     */
    private int setDataFormat(Irp irp, ByteBuffer request, ByteBuffer data) {
        irp.ioStatus().information(0);
        int[] status = {STATUS_SUCCESS};
        ByteBuffer f = proposed(data, status);
        if (f == null) {
            return status[0];
        }
        if ((descriptor.flags() & KsPinDescriptor.KSPIN_FLAG_FIXED_FORMAT) != 0) {
            return STATUS_INVALID_DEVICE_REQUEST;
        }
        ByteBuffer range = FilterObject.matchingRange(descriptor, f);
        if (range == null) {
            return NtStatus.STATUS_NO_MATCH;
        }
        synchronized (stream) {
            if (stream.state() != KsState.KSSTATE_STOP) {
                return NtStatus.STATUS_INVALID_DEVICE_STATE;
            }
            ByteBuffer old = format;
            format = f;
            int result = FilterObject.callDevice(() -> descriptor.dispatch().setDataFormat(this, old.duplicate()
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN), dataFormat(), range));
            if (result == STATUS_PENDING) {
                result = STATUS_INVALID_DEVICE_REQUEST; // a dispatch callback must not pend
            }
            if (!NtStatus.NT_SUCCESS(result)) {
                format = old;
                return result;
            }
            resizeReadyRing();
        }
        return STATUS_SUCCESS;
    }

    private int getDataFormat(Irp irp, ByteBuffer request, ByteBuffer data) {
        int size = KsDataFormat.formatSize(format);
        return KsPropertyReplies.sized(irp, data, size, (b, off) -> b.put(off, format, 0, size));
    }

    private int framing(Irp irp, ByteBuffer data, int size, boolean extended) {
        KsAllocatorFraming f = descriptor.framing();
        if (f == null) {
            return STATUS_NOT_FOUND;
        }
        return KsPropertyReplies.sized(irp, data, size, (b, off) -> {
            if (extended) {
                f.writeEx(b, off);
            } else {
                f.write(b, off);
            }
        });
    }

    private int getPresentationTime(Irp irp, ByteBuffer request, ByteBuffer data) {
        KsWire.putLong(data, 0, filter.presentationTime());
        KsWire.putInt(data, 8, 1);
        KsWire.putInt(data, 12, 1);
        irp.ioStatus().information(SIZEOF_KSTIME);
        return STATUS_SUCCESS;
    }

    /** KSTIME {Time, Numerator, Denominator}: the clock continues from Time x Numerator / Denominator. */
    private int setPresentationTime(Irp irp, ByteBuffer request, ByteBuffer data) {
        int numerator = KsWire.getInt(data, 8);
        int denominator = KsWire.getInt(data, 12);
        irp.ioStatus().information(0);
        if (numerator == 0 || denominator == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        filter.clock().set(KsStreamHeader.toHundredNanoseconds(KsWire.getLong(data, 0), numerator, denominator));
        return STATUS_SUCCESS;
    }
}
