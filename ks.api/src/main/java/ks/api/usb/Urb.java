package ks.api.usb;

import java.nio.ByteBuffer;

/**
 * URB: a USB request block, the parameter of IOCTL_INTERNAL_USB_SUBMIT_URB. One reusable object
 * carries the members of the URB union the functions use:
 *
 * <ul>
 * <li>{@code URB_FUNCTION_CONTROL_TRANSFER}, {@code _GET_DESCRIPTOR_FROM_DEVICE},
 * {@code _CLASS_INTERFACE}: the setup packet ({@link #setup}), TransferBuffer and
 * TransferBufferLength (in: the buffer's size, out: bytes transferred).</li>
 * <li>{@code URB_FUNCTION_SELECT_INTERFACE}: {@link #interfaceNumber()},
 * {@link #alternateSetting()}.</li>
 * <li>{@code URB_FUNCTION_BULK_OR_INTERRUPT_TRANSFER}: {@link #endpoint()}, TransferFlags, the
 * buffer and length.</li>
 * <li>{@code URB_FUNCTION_ISOCH_TRANSFER}: as bulk plus NumberOfPackets and, per packet,
 * Offset/Length/Status ({@link #isoOffset}, {@link #isoLength}, {@link #isoStatus}); packet
 * {@code i} sits at {@code isoOffset(i)} of the buffer, not packed.</li>
 * <li>{@code URB_FUNCTION_SYNC_RESET_PIPE_AND_CLEAR_STALL}, {@code _ABORT_PIPE}: {@link #endpoint()}.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Owned by whoever submitted it until the IRP carrying it completes; not thread-safe.
 */
public final class Urb {

    private int function;
    private int status;
    private int requestType;
    private int request;
    private int value;
    private int index;
    private ByteBuffer transferBuffer;
    private int transferBufferLength;
    private int transferFlags;
    private int endpoint;
    private int interfaceNumber;
    private int alternateSetting;
    private int numberOfPackets;
    private int errorCount;
    private final int[] isoOffset;
    private final int[] isoLength;
    private final int[] isoStatus;

    /** A URB for any function with room for {@code maxIsoPackets} isochronous packets. */
    public Urb(int maxIsoPackets) {
        isoOffset = new int[maxIsoPackets];
        isoLength = new int[maxIsoPackets];
        isoStatus = new int[maxIsoPackets];
    }

    public Urb() {
        this(0);
    }

    /** UsbBuildVendorRequest / a class or standard control transfer on the default pipe. */
    public Urb controlTransfer(int bmRequestType, int bRequest, int wValue, int wIndex, ByteBuffer buffer, int length) {
        function = Usb.URB_FUNCTION_CONTROL_TRANSFER;
        status = Usb.USBD_STATUS_PENDING;
        requestType = bmRequestType & 0xFF;
        request = bRequest & 0xFF;
        value = wValue & 0xFFFF;
        index = wIndex & 0xFFFF;
        transferBuffer = buffer;
        transferBufferLength = length;
        transferFlags = (bmRequestType & Usb.USB_DIR_IN) != 0 ? Usb.USBD_TRANSFER_DIRECTION_IN | Usb.USBD_SHORT_TRANSFER_OK : 0;
        return this;
    }

    /** UsbBuildGetDescriptorRequest. */
    public Urb getDescriptor(int descriptorType, int descriptorIndex, int languageId, ByteBuffer buffer, int length) {
        controlTransfer(Usb.USB_DIR_IN | Usb.USB_TYPE_STANDARD | Usb.USB_RECIP_DEVICE, Usb.USB_REQUEST_GET_DESCRIPTOR,
                (descriptorType << 8) | (descriptorIndex & 0xFF), languageId, buffer, length);
        function = Usb.URB_FUNCTION_GET_DESCRIPTOR_FROM_DEVICE;
        return this;
    }

    /** UsbBuildSelectInterfaceRequest. */
    public Urb selectInterface(int interfaceNum, int alternate) {
        reset(Usb.URB_FUNCTION_SELECT_INTERFACE);
        interfaceNumber = interfaceNum;
        alternateSetting = alternate;
        return this;
    }

