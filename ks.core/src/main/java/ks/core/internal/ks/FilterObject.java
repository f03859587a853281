package ks.core.internal.ks;

import static ks.api.io.NtStatus.STATUS_ACCESS_DENIED;
import static ks.api.io.NtStatus.STATUS_DEVICE_BUSY;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_INVALID_PARAMETER;
import static ks.api.io.NtStatus.STATUS_NO_MATCH;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ks.api.io.FileObject;
import ks.api.io.Irp;
import ks.api.io.NtStatus;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsIdentifier;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsNodeDescriptor;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinConnect;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProcessPin;
import ks.api.ks.KsProperty;
import ks.api.ks.KsPropertySet;
import ks.api.ks.KsTopologyConnection;
import ks.api.ks.KsVideo;

/**
 * One opened filter: the parent of its pins, the owner of their instance counts and of the
 * presentation clock, and the server of filter-level KS requests (KSPROPSETID_Pin and the device's
 * own filter property sets).
 *
 * <h2>Threading</h2>
 * Pin creation and closing are serialised on this object; property requests may come from any
 * thread.
 */
final class FilterObject implements KsFilter, KsObject {

    private static final System.Logger LOG = System.getLogger(FilterObject.class.getName());

    private final KsDeviceImpl device;
    /** The instance's descriptor, replaced (never changed) by runtime edits, under this object's lock. */
    private volatile KsFilterDescriptor descriptor;
    private final FileObject fileObject;
    private final List<PinObject> pins = new ArrayList<>();
    /** Open instances per pin factory; grows with KsFilterCreatePinFactory. */
    private int[] counts;
    private final PresentationClock clock = new PresentationClock();
    private final List<KsPropertySet> propertySets;
    private final EventTable events = new EventTable(List.of());
    private volatile Object context;
    /** A filter-centric filter's processing (its dispatch implements process); null for a pin-centric one. */
    private final Processing processing;

    FilterObject(KsDeviceImpl device, KsFilterDescriptor descriptor, FileObject fileObject) {
        this.device = device;
        this.descriptor = descriptor;
        this.fileObject = fileObject;
        this.counts = new int[descriptor.pins().size()];
        this.processing = filterCentric(descriptor) ? new Processing(new FilterTarget()) : null;
        List<KsPropertySet> sets = new ArrayList<>();
        sets.add(PinFactoryProperties.set(this));
        sets.add(TopologyProperties.set(this));
        sets.addAll(descriptor.propertySets());
        this.propertySets = List.copyOf(sets);
    }

    @Override
    public KsDeviceImpl device() {
        return device;
    }

    PresentationClock clock() {
        return clock;
    }

