/**
 * The USB Video Class function driver, the virtual UVC camera and the libusb transport. Empty
 * until the UVC driver is built; the bundle exists so the workspace layout is complete.
 */
package ks.devices.usbvideo.internal;
