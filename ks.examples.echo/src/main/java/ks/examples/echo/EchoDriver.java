package ks.examples.echo;

import static ks.api.io.NtStatus.STATUS_DEVICE_REMOVED;
import static ks.api.io.NtStatus.STATUS_INVALID_DEVICE_REQUEST;
import static ks.api.io.NtStatus.STATUS_PENDING;
import static ks.api.io.NtStatus.STATUS_SUCCESS;

import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ks.api.io.CancelSafeQueue;
import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.IoStackLocation;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KsDriver;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsIoctl;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamIo;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * An example driver written against ks.api only. It asks for one root-enumerated device, creates
 * {@code \Device\KsEcho} over it in AddDevice, queues stream reads in a cancel-safe queue, and
 * completes them from its own thread every millisecond: each frame's bytes are its sequence number
 * (low byte), its PresentationTime the sequence number in 100 ns units. Writes are consumed.
 *
 * <h2>Threading</h2>
 * Dispatch runs on the caller's thread; the completion thread belongs to this component and stops
 * in {@link #deactivate()}. Removal flushes the queue with STATUS_DEVICE_REMOVED.
 */
@Component(property = {KsDriver.NAME + "=KsEcho", KsDriver.ROOT_ENUMERATED + ":Boolean=true"})
public final class EchoDriver implements KsDriver {

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ks-echo-clock");
        t.setDaemon(true);
        return t;
    });

    @Reference
    private KsStreamIo ks;

    private IoManager io;
    private CancelSafeQueue reads;
    private DeviceObject device;
    private long sequence;

    @Override
    public int driverEntry(DriverObject driverObject, String registryPath) {
        io = driverObject.ioManager();
        reads = io.createCancelSafeQueue(null);
        driverObject.addDevice(this::addDevice);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CREATE, this::succeed);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CLEANUP, this::succeed);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_CLOSE, this::succeed);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, this::deviceControl);
        driverObject.dispatch(IrpMajorFunction.IRP_MJ_PNP, this::pnp);
        clock.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
        return STATUS_SUCCESS;
    }

    private int addDevice(DriverObject driverObject, DeviceObject pdo) {
        try {
            device = io.createDevice(driverObject, "\\Device\\KsEcho", IoControlCode.FILE_DEVICE_KS, null);
        } catch (KsStatusException e) {
            return e.status();
        }
        io.attachDeviceToDeviceStack(device, pdo);
        device.flags(device.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
        return STATUS_SUCCESS;
    }

    private int succeed(DeviceObject dev, Irp irp) {
        return complete(irp, STATUS_SUCCESS, 0);
    }

    /** Completes the IRP with a status and Information and returns the status, as a dispatch routine must. */
    private int complete(Irp irp, int status, long information) {
        irp.ioStatus().set(status, information);
        io.completeRequest(irp);
        return status;
    }

    private int deviceControl(DeviceObject dev, Irp irp) {
        IoStackLocation sl = irp.currentIrpStackLocation();
        int code = sl.parameters().deviceIoControl().ioControlCode();
        if (code == KsIoctl.IOCTL_KS_READ_STREAM) {
            int probe = ks.probeStreamIrp(irp, KsStreamFlags.KSPROBE_STREAMREAD, 0);
            if (probe != STATUS_SUCCESS) {
                return complete(irp, probe, 0);
            }
            if (reads.insertIrp(irp, null) != STATUS_PENDING) {
                return complete(irp, NtStatus.STATUS_CANCELLED, 0); // cancelled before it could be queued
            }
            return STATUS_PENDING;
        }
        if (code == KsIoctl.IOCTL_KS_WRITE_STREAM) {
            int probe = ks.probeStreamIrp(irp, KsStreamFlags.KSPROBE_STREAMWRITE, 0);
            if (probe != STATUS_SUCCESS) {
                return complete(irp, probe, 0);
            }
            return complete(irp, STATUS_SUCCESS, Integer.toUnsignedLong(sl.parameters().deviceIoControl().outputBufferLength()));
        }
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    private int pnp(DeviceObject dev, Irp irp) {
        if (irp.currentIrpStackLocation().minorFunction() == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
            reads.flush(STATUS_DEVICE_REMOVED);
            DeviceObject lower = dev.attachedTo();
            irp.skipCurrentIrpStackLocation();
            int status = io.callDriver(lower, irp);
            io.detachDevice(lower);
            io.deleteDevice(dev);
            return status;
        }
        irp.skipCurrentIrpStackLocation();
        return io.callDriver(dev.attachedTo(), irp);
    }

    private void tick() {
        Irp irp = reads.removeNextIrp();
        if (irp == null) {
            return;
        }
        KsStreamHeader[] headers = ks.streamHeaders(irp);
        long bytes = 0;
        for (KsStreamHeader h : headers) {
            long n = sequence++;
            ByteBuffer data = h.data();
            int used = data == null ? 0 : Math.min(h.frameExtent(), data.capacity());
            for (int i = 0; i < used; i++) {
                data.put(i, (byte) n);
            }
            h.dataUsed(used).presentationTime(n).duration(1).optionsFlags(
                    KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID | KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DURATIONVALID);
            bytes += h.size();
        }
        complete(irp, NtStatus.STATUS_SUCCESS, bytes);
    }

    @Deactivate
    void deactivate() {
        clock.shutdownNow();
    }
}
