/**
 * The USB Video Class function driver, the virtual UVC camera and the libusb transport. So far
 * only {@code descriptor} (the configuration-descriptor parser) exists.
 */
package ks.devices.usbvideo.internal;
