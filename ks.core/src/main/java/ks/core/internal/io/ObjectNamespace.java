package ks.core.internal.io;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.FileObject;
import ks.api.io.FileObjectFlags;
import ks.api.io.IoControlCode;
import ks.api.io.IrpFlags;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.core.internal.diagnostics.Verifier;
import ks.core.internal.fastio.FastIoRouter;

/**
 * The object namespace: driver objects, device objects and their names, device stacks, and file
 * objects with their create / cleanup / close requests.
 *
 * <h2>Threading</h2>
 * The namespace and device tree are guarded by {@code treeLock}; lookups read concurrent
 * collections without it.
 */
final class ObjectNamespace {

    private final Object treeLock = new Object();
    private final Map<String, DeviceObject> namespace = new ConcurrentHashMap<>();
    private final List<DeviceObject> devices = new CopyOnWriteArrayList<>();
    private final List<DriverObject> drivers = new CopyOnWriteArrayList<>();
    private final IoManagerImpl io;
    private final Verifier verifier;
    private final FastIoRouter fastIo;
    private final DeviceInterfaces interfaces;
    private final SynchronousRequests requests;

    ObjectNamespace(IoManagerImpl io, Verifier verifier, FastIoRouter fastIo, DeviceInterfaces interfaces,
            SynchronousRequests requests) {
        this.io = io;
        this.verifier = verifier;
        this.fastIo = fastIo;
        this.interfaces = interfaces;
        this.requests = requests;
    }

    /** Creates and registers a driver object (the loader then calls the driver's DriverEntry). */
    public DriverObject createDriverObject(String name) {
        DriverObject d = new LoadedDriver(name.startsWith("\\") ? name : "\\Driver\\" + name, io).object();
        d.fastIoDispatch(fastIo); // DriverEntry may replace it with the driver's own table
        drivers.add(d);
        return d;
    }

    /** Forgets a driver object whose devices are gone. */
    public void removeDriverObject(DriverObject driverObject) {
        drivers.remove(driverObject);
    }

    /** Whether the driver is loaded and not being unloaded. */
    boolean isLoaded(DriverObject driverObject) {
        return drivers.contains(driverObject);
    }

    public List<DriverObject> driverObjects() {
        return List.copyOf(drivers);
    }

    // ------------------------------------------------------------------ devices

