/**
 * USB requests as a function driver sends them to the USB bus device below it: URBs carried in
 * IRP_MJ_INTERNAL_DEVICE_CONTROL / IOCTL_INTERNAL_USB_SUBMIT_URB, the USBD_STATUS codes, and the
 * hardware and compatible IDs a USB device is matched by.
 */
@Export
@Version("1.0.0")
package ks.api.usb;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
