package ks.api.ks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * KSPIN_DESCRIPTOR_EX: a pin factory as a device author declares it. Build one with
 * {@link #builder()}; the framework answers every KSPROPSETID_Pin query from it, validates pin
 * creation against it, and enforces its instance limit.
 *
 * <pre>{@code
 * KsPinDescriptor capture = KsPinDescriptor.builder()
 *     .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)            // data leaves the filter: a capture pin
 *     .category(KsGuids.PINNAME_VIDEO_CAPTURE)
 *     .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 640, 480, 16, KsVideo.interval(30), KsVideo.interval(30), KsVideo.interval(5), 0))
 *     .framing(new KsAllocatorFraming(0, 4, 640 * 480 * 2, KsAllocatorFraming.FILE_QUAD_ALIGNMENT))
 *     .dispatch(myPinDispatch)
 *     .build();
 * }</pre>
 */
public final class KsPinDescriptor {

    // KSPIN_FLAG_* (ks.h): the ones ks acts on first, then the rest with their header values

    /** Arrivals never start processing; only {@link KsPin#attemptProcessing} and state changes do. */
    public static final int KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING = 0x00000010;
    /** Every arrival starts processing, not only one into a queue the device had emptied. */
    public static final int KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL = 0x00000020;
    /** Process only in KSSTATE_RUN; by default processing also happens in PAUSE. */
    public static final int KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY = 0x00010000;
    /** Processing triggered by arrivals runs on a worker thread, never on the submitting thread. */
    public static final int KSPIN_FLAG_ASYNCHRONOUS_PROCESSING = 0x00000008;
    public static final int KSPIN_FLAG_DISPATCH_LEVEL_PROCESSING = 0x00000001;
    public static final int KSPIN_FLAG_CRITICAL_PROCESSING = 0x00000002;
    public static final int KSPIN_FLAG_HYPERCRITICAL_PROCESSING = 0x00000004;
    public static final int KSPIN_FLAG_FRAMES_NOT_REQUIRED_FOR_PROCESSING = 0x00000040;
    public static final int KSPIN_FLAG_ENFORCE_FIFO = 0x00000080;
    public static final int KSPIN_FLAG_GENERATE_MAPPINGS = 0x00000100;
    public static final int KSPIN_FLAG_DISTINCT_TRAILING_EDGE = 0x00000200;
    public static final int KSPIN_FLAG_SPLITTER = 0x00020000;
    public static final int KSPIN_FLAG_USE_STANDARD_TRANSPORT = 0x00040000;
    public static final int KSPIN_FLAG_DO_NOT_USE_STANDARD_TRANSPORT = 0x00080000;
    public static final int KSPIN_FLAG_FIXED_FORMAT = 0x00100000;
    public static final int KSPIN_FLAG_GENERATE_EOS_EVENTS = 0x00200000;
    public static final int KSPIN_FLAG_RENDERER = KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY | KSPIN_FLAG_GENERATE_EOS_EVENTS;
    public static final int KSPIN_FLAG_IMPLEMENT_CLOCK = 0x00400000;

    private final int dataFlow;
    private final int communication;
    private final int possibleInstances;
    private final int necessaryInstances;
    private final List<ByteBuffer> dataRanges;
    private final List<KsIdentifier> interfaces;
    private final List<KsIdentifier> mediums;
    private final UUID category;
    private final String name;
    private final KsAllocatorFraming framing;
    private final KsIntersectHandler intersectHandler;
    private final KsPinDispatch dispatch;
    private final List<KsPropertySet> propertySets;
    private final List<KsMethodSet> methodSets;
    private final int headerSize;
    private final int flags;

    private KsPinDescriptor(Builder b) {
        this.flags = b.flags;
        this.dataFlow = b.dataFlow;
        this.communication = b.communication;
        this.possibleInstances = b.possibleInstances;
        this.necessaryInstances = b.necessaryInstances;
        List<ByteBuffer> ranges = new ArrayList<>();
        for (ByteBuffer r : b.dataRanges) {
            ranges.add(KsDataFormat.copy(r).asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN));
        }
        this.dataRanges = List.copyOf(ranges);
        this.interfaces = List.copyOf(b.interfaces.isEmpty() ? List.of(KsIdentifier.STANDARD_STREAMING) : b.interfaces);
        this.mediums = List.copyOf(b.mediums.isEmpty() ? List.of(KsIdentifier.STANDARD_MEDIUM) : b.mediums);
        this.category = b.category;
        this.name = b.name;
        this.framing = b.framing;
        this.intersectHandler = b.intersectHandler;
        this.dispatch = b.dispatch;
        this.propertySets = List.copyOf(b.propertySets);
        this.methodSets = List.copyOf(b.methodSets);
        this.headerSize = b.headerSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** KSPIN_DATAFLOW_IN (a render sink) or KSPIN_DATAFLOW_OUT (a capture source). */
    public int dataFlow() {
        return dataFlow;
    }

    /** KSPIN_COMMUNICATION_*: SINK by default, so clients connect to the pin. */
    public int communication() {
        return communication;
    }

    /** KSPIN_CINSTANCES.PossibleCount: instances that may exist at once (KSINSTANCE_INDETERMINATE for any). */
    public int possibleInstances() {
        return possibleInstances;
    }