    /** UsbBuildInterruptOrBulkTransferRequest (IN when the endpoint address has bit 7 set). */
    public Urb bulkTransfer(int endpointAddress, ByteBuffer buffer, int length) {
        reset(Usb.URB_FUNCTION_BULK_OR_INTERRUPT_TRANSFER);
        endpoint = endpointAddress & 0xFF;
        transferBuffer = buffer;
        transferBufferLength = length;
        transferFlags = (endpointAddress & Usb.USB_DIR_IN) != 0 ? Usb.USBD_TRANSFER_DIRECTION_IN | Usb.USBD_SHORT_TRANSFER_OK : 0;
        return this;
    }

    /**
     * An isochronous IN transfer of {@code packets} packets of {@code packetSize} bytes each, packet
     * {@code i} at offset {@code i * packetSize}.
     */
    public Urb isochTransfer(int endpointAddress, ByteBuffer buffer, int packets, int packetSize) {
        if (packets > isoOffset.length || packets < 1) {
            throw new IllegalArgumentException("packets " + packets + " outside 1.." + isoOffset.length);
        }
        reset(Usb.URB_FUNCTION_ISOCH_TRANSFER);
        endpoint = endpointAddress & 0xFF;
        transferBuffer = buffer;
        transferBufferLength = packets * packetSize;
        transferFlags = Usb.USBD_START_ISO_TRANSFER_ASAP
                | ((endpointAddress & Usb.USB_DIR_IN) != 0 ? Usb.USBD_TRANSFER_DIRECTION_IN : 0);
        numberOfPackets = packets;
        for (int i = 0; i < packets; i++) {
            isoOffset[i] = i * packetSize;
            isoLength[i] = 0;
            isoStatus[i] = Usb.USBD_STATUS_NOT_ACCESSED;
        }
        return this;
    }

    /** URB_FUNCTION_SYNC_RESET_PIPE_AND_CLEAR_STALL or URB_FUNCTION_ABORT_PIPE on {@code endpointAddress}. */
    public Urb pipeRequest(int urbFunction, int endpointAddress) {
        reset(urbFunction);
        endpoint = endpointAddress & 0xFF;
        return this;
    }

    private void reset(int urbFunction) {
        function = urbFunction;
        status = Usb.USBD_STATUS_PENDING;
        requestType = 0;
        request = 0;
        value = 0;
        index = 0;
        transferBuffer = null;
        transferBufferLength = 0;
        transferFlags = 0;
        numberOfPackets = 0;
        errorCount = 0;
    }

    public int function() {
        return function;
    }

    /** URB header Status: a USBD_STATUS_* value. */
    public int status() {
        return status;
    }

    public Urb status(int usbdStatus) {
        status = usbdStatus;
        return this;
    }

    public int requestType() {
        return requestType;
    }

    public int request() {
        return request;
    }

    public int value() {
        return value;
    }

    public int index() {
        return index;
    }

    /** Setup packet wLength: the requested transfer size of a control transfer. */
    public ByteBuffer transferBuffer() {
        return transferBuffer;
    }

    /** In: the requested length; out: the bytes transferred. */
    public int transferBufferLength() {
        return transferBufferLength;
    }

    public Urb transferBufferLength(int value) {
        transferBufferLength = value;
        return this;
    }

    public int transferFlags() {
        return transferFlags;
    }

    public int endpoint() {
        return endpoint;
    }

    public int interfaceNumber() {
        return interfaceNumber;
    }

    public int alternateSetting() {
        return alternateSetting;
    }

    public int numberOfPackets() {
        return numberOfPackets;
    }

    /** ErrorCount of an isochronous transfer: packets that ended in an error. */
    public int errorCount() {
        return errorCount;
    }

    public Urb errorCount(int value) {
        errorCount = value;
        return this;
    }

    public int isoOffset(int packet) {
        return isoOffset[packet];
    }

    /** Bytes received in packet {@code packet} (set by the bus). */
    public int isoLength(int packet) {
        return isoLength[packet];
    }

    public int isoStatus(int packet) {
        return isoStatus[packet];
    }

    /** Records the outcome of packet {@code packet}. */
    public void isoPacket(int packet, int length, int usbdStatus) {
        isoLength[packet] = length;
        isoStatus[packet] = usbdStatus;
    }

    public int maxIsoPackets() {
        return isoOffset.length;
    }

    @Override
    public String toString() {
        return String.format("URB function 0x%04X, %s, length %d", function, Usb.usbdStatusName(status), transferBufferLength);
    }
}
