package ks.devices.usbvideo.internal.libusb;

import ks.api.usb.Usb;

/**
 * libusb results in the USB stack's terms. The numbers are libusb's public ABI
 * ({@code enum libusb_transfer_status} and {@code enum libusb_error}), spelled out so this class
 * loads without the native library.
 */
final class LibUsbStatus {

    static final int TRANSFER_COMPLETED = 0;
    static final int TRANSFER_ERROR = 1;
    static final int TRANSFER_TIMED_OUT = 2;
    static final int TRANSFER_CANCELLED = 3;
    static final int TRANSFER_STALL = 4;
    static final int TRANSFER_NO_DEVICE = 5;
    static final int TRANSFER_OVERFLOW = 6;

    static final int ERROR_IO = -1;
    static final int ERROR_INVALID_PARAM = -2;
    static final int ERROR_ACCESS = -3;
    static final int ERROR_NO_DEVICE = -4;
    static final int ERROR_NOT_FOUND = -5;
    static final int ERROR_BUSY = -6;
    static final int ERROR_TIMEOUT = -7;
    static final int ERROR_OVERFLOW = -8;
    static final int ERROR_PIPE = -9;

    private LibUsbStatus() {
    }

    /** The USBD_STATUS of a transfer (or iso packet) that ended with {@code transferStatus}. */
    static int ofTransfer(int transferStatus) {
        switch (transferStatus) {
            case TRANSFER_COMPLETED: return Usb.USBD_STATUS_SUCCESS;
            case TRANSFER_CANCELLED: return Usb.USBD_STATUS_CANCELED;
            case TRANSFER_STALL: return Usb.USBD_STATUS_STALL_PID;
            case TRANSFER_NO_DEVICE: return Usb.USBD_STATUS_DEVICE_GONE;
            case TRANSFER_OVERFLOW: return Usb.USBD_STATUS_BUFFER_OVERRUN;
            case TRANSFER_TIMED_OUT: return Usb.USBD_STATUS_DEV_NOT_RESPONDING;
            default: return Usb.USBD_STATUS_REQUEST_FAILED;
        }
    }

    /** The USBD_STATUS of a synchronous call (control transfer, submit) that returned libusb error {@code error}. */
    static int ofError(int error) {
        switch (error) {
            case ERROR_PIPE: return Usb.USBD_STATUS_STALL_PID;
            case ERROR_NO_DEVICE: return Usb.USBD_STATUS_DEVICE_GONE;
            case ERROR_OVERFLOW: return Usb.USBD_STATUS_BUFFER_OVERRUN;
            case ERROR_TIMEOUT: return Usb.USBD_STATUS_DEV_NOT_RESPONDING;
            case ERROR_INVALID_PARAM:
            case ERROR_NOT_FOUND:
                return Usb.USBD_STATUS_INVALID_PARAMETER;
            default: return Usb.USBD_STATUS_REQUEST_FAILED;
        }
    }
}
