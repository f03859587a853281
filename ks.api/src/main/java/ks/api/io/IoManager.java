package ks.api.io;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
     * A synchronous device control (ZwDeviceIoControlFile, as KsSynchronousIoControlDevice uses it)
     * from KernelMode. First the target driver's FastIoDeviceControl is offered the request with
     * Wait = TRUE and the raw buffers; when it returns true the request is finished with the status
     * it wrote into {@code ioStatusBlock}, and no IRP is built (§5.3). Otherwise an
     * IRP_MJ_DEVICE_CONTROL IRP with IRP_SYNCHRONOUS_API, the METHOD_NEITHER buffers in place
     * (Type3InputBuffer and UserBuffer), is sent to the top of the file object's stack, waited for,
     * and put on the calling thread's IRP list meanwhile.
     *
     * @param input the Type3InputBuffer (a ByteBuffer, or an object such as a KS event descriptor), may be null
     * @param output the UserBuffer, may be null
     * @param ioStatusBlock set to STATUS_PENDING at entry; final completion (or the fast routine)
     *     writes the status and Information. A request that fails synchronously with an error
     *     leaves it at STATUS_PENDING: the return value is the only report (the Windows rule), so
     *     the block never reads STATUS_SUCCESS for a request that failed
     * @return the final status; STATUS_DEVICE_REMOVED without touching the status block when the
     *     handle outlived its device; STATUS_CANCELLED when the waiting thread is interrupted (the
     *     request is cancelled then)
     */
    int deviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output, int outputLength,
            IoStatusBlock ioStatusBlock);

    /**
     * DeviceIoControl as a user-mode program calls it (NtDeviceIoControlFile with previous mode
     * UserMode): the request is refused with STATUS_ACCESS_DENIED when the code's required access
     * ({@code (code >> 14) & 3}) is not granted to the handle (§2.3); then FastIoDeviceControl is
     * offered it, then an IRP from UserMode is sent. METHOD_BUFFERED copies a {@link ByteBuffer}
     * input into a system buffer and copies Information bytes of it back to the output at
     * completion; METHOD_IN_DIRECT / OUT_DIRECT describe the output with an MDL; METHOD_NEITHER
     * passes the buffers as they are. It does not wait unless the file object is
     * FO_SYNCHRONOUS_IO.
     *
     * @param event signalled at final completion, or null (the file object's event is used)
     * @param apcRoutine queued to this thread at final completion, or null
     * @param apcContext the APC's context, or for a file object bound to a completion port the packet's ApcContext
     * @return STATUS_PENDING, or the final status
     */
    int userDeviceIoControl(FileObject fileObject, int ioControlCode, Object input, int inputLength, Object output,
            int outputLength, IoStatusBlock ioStatusBlock, KEvent event, IoApcRoutine apcRoutine, Object apcContext);

    /** Sends IRP_MJ_CLEANUP, drops the handle's reference, and sends IRP_MJ_CLOSE when the last reference goes. */
    void closeFile(FileObject fileObject);

    /**
     * The handle of an open file object, as a client passes it where a structure takes a handle
     * (KSPIN_CONNECT.PinToHandle): never 0, the same for the file object every time, and no longer
     * valid once it is closed (cleaned up).
     */
    default long handleOf(FileObject fileObject) {
        throw new UnsupportedOperationException("this I/O manager keeps no handles");
    }

    /**
     * ObReferenceObjectByHandle: the open file object {@code handle} names, or null when it names
     * none (never given out, or its file object closed): the caller's STATUS_INVALID_HANDLE.
     */
    default FileObject referenceObjectByHandle(long handle) {
        return null;
    }

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
     * IoCancelIrp: under the global cancel spin lock, sets Irp-&gt;Cancel and, if a cancel routine
     * is set, clears and calls it with the lock still held (Irp-&gt;CancelIrql records the level to
     * release it at). A routine written against the global lock releases it with
     * {@link #releaseCancelSpinLock}; for one that does not, the I/O manager releases it when the
     * routine returns.
     *
     * @return whether a cancel routine was called
     */
    boolean cancelIrp(Irp irp);

    /**
     * IoAcquireCancelSpinLock: the one global cancel lock, for drivers that guard their queues
     * with it (cancel routines run holding it). Held by one thread at a time; re-entrant.
     *
     * @return the previous IRQL, to pass to {@link #releaseCancelSpinLock}
     */
    int acquireCancelSpinLock();

    /**
     * IoReleaseCancelSpinLock.
     *
     * @param irql what {@link #acquireCancelSpinLock} returned, or {@link Irp#cancelIrql()} in a cancel routine
     * @throws KsVerifierException when the calling thread does not hold the lock
     */
    void releaseCancelSpinLock(int irql);

    /**
     * IoQueueThreadIrp: puts a request the caller built on the calling thread's IRP list and makes
     * the thread its Tail.Overlay.Thread, so {@link #cancelIo} and the thread's end cancel it;
     * final completion takes it off. The IoBuild...Request routines and the system services do it
     * themselves.
     */
    void queueThreadIrp(Irp irp);

    /**
     * CancelIo (NtCancelIoFile): cancels every request the calling thread issued on
     * {@code fileObject} that is still on its IRP list (KsStreamIo, device controls, the
     * IoBuild...Request IRPs), and waits up to {@code wait} for them to complete.
     *
     * @return STATUS_SUCCESS; STATUS_TIMEOUT when one had not completed within {@code wait}
     */
    int cancelIo(FileObject fileObject, long wait, TimeUnit unit);

    /**
     * CancelIoEx with no OVERLAPPED (NtCancelIoFileEx): cancels every request on
     * {@code fileObject}, whichever thread issued it; does not wait.
     *
     * @return STATUS_SUCCESS when there was one, STATUS_NOT_FOUND when there was none
     */
    int cancelIoEx(FileObject fileObject);

    // ---- user APCs ----

    /**
     * An alertable wait (KeWaitForSingleObject / SleepEx with Alertable = TRUE): runs the user APCs
     * queued to the calling thread, or waits for the event, or times out.
     *
     * @param event the object waited for, or null to sleep
     * @return STATUS_USER_APC when APCs ran, STATUS_SUCCESS when the event was signalled,
     *     STATUS_TIMEOUT, or STATUS_ALERTED when the thread was interrupted (the flag is kept)
     */
    int alertableWait(KEvent event, long timeout, TimeUnit unit);

    /** NtTestAlert: runs the user APCs queued to the calling thread; returns how many ran. */
    int testAlert();

    /**
     * A cancel-safe queue (IoCsq) for a driver's pending IRPs, with the race between cancellation
     * and dequeuing handled once, here.
     *
     * @param completeCanceledIrp what to do with an IRP cancelled while queued; null completes it
     *     with STATUS_CANCELLED and Information 0
     */
    default CancelSafeQueue createCancelSafeQueue(CancelSafeQueue.CompleteCanceledIrp completeCanceledIrp) {
        return createCancelSafeQueue(null, completeCanceledIrp);
    }

    /**
     * IoCsqInitializeEx: a cancel-safe queue whose insertions the driver may refuse.
     *
     * @param insertIrpEx asked before each insertion, or null to accept every one
     */
    CancelSafeQueue createCancelSafeQueue(CancelSafeQueue.InsertIrpEx insertIrpEx,
            CancelSafeQueue.CompleteCanceledIrp completeCanceledIrp);

    /**
     * Sends a Read or Write IRP to a lower device whose maximum transfer is smaller than the
     * request: the request is carried out as a sequence of partial transfers of at most
     * {@code maxTransfer} bytes, each in its own IRP, and the original IRP is completed once, with
     * the summed Information (or the first failure's status).
     *
     * <p>Call it from a dispatch routine with the IRP's current location holding IRP_MJ_READ or
     * IRP_MJ_WRITE; the user buffer must be a {@link ByteBuffer}. Returns STATUS_PENDING when a
     * partial transfer pended (the IRP has been marked pending), else, when every piece completed
     * before the call returned, the final status the IRP was completed with.
     */
    int callDriverInPieces(DeviceObject lowerDevice, Irp irp, int maxTransfer);

    // ---- IRPs a driver builds ----

    /**
     * IoBuildDeviceIoControlRequest: an IRP_MJ_DEVICE_CONTROL (or, with
     * {@code internalDeviceIoControl}, IRP_MJ_INTERNAL_DEVICE_CONTROL) request for
     * {@code deviceObject}'s stack, with the next location filled and the buffers placed by the
     * code's method: METHOD_BUFFERED copies a ByteBuffer input into a system buffer that is copied
     * back to the output at completion; METHOD_IN_DIRECT / OUT_DIRECT put the output behind an
     * MDL; METHOD_NEITHER passes Type3InputBuffer and UserBuffer. The IRP is on the calling
     * thread's list; final completion writes {@code ioStatusBlock}, signals {@code event} and frees
     * the IRP: the caller sends it with {@link #callDriver} and never frees it.
     *
     * @return the IRP, or null when none can be had
     */
    Irp buildDeviceIoControlRequest(int ioControlCode, DeviceObject deviceObject, Object inputBuffer, int inputBufferLength,
            Object outputBuffer, int outputBufferLength, boolean internalDeviceIoControl, KEvent event,
            IoStatusBlock ioStatusBlock);

    /**
     * IoBuildSynchronousFsdRequest: an IRP_MJ_READ, WRITE, FLUSH_BUFFERS or SHUTDOWN request,
     * with Length and ByteOffset in the next location and the buffer placed as the device asks
     * (DO_BUFFERED_IO: a system buffer, copied back for a read; DO_DIRECT_IO: an MDL; else the
     * UserBuffer). Queued to the calling thread, freed by the I/O manager at final completion,
     * which writes {@code ioStatusBlock} and signals {@code event}.
     *
     * @return the IRP, or null for another major function or when none can be had
     */
    Irp buildSynchronousFsdRequest(int majorFunction, DeviceObject deviceObject, ByteBuffer buffer, int length,
            long startingOffset, KEvent event, IoStatusBlock ioStatusBlock);

    /**
     * IoBuildAsynchronousFsdRequest: as {@link #buildSynchronousFsdRequest} without an event and
     * not on a thread list. The caller sets a completion routine that frees it with
     * {@link #freeIrp} and returns STATUS_MORE_PROCESSING_REQUIRED.
     */
    Irp buildAsynchronousFsdRequest(int majorFunction, DeviceObject deviceObject, ByteBuffer buffer, int length,
            long startingOffset, IoStatusBlock ioStatusBlock);

    /**
     * IoMakeAssociatedIrp: an IRP that carries part of {@code masterIrp}'s work. The caller sets
     * the master's AssociatedIrp.IrpCount with {@link #setAssociatedIrpCount} before sending
     * them. When an associated IRP completes to the end it is freed and the master's count goes
     * down; the one that brings it to zero completes the master (§4.6 step 6), with the master's
     * IoStatus as the driver left it.
     *
     * @return the IRP, or null when none can be had
     */
    Irp makeAssociatedIrp(Irp masterIrp, int stackSize);

    /** AssociatedIrp.IrpCount of a master IRP: how many associated IRPs must complete before it does. */
    void setAssociatedIrpCount(Irp masterIrp, int count);

    /**
     * IoAllocateMdl: an MDL describing {@code length} bytes of {@code buffer} from {@code offset}.
     * With an IRP it is chained there: as MdlAddress when {@code secondaryBuffer} is false, else at
     * the end of the IRP's chain.
     *
     * @return the MDL, or null when the region is not inside the buffer
     */
    Mdl allocateMdl(ByteBuffer buffer, int offset, int length, boolean secondaryBuffer, Irp irp);

    /** IoFreeMdl: unlocks the pages if they are locked and ends the MDL. */
    default void freeMdl(Mdl mdl) {
        mdl.free();
    }

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
