package ks.benchmarks;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverDispatch;
import ks.api.io.DriverObject;
import ks.api.io.IoCompletionRoutine;
import ks.api.io.IoControlCode;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.core.internal.io.IoManagerImpl;

/**
 * Device stacks for the benchmarks: a bottom driver plus filters that copy their location down,
 * set a completion routine (created once) and forward, as a typical upper filter does.
 */
final class Stacks {

    private Stacks() {
    }

    /** The routine every filter sets: propagates pending and lets the walk continue. */
    static final IoCompletionRoutine PROPAGATE = (d, irp, c) -> {
        if (irp.pendingReturned()) {
            irp.markIrpPending();
        }
        return NtStatus.STATUS_SUCCESS;
    };

    static DeviceObject device(IoManagerImpl io, String name, DriverDispatch dispatch) {
        DriverObject d = io.createDriverObject(name);
        d.dispatch(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL, dispatch);
        try {
            DeviceObject dev = io.createDevice(d, "\\Device\\" + name, IoControlCode.FILE_DEVICE_KS, null);
            dev.flags(dev.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
            return dev;
        } catch (KsStatusException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code depth} devices: the bottom one runs {@code bottom}, the others are forwarding filters. */
    static DeviceObject build(IoManagerImpl io, int depth, DriverDispatch bottom) {
        DeviceObject top = device(io, "Bottom", bottom);
        for (int i = 1; i < depth; i++) {
            DeviceObject filter = device(io, "Filter" + i, forward(io));
            io.attachDeviceToDeviceStack(filter, top);
            top = filter;
        }
        return top;
    }

    /** What a typical upper filter does: copy its location down, set {@link #PROPAGATE}, forward. */
    static DriverDispatch forward(IoManagerImpl io) {
        return (dev, irp) -> {
            irp.copyCurrentIrpStackLocationToNext();
            irp.setCompletionRoutine(PROPAGATE, null, true, true, true);
            return io.callDriver(dev.attachedTo(), irp);
        };
    }

    /** A bottom driver that completes every request at once. */
    static DriverDispatch completeAtOnce(IoManagerImpl io) {
        return (dev, irp) -> {
            irp.ioStatus().set(NtStatus.STATUS_SUCCESS, 56);
            io.completeRequest(irp);
            return NtStatus.STATUS_SUCCESS;
        };
    }
}
