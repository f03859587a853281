/**
 * Real USB cameras through libusb (usb4java): enumeration and hotplug of video-class devices, each
 * offered to the USB bus driver as a {@code UsbDeviceBackend}.
 */
package ks.devices.usbvideo.internal.libusb;
