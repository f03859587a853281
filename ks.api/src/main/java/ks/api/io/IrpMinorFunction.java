package ks.api.io;

/**
 * IRP minor function codes ({@code IRP_MN_*}) for IRP_MJ_PNP, IRP_MJ_POWER and the file-system mount/verify requests.
 * The same value means different things under different major functions.
 */
public final class IrpMinorFunction {

    public static final int IRP_MN_START_DEVICE = 0x00;
    public static final int IRP_MN_QUERY_REMOVE_DEVICE = 0x01;
    public static final int IRP_MN_REMOVE_DEVICE = 0x02;
    public static final int IRP_MN_CANCEL_REMOVE_DEVICE = 0x03;
    public static final int IRP_MN_STOP_DEVICE = 0x04;
    public static final int IRP_MN_QUERY_STOP_DEVICE = 0x05;
    public static final int IRP_MN_CANCEL_STOP_DEVICE = 0x06;
    public static final int IRP_MN_QUERY_DEVICE_RELATIONS = 0x07;
    public static final int IRP_MN_QUERY_INTERFACE = 0x08;
    public static final int IRP_MN_QUERY_CAPABILITIES = 0x09;
    public static final int IRP_MN_QUERY_RESOURCES = 0x0A;
    public static final int IRP_MN_QUERY_RESOURCE_REQUIREMENTS = 0x0B;
    public static final int IRP_MN_QUERY_DEVICE_TEXT = 0x0C;
    public static final int IRP_MN_FILTER_RESOURCE_REQUIREMENTS = 0x0D;
    public static final int IRP_MN_READ_CONFIG = 0x0F;
    public static final int IRP_MN_WRITE_CONFIG = 0x10;
    public static final int IRP_MN_EJECT = 0x11;
    public static final int IRP_MN_SET_LOCK = 0x12;
    public static final int IRP_MN_QUERY_ID = 0x13;
    public static final int IRP_MN_QUERY_PNP_DEVICE_STATE = 0x14;
    public static final int IRP_MN_QUERY_BUS_INFORMATION = 0x15;
    public static final int IRP_MN_DEVICE_USAGE_NOTIFICATION = 0x16;
    public static final int IRP_MN_SURPRISE_REMOVAL = 0x17;
    public static final int IRP_MN_DEVICE_ENUMERATED = 0x19;
    public static final int IRP_MN_WAIT_WAKE = 0x00;
    public static final int IRP_MN_POWER_SEQUENCE = 0x01;
    public static final int IRP_MN_SET_POWER = 0x02;
    public static final int IRP_MN_QUERY_POWER = 0x03;
    public static final int IRP_MN_MOUNT_VOLUME = 0x01;
    public static final int IRP_MN_VERIFY_VOLUME = 0x02;

    private IrpMinorFunction() {
    }

    // DEVICE_RELATION_TYPE (Parameters.QueryDeviceRelations.Type)
    public static final int BusRelations = 0;
    public static final int EjectionRelations = 1;
    public static final int PowerRelations = 2;
    public static final int RemovalRelations = 3;
    public static final int TargetDeviceRelation = 4;

    // BUS_QUERY_ID_TYPE (Parameters.QueryId.IdType)
    public static final int BusQueryDeviceID = 0;
    public static final int BusQueryHardwareIDs = 1;
    public static final int BusQueryCompatibleIDs = 2;
    public static final int BusQueryInstanceID = 3;
}
