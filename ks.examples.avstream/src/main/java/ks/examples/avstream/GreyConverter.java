package ks.examples.avstream;

import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.List;

import ks.api.io.DriverObject;
import ks.api.io.KsDriver;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilter;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsFilterDispatch;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsProcessPin;
import ks.api.ks.KsProperty;
import ks.api.ks.KsVideo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A filter-centric transform written as an AVStream driver is: "Grey Converter" takes YUY2
 * frames on its input pin (0) and gives them back on its output pin (1) without colour (every
 * chroma byte 128, luma kept). Its KSFILTER_DISPATCH.Process runs when both pins have a frame,
 * converts what fits, and ends the output frame (Terminate); the framework moves both leading
 * edges on by BytesUsed.
 */
@Component(property = {KsDriver.NAME + "=KsGreyConverter", KsDriver.ROOT_ENUMERATED + ":Boolean=true"})
public final class GreyConverter implements KsDriver {

    public static final String FRIENDLY_NAME = "Grey Converter";

    private final KsFramework ks;

    @Activate
    public GreyConverter(@Reference KsFramework ks) {
        this.ks = ks;
    }

    private static KsPinDescriptor pin(int dataFlow) {
        long interval = SimulatedCamera.INTERVAL;
        return KsPinDescriptor.builder()
                .dataFlow(dataFlow)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, SimulatedCamera.WIDTH, SimulatedCamera.HEIGHT, 16, interval, 1, 10_000_000, 0))
                .instances(1, 1)
                .build();
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        KsFilterDescriptor filter = new KsFilterDescriptor("global", FRIENDLY_NAME, List.of(KsGuids.KSCATEGORY_VIDEO),
                List.of(pin(KsProperty.KSPIN_DATAFLOW_IN), pin(KsProperty.KSPIN_DATAFLOW_OUT)), List.of(), new Convert());
        return ks.initializeDriver(driverObject, KsDeviceDescriptor.of("GreyConverter", filter));
    }

    /** KSFILTER_DISPATCH: the conversion. */
    private static final class Convert implements KsFilterDispatch {
        @Override
        public int process(KsFilter filter, List<List<KsProcessPin>> index) {
            KsProcessPin in = index.get(0).get(0);
            KsProcessPin out = index.get(1).get(0);
            ByteBuffer src = in.data();
            ByteBuffer dst = out.data();
            int n = Math.min(in.bytesAvailable(), out.bytesAvailable()) & ~1;
            for (int i = 0; i < n; i += 2) {
                dst.put(i, src.get(i)).put(i + 1, (byte) 128);
            }
            in.bytesUsed(in.bytesAvailable()); // the input frame is consumed whole
            out.bytesUsed(n);
            out.terminate(true); // one output frame per input frame
            return STATUS_SUCCESS; // again while both pins have frames
        }
    }
}
