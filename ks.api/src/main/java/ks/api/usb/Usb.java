package ks.api.usb;

import ks.api.io.IoControlCode;
import ks.api.io.NtStatus;

/**
 * Constants of usb.h, usbioctl.h and the USB 2.0 specification (chapter 9), spelled as there.
 */
public final class Usb {

    private Usb() {
    }

    /** FILE_DEVICE_USB (= FILE_DEVICE_UNKNOWN). */
    public static final int FILE_DEVICE_USB = IoControlCode.FILE_DEVICE_UNKNOWN;

    /** IOCTL_INTERNAL_USB_SUBMIT_URB: Parameters.Others.Argument1 is the {@link Urb}. */
    public static final int IOCTL_INTERNAL_USB_SUBMIT_URB = IoControlCode.CTL_CODE(FILE_DEVICE_USB, 0,
            IoControlCode.METHOD_NEITHER, IoControlCode.FILE_ANY_ACCESS);

    // URB_FUNCTION_*
    public static final int URB_FUNCTION_SELECT_CONFIGURATION = 0x0000;
    public static final int URB_FUNCTION_SELECT_INTERFACE = 0x0001;
    public static final int URB_FUNCTION_ABORT_PIPE = 0x0002;
    public static final int URB_FUNCTION_CONTROL_TRANSFER = 0x0008;
    public static final int URB_FUNCTION_BULK_OR_INTERRUPT_TRANSFER = 0x0009;
    public static final int URB_FUNCTION_ISOCH_TRANSFER = 0x000A;
    public static final int URB_FUNCTION_GET_DESCRIPTOR_FROM_DEVICE = 0x000B;
    public static final int URB_FUNCTION_CLASS_INTERFACE = 0x001B;
    public static final int URB_FUNCTION_SYNC_RESET_PIPE_AND_CLEAR_STALL = 0x001E;

    // USBD_STATUS_* (the Status member of the URB header)
    public static final int USBD_STATUS_SUCCESS = 0x00000000;
    public static final int USBD_STATUS_PENDING = 0x40000000;
    public static final int USBD_STATUS_CRC = 0xC0000001;
    public static final int USBD_STATUS_STALL_PID = 0xC0000004;
    public static final int USBD_STATUS_DEV_NOT_RESPONDING = 0xC0000005;
    public static final int USBD_STATUS_DATA_OVERRUN = 0xC0000008;
    public static final int USBD_STATUS_BUFFER_OVERRUN = 0xC000000C;
    public static final int USBD_STATUS_ENDPOINT_HALTED = 0xC0000030;
    public static final int USBD_STATUS_INVALID_URB_FUNCTION = 0x80000200;
    public static final int USBD_STATUS_INVALID_PARAMETER = 0x80000300;
    public static final int USBD_STATUS_REQUEST_FAILED = 0x80000500;
    public static final int USBD_STATUS_INVALID_PIPE_HANDLE = 0x80000600;
    public static final int USBD_STATUS_ISOCH_REQUEST_FAILED = 0xC0000B00;
    public static final int USBD_STATUS_DEVICE_GONE = 0xC0007000;
    public static final int USBD_STATUS_CANCELED = 0xC0010000;
    public static final int USBD_STATUS_NOT_ACCESSED = 0xC000000F;

    // TransferFlags
    public static final int USBD_TRANSFER_DIRECTION_IN = 0x01;
    public static final int USBD_SHORT_TRANSFER_OK = 0x02;
    public static final int USBD_START_ISO_TRANSFER_ASAP = 0x04;

    // bmRequestType parts and standard requests (USB 2.0 §9.3, §9.4)
    public static final int USB_DIR_IN = 0x80;
    public static final int USB_TYPE_STANDARD = 0x00;
    public static final int USB_TYPE_CLASS = 0x20;
    public static final int USB_TYPE_VENDOR = 0x40;
    public static final int USB_RECIP_DEVICE = 0x00;
    public static final int USB_RECIP_INTERFACE = 0x01;
    public static final int USB_RECIP_ENDPOINT = 0x02;
    public static final int USB_REQUEST_GET_STATUS = 0x00;
    public static final int USB_REQUEST_CLEAR_FEATURE = 0x01;
    public static final int USB_REQUEST_SET_FEATURE = 0x03;
    public static final int USB_REQUEST_GET_DESCRIPTOR = 0x06;
    public static final int USB_REQUEST_GET_CONFIGURATION = 0x08;
    public static final int USB_REQUEST_SET_CONFIGURATION = 0x09;
    public static final int USB_REQUEST_GET_INTERFACE = 0x0A;
    public static final int USB_REQUEST_SET_INTERFACE = 0x0B;
    public static final int USB_FEATURE_ENDPOINT_STALL = 0x00;
    public static final int USB_DEVICE_DESCRIPTOR_TYPE = 0x01;
    public static final int USB_CONFIGURATION_DESCRIPTOR_TYPE = 0x02;
    public static final int USB_STRING_DESCRIPTOR_TYPE = 0x03;

