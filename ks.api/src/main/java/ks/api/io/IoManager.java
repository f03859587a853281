package ks.api.io;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The I/O manager: device objects and stacks, the object namespace, IRP allocation, sending and
 * completing requests, and cancellation. The {@code Io...} routines of wdm.h become its methods.
 *
 * <p>One instance is registered as an OSGi service by ks.core; drivers reach it through
 * {@link DriverObject#ioManager()}.
 */
@ProviderType
public interface IoManager {

    // ---- devices and the namespace ----

    /**
     * IoCreateDevice. The new device has DO_DEVICE_INITIALIZING set; the driver clears it when it
     * is ready for requests.
     *
     * @param name a name such as {@code \Device\Null}, or null for an unnamed device
     * @throws KsStatusException STATUS_OBJECT_NAME_COLLISION if the name is taken
     */
    DeviceObject createDevice(DriverObject driverObject, String name, int deviceType, Object deviceExtension)
            throws KsStatusException;

    /**
     * IoDeleteDevice. Detaches nothing by itself: detach first. Under the verifier, deleting a
     * device that still has IRPs outstanding fails fast.
     */
    void deleteDevice(DeviceObject deviceObject);

    /**
     * IoAttachDeviceToDeviceStack: attaches {@code source} on top of the stack that {@code target}
     * belongs to; the source's StackSize becomes the top's plus one.
     *
     * @return the device attached to (the former top of the stack)
     */
    DeviceObject attachDeviceToDeviceStack(DeviceObject source, DeviceObject target);

    /** IoDetachDevice: detaches whatever is attached on top of {@code lowerDevice}. */
    void detachDevice(DeviceObject lowerDevice);

    /** Looks a named device up in the namespace; null if there is none. */
    DeviceObject findDevice(String name);

    /** Every device object alive, in creation order. */
    List<DeviceObject> deviceObjects();

    /** Every loaded driver, in load order. */
    List<DriverObject> driverObjects();

    /** IoGetRelatedDeviceObject: the top of the stack of the file object's device. */
    DeviceObject getRelatedDeviceObject(FileObject fileObject);

    // ---- Plug and Play ----

    /**
     * IoInvalidateDeviceRelations(BusRelations): a bus driver tells the PnP manager its children
     * changed. On the PnP manager's own thread, soon after the call, {@code device}'s stack gets
     * IRP_MN_QUERY_DEVICE_RELATIONS (BusRelations) and must answer the children's PDOs as a
     * {@code List<DeviceObject>} in {@link IoStatusBlock#pointer(Object)}. Each new child is asked
     * IRP_MN_QUERY_ID (BusQueryHardwareIDs, BusQueryCompatibleIDs; a {@code List<String>}, most
     * specific first), given to the {@link KsDriver} whose {@value KsDriver#IDS} property lists the
     * earliest of those IDs (ties: higher service ranking), and started; a child no longer listed
     * gets SURPRISE_REMOVAL and REMOVE_DEVICE, after which its bus driver deletes the PDO.
     */
    void invalidateDeviceRelations(DeviceObject device);

    /**
     * The function driver the PnP manager chose for the stack {@code device} belongs to (any device
     * of the stack will do), or null for a stack it did not build (a root-enumerated device) or a
     * device with no driver yet. The drivers of the other devices above the bus PDO are filters.
     */
    DriverObject functionDriver(DeviceObject device);

    // ---- device interfaces ----

    /**
     * IoRegisterDeviceInterface: registers (disabled) an interface of class {@code interfaceClass}
     * on the physical device {@code pdo}. Registering the same triple again returns the same link.
     *
     * @param referenceString null for none; selects the object opened (a KS filter factory)
     * @param properties e.g. {@link DeviceInterface#FRIENDLY_NAME}
     * @return the symbolic link
     * @throws KsStatusException STATUS_INVALID_PARAMETER for a device without a name or a reference string containing a backslash
     */
    String registerDeviceInterface(DeviceObject pdo, UUID interfaceClass, String referenceString, Map<String, String> properties)
            throws KsStatusException;

    /**
     * IoSetDeviceInterfaceState: enabling makes the link openable, lists it in
     * {@link #deviceInterfaces} and notifies arrival; disabling the reverse. Interfaces of a deleted
     * device are disabled and forgotten with it.
     *
     * @return STATUS_SUCCESS (also when it already is in that state: nothing is notified), or
     *     STATUS_OBJECT_NAME_NOT_FOUND for an unknown link
     */
    int setDeviceInterfaceState(String symbolicLink, boolean enable);

    /** IoGetDeviceInterfaces: the enabled interfaces of a class (of every class for null), in registration order. */
    List<DeviceInterface> deviceInterfaces(UUID interfaceClass);

    /**
     * IoGetDeviceInterfaceAlias: the enabled interface of class {@code aliasClass} with the same
     * device and reference string as {@code symbolicLink}, or null.
     */
    DeviceInterface deviceInterfaceAlias(String symbolicLink, UUID aliasClass);

    /**
     * IoRegisterPlugPlayNotification for device-interface changes of one class (or every class
     * when {@code interfaceClass} is null). With {@code existing}, arrival is reported at once for
     * each interface already enabled (PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES).
     *
     * @return closing it unregisters (IoUnregisterPlugPlayNotificationEx)
     */
    AutoCloseable registerPlugPlayNotification(UUID interfaceClass, boolean existing, DeviceInterfaceListener listener);

    // ---- file objects ----

    /**
     * Opens a file object by sending IRP_MJ_CREATE to the top of the device's stack and waiting for
     * it. {@code name} is either a device name or an enabled interface's symbolic link, with an
     * optional remainder ({@code \Device\Null\anything}), or, with a related file object, a
     * name relative to it.
     *
     * @param desiredAccess {@link IoControlCode#FILE_READ_ACCESS} | {@link IoControlCode#FILE_WRITE_ACCESS}
     * @param createParameters bytes that follow the name (KSPIN_CONNECT + KSDATAFORMAT for a pin), or null
     * @param fileFlags FO_* flags, e.g. FO_SYNCHRONOUS_IO
     * @throws KsStatusException STATUS_OBJECT_NAME_NOT_FOUND for an unknown device, or the status the driver failed the create with
     */
    FileObject createFile(String name, FileObject relatedFileObject, int desiredAccess, ByteBuffer createParameters,
            int fileFlags) throws KsStatusException;

    /**
     * A synchronous device control (ZwDeviceIoControlFile, as KsSynchronousIoControlDevice uses it):
     * an IRP_MJ_DEVICE_CONTROL IRP from KernelMode with IRP_SYNCHRONOUS_API, the METHOD_NEITHER
     * buffers in place (Type3InputBuffer and UserBuffer), sent to the top of the file object's
     * stack and waited for.
     *
     * @param input the Type3InputBuffer (a ByteBuffer, or an object such as a KS event descriptor), may be null
     * @param output the UserBuffer, may be null
     * @param ioStatusBlock reset at entry; receives the status and Information unless the request
     *     failed synchronously with an error (the Windows rule)
     * @return the final status; STATUS_CANCELLED when the waiting thread is interrupted
     */
    int deviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output, int outputLength,
            IoStatusBlock ioStatusBlock);

    /** Sends IRP_MJ_CLEANUP, drops the handle's reference, and sends IRP_MJ_CLOSE when the last reference goes. */
    void closeFile(FileObject fileObject);

    // ---- IRPs ----

    /** IoAllocateIrp: an IRP with {@code stackSize} locations, or null when none can be had. */
    Irp allocateIrp(int stackSize);

    /** IoFreeIrp: returns an IRP from {@link #allocateIrp} to the pool. */
    void freeIrp(Irp irp);

    /** IoReuseIrp: reinitialises an IRP this driver allocated, with the given status. */
    void reuseIrp(Irp irp, int status);

    /**
     * IoCallDriver: moves the IRP to the next location, records the device in it and calls the
     * driver's dispatch routine for the location's major function.
     *
     * @return what the dispatch routine returned
     */
    int callDriver(DeviceObject deviceObject, Irp irp);

    /**
     * IoCompleteRequest: runs completion routines bottom-up and then final completion (status
     * block, event, completion port, file-object reference). Stops early, leaving the IRP to the
     * routine's owner, when a routine returns STATUS_MORE_PROCESSING_REQUIRED.
     */
    void completeRequest(Irp irp);

    /**
     * IoSetCompletionRoutineEx: like {@link Irp#setCompletionRoutine}, and the driver that owns
     * {@code deviceObject} stays loaded until the routine has run.
     *
     * @return STATUS_SUCCESS, or STATUS_INSUFFICIENT_RESOURCES if the driver is being unloaded
     */
    int setCompletionRoutineEx(DeviceObject deviceObject, Irp irp, IoCompletionRoutine routine, Object context,
            boolean invokeOnSuccess, boolean invokeOnError, boolean invokeOnCancel);

    /**
     * IoCancelIrp: sets Irp-&gt;Cancel and, if a cancel routine is set, clears and calls it.
     *
     * @return whether a cancel routine was called
     */
    boolean cancelIrp(Irp irp);

    /**
     * A cancel-safe queue (IoCsq) for a driver's pending IRPs, with the race between cancellation
     * and dequeuing handled once, here.
     *
     * @param completeCanceledIrp what to do with an IRP cancelled while queued; null completes it
     *     with STATUS_CANCELLED and Information 0
     */
    CancelSafeQueue createCancelSafeQueue(CancelSafeQueue.CompleteCanceledIrp completeCanceledIrp);

    /**
     * Sends a Read or Write IRP to a lower device whose maximum transfer is smaller than the
     * request: the request is carried out as a sequence of partial transfers of at most
     * {@code maxTransfer} bytes, each in its own IRP, and the original IRP is completed once, with
     * the summed Information (or the first failure's status).
     *
     * <p>Call it from a dispatch routine with the IRP's current location holding IRP_MJ_READ or
     * IRP_MJ_WRITE; the user buffer must be a {@link ByteBuffer}. Returns STATUS_PENDING when a
     * partial transfer pended (the IRP has been marked pending), else the final status.
     */
    int callDriverInPieces(DeviceObject lowerDevice, Irp irp, int maxTransfer);

    // ---- previous mode ----

    /** ExGetPreviousMode: the calling thread's previous mode ({@link KProcessorMode}). */
    int previousMode();

    /**
     * Sets the calling thread's previous mode and returns the old one; the framework boundary sets
     * UserMode for outside callers, and restores the old value when the call returns.
     */
    int exchangePreviousMode(int mode);

    // ---- verifier ----

    /** Whether the verifier checks are on (driver-rule violations fail fast with a message). */
    boolean verifierEnabled();

    /** Violations the verifier has reported since start, oldest first (also thrown when they happen). */
    List<String> verifierViolations();

    /** IRPs allocated and not yet freed (completed to the end, or freed by their owner): a leak check. */
    int outstandingIrps();

    /** IRPs allocated since start (their rate is the I/O manager's IRPs per second). */
    long irpsAllocated();

    /** The leak-detection level: {@code off}, {@code simple} or {@code paranoid}. */
    String leakDetection();

    /**
     * IRPs found lost (garbage-collected without being completed or freed) since start, as
     * reports naming the allocating thread and time and, at {@code paranoid}, the allocation's
     * stack and the devices the IRP was sent to; the latest hundred. Empty when leak detection is off.
     */
    List<String> lostIrps();

    /** IRPs allocated more than {@code age} ago and not yet given back, oldest first, as reports (leak detection on). */
    List<String> irpsHeldLongerThan(Duration age);

    /** IRPs sent and not finished, as the verifier tracks them (empty when it is off). */
    List<Irp> inFlightIrps();
}
