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

    /**
     * AVStrMiniDevicePostStart: after a successful start, on a worker thread once START_DEVICE has
     * completed, for work that must not hold the start up (loading firmware, a first sensor
     * read). A failure is logged; the device stays started.
     */
    default int postStart(KsDevice device) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** AVStrMiniDeviceQueryStop: IRP_MN_QUERY_STOP_DEVICE, before it goes down; a failure vetoes the stop. */
    default int queryStop(KsDevice device) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** AVStrMiniDeviceCancelStop: IRP_MN_CANCEL_STOP_DEVICE, after the lower devices have seen it. */
    default void cancelStop(KsDevice device) {
    }

    /** AVStrMiniDeviceStop: IRP_MN_STOP_DEVICE, before it goes down: release the hardware's resources. */
    default void stop(KsDevice device) {
    }

    /** AVStrMiniDeviceQueryRemove: IRP_MN_QUERY_REMOVE_DEVICE, before it goes down; a failure vetoes the removal. */
    default int queryRemove(KsDevice device) {
        return NtStatus.STATUS_SUCCESS;
    }

    /** AVStrMiniDeviceCancelRemove: IRP_MN_CANCEL_REMOVE_DEVICE, after the lower devices have seen it. */
    default void cancelRemove(KsDevice device) {
    }

    /**
     * AVStrMiniDeviceSurpriseRemoval: IRP_MN_SURPRISE_REMOVAL, the hardware is gone. The device's
     * interfaces are disabled first; {@link #remove} follows when the last handle closes.
     */
    default void surpriseRemoval(KsDevice device) {
    }

    /**
     * AVStrMiniDeviceQueryCapabilities: IRP_MN_QUERY_CAPABILITIES, after the lower devices filled
     * {@code capabilities} (Parameters.DeviceCapabilities.Capabilities); the device may change it.
     * A failure fails the request.
     */
    default int queryCapabilities(KsDevice device, Object capabilities) {
        return NtStatus.STATUS_SUCCESS;
    }

    /**
     * AVStrMiniDeviceQueryPower: IRP_MN_QUERY_POWER, before the lower devices see it; a failure
     * vetoes the change (a camera streaming to a recording that must not stop, say). States are
     * {@link ks.api.io.PowerState} values; for a system query the device state is the one the
     * system state maps to (PowerSystemWorking to D0, any other to D3).
     *
     * @param action the POWER_ACTION of a system query (POWER_ACTION_NONE for a device query)
     */
    default int queryPower(KsDevice device, int deviceTo, int deviceFrom, int systemTo, int systemFrom, int action) {
        return NtStatus.STATUS_SUCCESS;
    }

    /**
     * AVStrMiniDeviceSetPower: the device's power state changes (IRP_MN_SET_POWER for a device
     * state, or for a system state whose device state differs from the current one). Powering
     * down it is called before the lower devices power down; powering up, after they are up.
     */
    default void setPower(KsDevice device, int to, int from) {
    }
}