    /** USBD_SUCCESS: the top two bits clear (success) or 01 (pending). */
    public static boolean USBD_SUCCESS(int usbdStatus) {
        return (usbdStatus >>> 30) <= 1;
    }

    /**
     * The NTSTATUS the bus driver completes an IRP with for a URB ending in {@code usbdStatus}, as
     * the Windows USB stack maps them: success, STATUS_DEVICE_NOT_CONNECTED for a device that is
     * gone, STATUS_CANCELLED, STATUS_INVALID_PARAMETER for a malformed request, and
     * STATUS_UNSUCCESSFUL for transfer errors (stall, CRC, overrun); the URB's status has the detail.
     */
    public static int ntStatus(int usbdStatus) {
        if (USBD_SUCCESS(usbdStatus)) {
            return NtStatus.STATUS_SUCCESS;
        }
        switch (usbdStatus) {
            case USBD_STATUS_DEVICE_GONE:
            case USBD_STATUS_DEV_NOT_RESPONDING:
                return NtStatus.STATUS_DEVICE_NOT_CONNECTED;
            case USBD_STATUS_CANCELED:
                return NtStatus.STATUS_CANCELLED;
            case USBD_STATUS_INVALID_URB_FUNCTION:
            case USBD_STATUS_INVALID_PARAMETER:
            case USBD_STATUS_INVALID_PIPE_HANDLE:
                return NtStatus.STATUS_INVALID_PARAMETER;
            default:
                return NtStatus.STATUS_UNSUCCESSFUL;
        }
    }

    /** A readable name for a USBD_STATUS value. */
    public static String usbdStatusName(int usbdStatus) {
        switch (usbdStatus) {
            case USBD_STATUS_SUCCESS: return "USBD_STATUS_SUCCESS";
            case USBD_STATUS_PENDING: return "USBD_STATUS_PENDING";
            case USBD_STATUS_CRC: return "USBD_STATUS_CRC";
            case USBD_STATUS_STALL_PID: return "USBD_STATUS_STALL_PID";
            case USBD_STATUS_DEV_NOT_RESPONDING: return "USBD_STATUS_DEV_NOT_RESPONDING";
            case USBD_STATUS_DATA_OVERRUN: return "USBD_STATUS_DATA_OVERRUN";
            case USBD_STATUS_BUFFER_OVERRUN: return "USBD_STATUS_BUFFER_OVERRUN";
            case USBD_STATUS_ENDPOINT_HALTED: return "USBD_STATUS_ENDPOINT_HALTED";
            case USBD_STATUS_INVALID_URB_FUNCTION: return "USBD_STATUS_INVALID_URB_FUNCTION";
            case USBD_STATUS_INVALID_PARAMETER: return "USBD_STATUS_INVALID_PARAMETER";
            case USBD_STATUS_REQUEST_FAILED: return "USBD_STATUS_REQUEST_FAILED";
            case USBD_STATUS_INVALID_PIPE_HANDLE: return "USBD_STATUS_INVALID_PIPE_HANDLE";
            case USBD_STATUS_ISOCH_REQUEST_FAILED: return "USBD_STATUS_ISOCH_REQUEST_FAILED";
            case USBD_STATUS_DEVICE_GONE: return "USBD_STATUS_DEVICE_GONE";
            case USBD_STATUS_CANCELED: return "USBD_STATUS_CANCELED";
            case USBD_STATUS_NOT_ACCESSED: return "USBD_STATUS_NOT_ACCESSED";
            default: return String.format("USBD_STATUS 0x%08X", usbdStatus);
        }
    }
}