    /** Whether the filter's dispatch implements process (AVStream's filter-centric processing). */
    static boolean filterCentric(KsFilterDescriptor descriptor) {
        try {
            return descriptor.dispatch().getClass().getMethod("process", KsFilter.class, List.class).getDeclaringClass()
                    != KsFilterDispatch.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The filter's processing when it is filter-centric, else null (each pin has its own). */
    Processing processing() {
        return processing;
    }

    @Override
    public synchronized int createPinFactory(KsPinDescriptor pin) {
        descriptor = descriptor.withPinFactory(pin);
        counts = java.util.Arrays.copyOf(counts, counts.length + 1);
        return counts.length - 1;
    }

    @Override
    public synchronized int createNode(KsNodeDescriptor node) {
        descriptor = descriptor.withNode(node);
        return descriptor.nodes().size() - 1;
    }

    @Override
    public synchronized int addTopologyConnections(List<KsTopologyConnection> connections) {
        try {
            descriptor = descriptor.withConnections(connections);
            return STATUS_SUCCESS;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "filter '" + descriptor.referenceString() + "': " + e.getMessage());
            return STATUS_INVALID_PARAMETER;
        }
    }

    @Override
    public void attemptProcessing(boolean asynchronous) {
        if (processing != null) {
            processing.attempt(asynchronous);
        }
    }

    @Override
    public void acquireProcessingMutex() {
        if (processing == null) {
            throw new IllegalStateException("a pin-centric filter has no filter processing mutex: use KsPin.acquireProcessingMutex");
        }
        processing.mutex().lock();
    }

    @Override
    public void releaseProcessingMutex() {
        if (processing == null) {
            throw new IllegalStateException("a pin-centric filter has no filter processing mutex");
        }
        processing.mutex().unlock();
    }

    /** Filter-centric processing: the condition AVStream checks, and one call with its process pins. */
    private final class FilterTarget implements Processing.Target {
        @Override
        public boolean eligible() {
            List<PinObject> open = openPins();
            if (open.isEmpty()) {
                return false;
            }
            for (PinObject p : open) {
                if (!p.inProcessingState()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean ready() {
            synchronized (FilterObject.this) {
                List<KsPinDescriptor> factories = descriptor.pins();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] < factories.get(i).necessaryInstances()) {
                        return false;
                    }
                }
            }
            for (PinObject p : openPins()) {
                if ((p.descriptor().flags() & KsPinDescriptor.KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING) == 0 && p.queued() == 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean hasWork() {
            return ready();
        }

        @Override
        public int process() {
            List<List<ProcessPinEntry>> index = new ArrayList<>();
            for (int i = 0; i < descriptor.pins().size(); i++) {
                index.add(new ArrayList<>());
            }
            List<ProcessPinEntry> all = new ArrayList<>();
            for (PinObject p : openPins()) {
                ProcessPinEntry e = new ProcessPinEntry(p, p.leadingEdge(true));
                index.get(p.id()).add(e);
                all.add(e);
            }
            List<List<KsProcessPin>> view = new ArrayList<>();
            for (List<ProcessPinEntry> l : index) {
                view.add(List.<KsProcessPin>copyOf(l));
            }
            int status;
            try {
                status = descriptor.dispatch().process(FilterObject.this, List.copyOf(view));
            } finally {
                for (ProcessPinEntry e : all) {
                    e.apply();
                }
            }
            return status == NtStatus.STATUS_PENDING || !NtStatus.NT_SUCCESS(status) ? NtStatus.STATUS_PENDING : NtStatus.STATUS_SUCCESS;
        }

        @Override
        public String name() {
            return "filter '" + descriptor.referenceString() + "' of " + device.functionalDevice().driverObject();
        }
    }

    private synchronized List<PinObject> openPins() {
        return List.copyOf(pins);
    }

    @Override
    public KsFilterDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public FileObject fileObject() {
        return fileObject;
    }

    @Override
    public synchronized List<KsPin> pins() {
        return List.copyOf(pins);
    }

    @Override
    public synchronized int pinCount(int pinId) {
        return pinId >= 0 && pinId < counts.length ? counts[pinId] : 0;
    }

    @Override
    public long presentationTime() {
        return clock.time();
    }

    @Override
    public Object context() {
        return context;
    }

    @Override
    public void context(Object value) {
        this.context = value;
    }

    /**
     * A pin create (KsValidateConnectRequest and the pin factory): KSPIN_CONNECT and the data
     * format in {@code params}.
     *
     * <ul>
     * <li>shorter than KSPIN_CONNECT + KSDATAFORMAT, or a PinId beyond the factories: STATUS_INVALID_PARAMETER</li>
     * <li>an interface or medium the factory does not list: STATUS_NO_MATCH</li>
     * <li>PinToHandle naming no open pin: STATUS_INVALID_HANDLE; a pin this one cannot connect to
     *     (communication, data flow, format): STATUS_NO_MATCH; one connected already: STATUS_DEVICE_BUSY;
     *     the sink's Connect failing: its status</li>
     * <li>FormatSize below 64, beyond the buffer, or Reserved set: STATUS_INVALID_BUFFER_SIZE</li>
     * <li>a format inside none of the factory's ranges (unknown GUIDs, sizes, rates): STATUS_NO_MATCH</li>
     * <li>no read access to a capture pin / no write access to a render pin: STATUS_ACCESS_DENIED</li>
     * <li>PossibleCount instances open already: STATUS_DEVICE_BUSY, what a second open of a busy
     *     camera reports (ERROR_BUSY in user mode)</li>
     * </ul>
     */
    int createPin(FileObject pinFile, ByteBuffer params) {
        if (params == null || params.limit() < KsPinConnect.SIZEOF + KsDataFormat.SIZEOF) {
            return STATUS_INVALID_PARAMETER;
        }
        ByteBuffer connect = KsDataFormat.view(params, 0, params.limit());
        int pinId = KsPinConnect.pinId(connect);
        if (pinId < 0 || pinId >= descriptor.pins().size()) {
            return STATUS_INVALID_PARAMETER;
        }
        KsPinDescriptor pd = descriptor.pins().get(pinId);
        if (!listed(pd.interfaces(), KsPinConnect.interfaceId(connect)) || !listed(pd.mediums(), KsPinConnect.medium(connect))) {
            return STATUS_NO_MATCH;
        }
        PinObject sink = null;
        long pinToHandle = KsPinConnect.pinToHandle(connect);
        if (pinToHandle != 0) {
            try {
                sink = sinkFor(pd, pinToHandle);
            } catch (ks.api.io.KsStatusException e) {
                return e.status();
            }
        }
        int formatLength = connect.limit() - KsPinConnect.SIZEOF;
        ByteBuffer format = KsDataFormat.view(connect, KsPinConnect.SIZEOF, formatLength);
        int valid = KsDataFormat.validate(format, formatLength);
        if (valid != STATUS_SUCCESS) {
            return valid;
        }
        format = KsDataFormat.copy(KsDataFormat.view(format, 0, KsDataFormat.formatSize(format)));
        ByteBuffer range = matchingRange(pd, format);
        if (range == null) {
            return STATUS_NO_MATCH;
        }
        if (pd.isCapture() ? !pinFile.readAccess() : !pinFile.writeAccess()) {
            return STATUS_ACCESS_DENIED;
        }
        PinObject pin;
        synchronized (this) {
            if (pd.possibleInstances() != KsProperty.KSINSTANCE_INDETERMINATE && counts[pinId] >= pd.possibleInstances()) {
                return STATUS_DEVICE_BUSY;
            }
            pin = new PinObject(this, pd, pinId, pinFile, format.asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN));
            counts[pinId]++;
            pins.add(pin);
        }
        int status = callDevice(() -> pd.dispatch().setDataFormat(pin, null, pin.dataFormat(), range));
        if (NtStatus.NT_SUCCESS(status)) {
            status = callDevice(() -> pd.dispatch().create(pin));
        }
        if (NtStatus.NT_SUCCESS(status) && sink != null) {
            status = connect(pin, sink);
            if (!NtStatus.NT_SUCCESS(status)) {
                callDevice(() -> {
                    pd.dispatch().close(pin); // created, then refused by the sink: closed again
                    return STATUS_SUCCESS;
                });
            }
        }
        if (!NtStatus.NT_SUCCESS(status)) {
            pinClosed(pin);
            return status;
        }
        pinFile.fsContext(pin);
        return STATUS_SUCCESS;
    }

    /**
     * The sink pin {@code handle} names, for a source pin of factory {@code pd}; refused with
     * STATUS_INVALID_HANDLE for a handle of no open pin, STATUS_NO_MATCH when this factory cannot
     * be a source (KSPIN_COMMUNICATION SOURCE or BOTH), the other pin cannot be a sink, or both
     * move data the same way, STATUS_DEVICE_BUSY when that pin is connected already.
     */
    private PinObject sinkFor(KsPinDescriptor pd, long handle) throws ks.api.io.KsStatusException {
        FileObject target = device.io().referenceObjectByHandle(handle);
        if (target == null || !(target.fsContext() instanceof PinObject)) {
            throw new ks.api.io.KsStatusException(NtStatus.STATUS_INVALID_HANDLE, "PinToHandle");
        }
        PinObject other = (PinObject) target.fsContext();
        if ((pd.communication() & KsProperty.KSPIN_COMMUNICATION_SOURCE) == 0
                || (other.descriptor().communication() & KsProperty.KSPIN_COMMUNICATION_SINK) == 0
                || pd.isCapture() == other.descriptor().isCapture()) {
            throw new ks.api.io.KsStatusException(STATUS_NO_MATCH, "PinToHandle");
        }
        if (other.connection() != null) {
            throw new ks.api.io.KsStatusException(STATUS_DEVICE_BUSY, "PinToHandle");
        }
        return other;
    }

    /** AVStrMiniPinConnect on the sink, then the connection that moves frames between the two pins. */
    private int connect(PinObject source, PinObject sink) {
        if (!KsDataFormat.candidates(source.dataFormat(), sink.dataFormat())) {
            return STATUS_NO_MATCH; // the two ends carry different formats
        }
        int status = callDevice(() -> sink.descriptor().dispatch().connect(sink));
        if (status == NtStatus.STATUS_PENDING) {
            status = STATUS_INVALID_DEVICE_REQUEST; // a dispatch callback must not pend
        }
        if (!NtStatus.NT_SUCCESS(status)) {
            return status;
        }
        PinObject out = source.descriptor().isCapture() ? source : sink;
        int depth = out.descriptor().framing() == null ? 2 : Math.max(1, Math.min(16, out.descriptor().framing().frames()));
        PinPipe pipe = new PinPipe(device.io(), source, sink, depth);
        source.connection(pipe);
        sink.connection(pipe);
        pipe.stateChanged();
        return STATUS_SUCCESS;
    }

    /** The first range of the factory the format lies in, or null. */
    static ByteBuffer matchingRange(KsPinDescriptor pd, ByteBuffer format) {
        for (ByteBuffer range : pd.dataRanges()) {
            if (!KsDataFormat.candidates(format, range)) {
                continue;
            }
            boolean inside;
            if (KsVideo.isVideoRange(range)) {
                inside = KsVideo.formatWithinRange(format, range);
            } else {
                // a non-video range: its own handler decides, else the GUID match above is all there is
                inside = pd.intersectHandler() == null || pd.intersectHandler().intersect(format, range) != null;
            }
            if (inside) {
                return range;
            }
        }
        return null;
    }

    private static boolean listed(List<KsIdentifier> ids, KsIdentifier wanted) {
        for (KsIdentifier id : ids) {
            if (id.sameAs(wanted)) {
                return true;
            }
        }
        return false;
    }

    synchronized void pinClosed(PinObject pin) {
        if (pins.remove(pin)) {
            counts[pin.id()]--;
        }
    }

    @Override
    public int deviceControl(Irp irp) {
        int code = irp.currentIrpStackLocation().parameters().deviceIoControl().ioControlCode();
        int status;
        if (code == KsIoctl.IOCTL_KS_PROPERTY) {
            status = PropertyDispatcher.dispatch(irp, propertySets, node -> {
                List<KsNodeDescriptor> nodes = descriptor.nodes();
                return node >= 0 && node < nodes.size() ? nodes.get(node).propertySets() : null;
            });
        } else if (code == KsIoctl.IOCTL_KS_METHOD) {
            status = MethodDispatcher.dispatch(irp, List.of());
        } else if (code == KsIoctl.IOCTL_KS_ENABLE_EVENT) {
            status = events.enable(irp);
        } else if (code == KsIoctl.IOCTL_KS_DISABLE_EVENT) {
            status = events.disable(irp);
        } else {
            irp.ioStatus().information(0);
            status = STATUS_INVALID_DEVICE_REQUEST; // stream I/O and reset go to pins
        }
        return device.complete(irp, status);
    }

    @Override
    public void close() {
        for (KsPin p : pins()) {
            ((PinObject) p).close(); // a client that closes the filter first still gets its pins torn down
        }
        callDevice(() -> {
            descriptor.dispatch().close(this);
            return STATUS_SUCCESS;
        });
    }

    @Override
    public void remove() {
        for (KsPin p : pins()) {
            ((PinObject) p).remove();
        }
    }

    /** Runs a device callback; a callback that throws fails with STATUS_UNSUCCESSFUL and is logged. */
    static int callDevice(java.util.function.IntSupplier call) {
        try {
            int status = call.getAsInt();
            return status == NtStatus.STATUS_PENDING ? STATUS_INVALID_DEVICE_REQUEST : status;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "device callback threw", e);
            return NtStatus.STATUS_UNSUCCESSFUL;
        }
    }
}
