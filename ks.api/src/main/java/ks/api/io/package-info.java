/**
 * The WDM I/O model: IRPs, I/O stack locations, device, driver and file objects, NTSTATUS values
 * and the roles a driver implements. Names and constant values follow the Windows headers so any
 * line can be checked against Microsoft's documentation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.1.0")
package ks.api.io;