    public int necessaryInstances() {
        return necessaryInstances;
    }

    /** The data ranges (read-only little-endian buffers, each limited to its FormatSize). */
    public List<ByteBuffer> dataRanges() {
        return dataRanges;
    }

    public List<KsIdentifier> interfaces() {
        return interfaces;
    }

    public List<KsIdentifier> mediums() {
        return mediums;
    }

    /** KSPROPERTY_PIN_CATEGORY, or null for none. */
    public UUID category() {
        return category;
    }

    /** KSPROPERTY_PIN_NAME, or null to fall back to the category's name. */
    public String name() {
        return name;
    }

    /** The allocator framing, or null when the pin states none (ALLOCATORFRAMING answers STATUS_NOT_FOUND). */
    public KsAllocatorFraming framing() {
        return framing;
    }

    /** The intersect handler, or null for the default ({@link KsVideo#intersect}). */
    public KsIntersectHandler intersectHandler() {
        return intersectHandler;
    }

    public KsPinDispatch dispatch() {
        return dispatch;
    }

    /** The device's own property sets, served next to the standard ones. */
    public List<KsPropertySet> propertySets() {
        return propertySets;
    }

    public List<KsMethodSet> methodSets() {
        return methodSets;
    }

    /** The KSSTREAM_HEADER size stream requests must use (56, or 56 + an extension), 0 for any. */
    public int headerSize() {
        return headerSize;
    }

    /** Whether data flows out of the filter through this pin (a capture pin, read by clients). */
    public boolean isCapture() {
        return dataFlow == KsProperty.KSPIN_DATAFLOW_OUT;
    }

    /** KSPIN_DESCRIPTOR_EX.Flags (KSPIN_FLAG_*). */
    public int flags() {
        return flags;
    }

    /** Builds a {@link KsPinDescriptor}. */
    public static final class Builder {
        private int dataFlow = KsProperty.KSPIN_DATAFLOW_OUT;
        private int communication = KsProperty.KSPIN_COMMUNICATION_SINK;
        private int possibleInstances = 1;
        private int necessaryInstances;
        private final List<ByteBuffer> dataRanges = new ArrayList<>();
        private final List<KsIdentifier> interfaces = new ArrayList<>();
        private final List<KsIdentifier> mediums = new ArrayList<>();
        private UUID category;
        private String name;
        private KsAllocatorFraming framing;
        private KsIntersectHandler intersectHandler;
        private KsPinDispatch dispatch = new KsPinDispatch() {
        };
        private final List<KsPropertySet> propertySets = new ArrayList<>();
        private final List<KsMethodSet> methodSets = new ArrayList<>();
        private int headerSize;
        private int flags;

        private Builder() {
        }

        /**
         * KSPIN_DESCRIPTOR_EX.Flags. ks acts on the processing flags
         * ({@link #KSPIN_FLAG_DO_NOT_INITIATE_PROCESSING},
         * {@link #KSPIN_FLAG_INITIATE_PROCESSING_ON_EVERY_ARRIVAL},
         * {@link #KSPIN_FLAG_PROCESS_IN_RUN_STATE_ONLY}, {@link #KSPIN_FLAG_ASYNCHRONOUS_PROCESSING});
         * the others are kept and reported but change nothing.
         */
        public Builder flags(int value) {
            this.flags = value;
            return this;
        }

        public Builder dataFlow(int value) {
            if (value != KsProperty.KSPIN_DATAFLOW_IN && value != KsProperty.KSPIN_DATAFLOW_OUT) {
                throw new IllegalArgumentException("KSPIN_DATAFLOW_IN or _OUT: " + value);
            }
            this.dataFlow = value;
            return this;
        }

        public Builder communication(int value) {
            this.communication = value;
            return this;
        }

        public Builder instances(int possible, int necessary) {
            this.possibleInstances = possible;
            this.necessaryInstances = necessary;
            return this;
        }

        /** Adds a data range; its FormatSize must cover at least the 64-byte head. */
        public Builder dataRange(ByteBuffer range) {
            if (KsDataFormat.validate(range, range.limit()) != 0) {
                throw new IllegalArgumentException("malformed data range (FormatSize " + KsDataFormat.formatSize(range) + ")");
            }
            dataRanges.add(range);
            return this;
        }

        public Builder interfaceId(KsIdentifier value) {
            interfaces.add(value);
            return this;
        }

        public Builder medium(KsIdentifier value) {
            mediums.add(value);
            return this;
        }

        public Builder category(UUID value) {
            this.category = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder framing(KsAllocatorFraming value) {
            this.framing = value;
            return this;
        }

        public Builder intersectHandler(KsIntersectHandler value) {
            this.intersectHandler = value;
            return this;
        }

        public Builder dispatch(KsPinDispatch value) {
            this.dispatch = Objects.requireNonNull(value);
            return this;
        }

        public Builder propertySet(KsPropertySet value) {
            propertySets.add(value);
            return this;
        }

        public Builder methodSet(KsMethodSet value) {
            methodSets.add(value);
            return this;
        }

        public Builder headerSize(int value) {
            this.headerSize = value;
            return this;
        }

        public KsPinDescriptor build() {
            if (dataRanges.isEmpty()) {
                throw new IllegalStateException("a pin needs at least one data range");
            }
            return new KsPinDescriptor(this);
        }
    }
}
