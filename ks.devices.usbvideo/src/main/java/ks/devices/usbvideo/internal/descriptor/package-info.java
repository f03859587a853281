/**
 * UVC descriptor parsing: the whole configuration descriptor walked as a flat list of records
 * into video functions, entities, streaming interfaces, formats, frames and endpoints, with every
 * field bounds-checked (uvc.md §1).
 */
package ks.devices.usbvideo.internal.descriptor;
