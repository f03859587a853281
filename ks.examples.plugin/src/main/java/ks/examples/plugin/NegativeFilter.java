package ks.examples.plugin;

import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoManager;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KsDriver;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamIo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * An upper filter driver: it sits above a camera's function driver and turns every uncompressed
 * frame into its negative on the way up. It passes every request down unchanged; on a stream read
 * (IOCTL_KS_READ_STREAM) it sets a completion routine that, once the camera has filled the
 * buffers, inverts the luma of each YUY2 frame (every even byte). JPEG frames (they start with the
 * SOI marker FF D8) go up untouched.
 *
 * <p>Put it into a stack with a {@code ks.filter} configuration, e.g. {@code ks.filter-negative.cfg}:
 * {@code driver=KsNegative}, {@code ids=USB\VID_1209&PID_0001}, {@code position=upper}.
 *
 * <p>Because it changes data in a completion routine, it declines fast I/O: a fast read would reach
 * the camera's ring without an IRP and so without passing through this filter.
 */
@Component(property = KsDriver.NAME + "=" + NegativeFilter.NAME)
public final class NegativeFilter implements KsDriver {

    static final String NAME = "KsNegative";

    private final KsStreamIo streamIo;
    private final AtomicLong frames = new AtomicLong();
    private final IoCompletionRoutine invert = this::invert;

    @Activate
    public NegativeFilter(@Reference KsStreamIo streamIo) {
        this.streamIo = streamIo;
    }

    /** Frames turned into their negative so far. */
    public long frames() {
        return frames.get();
    }

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        IoManager io = driverObject.ioManager();
        for (int major = 0; major < IrpMajorFunction.COUNT; major++) {
            driverObject.dispatch(major, (device, irp) -> passDown(io, device, irp));
        }
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, (device, irp) -> deviceControl(io, device, irp));
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_PNP, (device, irp) -> pnp(io, device, irp));
        driverObject.fastIoDispatch(new FastIoDispatch() { }); // declines everything: reads must come as IRPs
        driverObject.addDevice((driver, pdo) -> addDevice(io, driver, pdo));
        return STATUS_SUCCESS;
    }

    private static int addDevice(IoManager io, DriverObject driver, DeviceObject pdo) {
        DeviceObject filter;
        try {
            filter = io.createDevice(driver, null, pdo.topOfStack().deviceType(), null);
        } catch (KsStatusException e) {
            return e.status();
        }
        io.attachDeviceToDeviceStack(filter, pdo);
        filter.flags(filter.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
        return STATUS_SUCCESS;
    }

    private static int passDown(IoManager io, DeviceObject device, Irp irp) {
        irp.skipCurrentIrpStackLocation();
        return io.callDriver(device.attachedTo(), irp);
    }

    private int deviceControl(IoManager io, DeviceObject device, Irp irp) {
        if (irp.currentIrpStackLocation().parameters().deviceIoControl().ioControlCode() != KsIoctl.IOCTL_KS_READ_STREAM) {
            return passDown(io, device, irp);
        }
        irp.copyCurrentIrpStackLocationToNext();
        irp.setCompletionRoutine(invert, null, true, false, false);
        return io.callDriver(device.attachedTo(), irp);
    }

    /** Completion routine of a stream read: the frames are in the buffers now. */
    private int invert(DeviceObject device, Irp irp, Object context) {
        if (irp.pendingReturned()) {
            irp.markIrpPending(); // the rule for a routine that lets completion continue
        }
        KsStreamHeader[] headers = streamIo.streamHeaders(irp);
        if (headers != null) {
            for (KsStreamHeader h : headers) {
                if (negative(h.data(), h.dataUsed())) {
                    frames.incrementAndGet();
                }
            }
        }
        return NtStatus.STATUS_SUCCESS; // STATUS_CONTINUE_COMPLETION
    }

    /** Inverts the luma of a YUY2 frame in place; false for an empty or JPEG frame. */
    static boolean negative(ByteBuffer data, int used) {
        if (data == null || used < 2 || ((data.get(0) & 0xFF) == 0xFF && (data.get(1) & 0xFF) == 0xD8)) {
            return false;
        }
        for (int i = 0; i < used; i += 2) {
            data.put(i, (byte) (255 - (data.get(i) & 0xFF)));
        }
        return true;
    }

    private static int pnp(IoManager io, DeviceObject device, Irp irp) {
        if (irp.currentIrpStackLocation().minorFunction() != IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
            return passDown(io, device, irp);
        }
        DeviceObject lower = device.attachedTo();
        int status = passDown(io, device, irp);
        io.detachDevice(lower);
        io.deleteDevice(device);
        return status;
    }
}
