package ks.api.ks;

import ks.api.io.NtStatus;

import org.osgi.annotation.versioning.ConsumerType;

/** KSDEVICE_DISPATCH: PnP moments of a KS device. */
@ConsumerType
public interface KsDeviceDispatch {

    /** AddDevice: the FDO exists and is attached; a failure status fails AddDevice. */
    default int add(KsDevice device) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** IRP_MN_START_DEVICE, after the lower devices started; interfaces are enabled after a success. */
    default int start(KsDevice device) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** IRP_MN_REMOVE_DEVICE: interfaces are disabled and queued stream IRPs completed with STATUS_DEVICE_REMOVED. */
    default void remove(KsDevice device) {
    }
}