    public DeviceObject createDevice(DriverObject driverObject, String name, int deviceType, Object deviceExtension)
            throws KsStatusException {
        DeviceObject d = new DeviceObject(driverObject, name, deviceType, deviceExtension);
        synchronized (treeLock) {
            if (name != null) {
                if (namespace.putIfAbsent(name, d) != null) {
                    throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_COLLISION, "create device " + name);
                }
            }
            devices.add(d);
            driverObject.deviceObjects().add(d);
        }
        return d;
    }

    public void deleteDevice(DeviceObject deviceObject) {
        if (verifier.enabled() && deviceObject.outstandingIrps() > 0) {
            // a request completed past the device may still be in its originator's completion on
            // another thread (e.g. a read failed with STATUS_DEVICE_REMOVED while the device goes)
            List<String> held = verifier.heldBy(deviceObject, TimeUnit.SECONDS.toNanos(1));
            if (!held.isEmpty()) {
                verifier.fail("IRPS_OUTSTANDING_ON_DELETED_DEVICE", "device " + deviceObject + " of "
                        + deviceObject.driverObject() + " deleted with IRPs outstanding: " + held);
            }
        }
        synchronized (treeLock) {
            if (deviceObject.name() != null) {
                namespace.remove(deviceObject.name(), deviceObject);
            }
            devices.remove(deviceObject);
            deviceObject.driverObject().deviceObjects().remove(deviceObject);
            deviceObject.markDeleted();
        }
        fastIo.forget(deviceObject);
        interfaces.deviceDeleted(deviceObject);
    }

    public DeviceObject attachDeviceToDeviceStack(DeviceObject source, DeviceObject target) {
        synchronized (treeLock) {
            DeviceObject top = target.topOfStack();
            source.setStackSize(top.stackSize() + 1);
            source.setAttachedTo(top);
            top.setAttachedDevice(source);
            return top;
        }
    }

    public void detachDevice(DeviceObject lowerDevice) {
        synchronized (treeLock) {
            DeviceObject up = lowerDevice.attachedDevice();
            lowerDevice.setAttachedDevice(null);
            if (up != null) {
                up.setAttachedTo(null);
            }
        }
    }

    public DeviceObject findDevice(String name) {
        return namespace.get(name);
    }

    public List<DeviceObject> deviceObjects() {
        return List.copyOf(devices);
    }

    public DeviceObject getRelatedDeviceObject(FileObject fileObject) {
        return fileObject.deviceObject().topOfStack();
    }

    // ------------------------------------------------------------------ file objects

    public FileObject createFile(String name, FileObject relatedFileObject, int desiredAccess, ByteBuffer createParameters,
            int fileFlags) throws KsStatusException {
        DeviceObject device;
        String remainder;
        if (relatedFileObject != null) {
            device = relatedFileObject.deviceObject();
            remainder = name == null ? "" : name;
        } else {
            if (name == null) {
                throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "open (no name)");
            }
            DeviceInterfaces.Resolved link = interfaces.resolve(name);
            device = link == null ? null : link.device();
            remainder = link == null ? "" : link.remainder();
            if (link == null) {
                for (Map.Entry<String, DeviceObject> e : namespace.entrySet()) {
                    String n = e.getKey();
                    if ((name.equals(n) || name.startsWith(n + "\\")) && (device == null || n.length() > device.name().length())) {
                        device = e.getValue();
                        remainder = name.length() > n.length() ? name.substring(n.length() + 1) : "";
                    }
                }
            }
            if (device == null) {
                throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "open " + name);
            }
        }
        if (device.isDeleted() || (device.flags() & DeviceObjectFlags.DO_DEVICE_INITIALIZING) != 0) {
            throw new KsStatusException(NtStatus.STATUS_NO_SUCH_DEVICE, "open " + name);
        }
        FileObject fo = new FileObject(device, remainder, relatedFileObject, createParameters, fileFlags);
        fo.grantAccess((desiredAccess & IoControlCode.FILE_READ_ACCESS) != 0, (desiredAccess & IoControlCode.FILE_WRITE_ACCESS) != 0);
        fo.openedThrough(getRelatedDeviceObject(fo));
        int status = sendFileRequest(fo, IrpMajorFunction.IRP_MJ_CREATE, IrpFlags.IRP_CREATE_OPERATION);
        if (!NtStatus.NT_SUCCESS(status)) {
            throw new KsStatusException(status, "open " + (name == null ? fo.toString() : name));
        }
        fo.flags(fo.flags() | FileObjectFlags.FO_HANDLE_CREATED);
        return fo;
    }

    /** Handles given out (handleOf), by value and by file object; a closed file's handle goes. */
    private final java.util.Map<Long, FileObject> handles = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<FileObject, Long> handleOfFile = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextHandle = new java.util.concurrent.atomic.AtomicLong(0x100);

    public long handleOf(FileObject fileObject) {
        if ((fileObject.flags() & FileObjectFlags.FO_CLEANUP_COMPLETE) != 0) {
            throw new IllegalStateException("file object " + fileObject + " is closed: it has no handle");
        }
        return handleOfFile.computeIfAbsent(fileObject, f -> {
            long h = nextHandle.getAndAdd(4); // as NT's, multiples of 4
            handles.put(h, f);
            return h;
        });
    }

    public FileObject referenceObjectByHandle(long handle) {
        FileObject f = handles.get(handle);
        return f == null || (f.flags() & FileObjectFlags.FO_CLEANUP_COMPLETE) != 0 ? null : f;
    }

    public void closeFile(FileObject fileObject) {
        if ((fileObject.flags() & FileObjectFlags.FO_CLEANUP_COMPLETE) != 0) {
            throw new IllegalStateException("file object " + fileObject + " closed twice");
        }
        Long handle = handleOfFile.remove(fileObject);
        if (handle != null) {
            handles.remove(handle);
        }
        sendFileRequest(fileObject, IrpMajorFunction.IRP_MJ_CLEANUP, IrpFlags.IRP_CLOSE_OPERATION);
        fileObject.flags(fileObject.flags() | FileObjectFlags.FO_CLEANUP_COMPLETE);
        dereferenceFileObject(fileObject);
    }

    /** Drops one reference; the last one sends IRP_MJ_CLOSE. */
    void dereferenceFileObject(FileObject fileObject) {
        int left = fileObject.references().decrementAndGet();
        if (left == 0) {
            sendFileRequest(fileObject, IrpMajorFunction.IRP_MJ_CLOSE, IrpFlags.IRP_CLOSE_OPERATION);
        } else if (left < 0) {
            throw new IllegalStateException("file object " + fileObject + " dereferenced below zero");
        }
    }

    /** Sends a create/cleanup/close IRP to the top of the file's stack and waits for it. */
    private int sendFileRequest(FileObject fo, int majorFunction, int irpFlags) {
        return requests.sendSynchronous(getRelatedDeviceObject(fo), fo, majorFunction, 0, irpFlags, 0);
    }
}
