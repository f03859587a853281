package ks.core.internal.pnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.IoControlCode;
import ks.api.io.IrpMajorFunction;
import ks.api.io.IrpMinorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.usb.UsbIds;
import ks.core.internal.io.Harness;

/** Bus enumeration, ID matching by the USB ladder, surprise removal, driver departure, bus removal. */
class PnpManagerTest {

    private final Harness h = new Harness();
    /** PDOs the test bus reports; each PDO's device extension is its ID list (hardware + compatible). */
    private final List<DeviceObject> present = Collections.synchronizedList(new ArrayList<>());
    private DeviceObject busFdo;
    private DriverObject bus;
    /** A device the test bus has from its DriverEntry on, before anything asks it for its children. */
    private List<String> pluggedAtEntry;

    private static final List<String> CAMERA_HW = UsbIds.hardwareIds(0x046D, 0x0825, 0x0010);
    private static final List<String> CAMERA_COMPAT = UsbIds.compatibleIds(0x0E, 0x03, 0x00);

    /** A root-enumerated bus driver: FDO answers BusRelations, PDOs answer QUERY_ID, REMOVE of an absent PDO deletes it. */
    private void loadBus() {
        bus = h.load("TestBus", (d, reg) -> {
            if (pluggedAtEntry != null) {
                try {
                    pdo(d, "early", pluggedAtEntry);
                } catch (KsStatusException e) {
                    return e.status();
                }
            }
            d.addDevice((drv, pdo) -> {
                try {
                    busFdo = h.io.createDevice(drv, null, IoControlCode.FILE_DEVICE_BUS_EXTENDER, "fdo");
                } catch (KsStatusException e) {
                    return e.status();
                }
                h.io.attachDeviceToDeviceStack(busFdo, pdo);
                busFdo.flags(busFdo.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
                return NtStatus.STATUS_SUCCESS;
            });
            d.dispatch(IrpMajorFunction.IRP_MJ_PNP, (dev, irp) -> {
                int minor = irp.currentIrpStackLocation().minorFunction();
                if ("fdo".equals(dev.deviceExtension())) {
                    if (minor == IrpMinorFunction.IRP_MN_QUERY_DEVICE_RELATIONS
                            && irp.currentIrpStackLocation().parameters().queryDeviceRelations().type() == IrpMinorFunction.BusRelations) {
                        irp.ioStatus().status(NtStatus.STATUS_SUCCESS).pointer(List.copyOf(present));
                    }
                    if (minor == IrpMinorFunction.IRP_MN_START_DEVICE || minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
                        irp.ioStatus().status(NtStatus.STATUS_SUCCESS);
                    }
                    irp.skipCurrentIrpStackLocation();
                    return h.io.callDriver(dev.attachedTo(), irp);
                }
                h.log.add("pdo " + dev.name() + " " + minor);
                @SuppressWarnings("unchecked")
                List<String> ids = (List<String>) dev.deviceExtension();
                int status = irp.ioStatus().status();
                if (minor == IrpMinorFunction.IRP_MN_QUERY_ID) {
                    int type = irp.currentIrpStackLocation().parameters().queryId().idType();
                    status = NtStatus.STATUS_SUCCESS;
                    irp.ioStatus().pointer(type == IrpMinorFunction.BusQueryHardwareIDs ? ids.subList(0, 2) : ids.subList(2, ids.size()));
                } else if (minor == IrpMinorFunction.IRP_MN_START_DEVICE || minor == IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL) {
                    status = NtStatus.STATUS_SUCCESS;
                } else if (minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
                    status = NtStatus.STATUS_SUCCESS;
                }
                irp.ioStatus().status(status);
                h.io.completeRequest(irp);
                if (minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE && !present.contains(dev)) {
                    h.io.deleteDevice(dev); // reported missing: the bus driver deletes its PDO after completing REMOVE
                }
                return status;
            });
            return NtStatus.STATUS_SUCCESS;
        }, true, List.of(), 0);
    }

    private DeviceObject plug(String name, List<String> hw, List<String> compat) throws KsStatusException {
        List<String> ids = new ArrayList<>(hw);
        ids.addAll(compat);
        DeviceObject pdo = pdo(bus, name, ids);
        h.io.invalidateDeviceRelations(busFdo);
        h.awaitPnp();
        return pdo;
    }

    /** A child PDO of the test bus with {@code ids} (hardware IDs first, two of them), reported from now on. */
    private DeviceObject pdo(DriverObject busDriver, String name, List<String> ids) throws KsStatusException {
        DeviceObject pdo = h.io.createDevice(busDriver, "\\Device\\TestBus\\" + name, IoControlCode.FILE_DEVICE_UNKNOWN, ids);
        pdo.flags((pdo.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING) | DeviceObjectFlags.DO_BUS_ENUMERATED_DEVICE);
        present.add(pdo);
        return pdo;
    }

    /** A function driver that attaches an FDO named after itself and logs what it sees. */
    private DriverObject function(String name, List<String> ids, int ranking) {
        return h.load(name, (d, reg) -> {
            d.addDevice((drv, pdo) -> {
                try {
                    DeviceObject fdo = h.io.createDevice(drv, null, IoControlCode.FILE_DEVICE_UNKNOWN, null);
                    h.io.attachDeviceToDeviceStack(fdo, pdo);
                    fdo.flags(fdo.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
                } catch (KsStatusException e) {
                    return e.status();
                }
                h.log.add(name + " add " + pdo.name());
                return NtStatus.STATUS_SUCCESS;
            });
            d.dispatch(IrpMajorFunction.IRP_MJ_PNP, (dev, irp) -> {
                int minor = irp.currentIrpStackLocation().minorFunction();
                h.log.add(name + " pnp " + minor);
                DeviceObject lower = dev.attachedTo();
                irp.skipCurrentIrpStackLocation();
                int status = h.io.callDriver(lower, irp);
                if (minor == IrpMinorFunction.IRP_MN_REMOVE_DEVICE) {
                    h.io.detachDevice(lower);
                    h.io.deleteDevice(dev);
                }
                return status;
            });
            return NtStatus.STATUS_SUCCESS;
        }, false, ids, ranking);
    }

    private static String functionOf(DeviceObject pdo) {
        DeviceObject top = pdo.topOfStack();
        return top == pdo ? null : top.driverObject().driverName();
    }

    @Test
    void theFunctionDriverIsKnownWithALowerFilterBetweenItAndTheBus() throws Exception {
        loadBus();
        DriverObject camera = function("Camera", CAMERA_COMPAT, 0);
        function("LowerFilter", List.of(), 0);
        h.io.setFilter("lower", "LowerFilter", List.of("USB\\Class_0E*"), false, 0);
        DeviceObject pdo = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        DeviceObject top = pdo.topOfStack();
        assertEquals("\\Driver\\Camera", top.driverObject().driverName());
        assertEquals("\\Driver\\LowerFilter", top.attachedTo().driverObject().driverName(), "the filter sits right above the PDO");
        assertTrue(camera == h.io.functionDriver(pdo) && camera == h.io.functionDriver(top) && camera == h.io.functionDriver(top.attachedTo()));
        assertNull(h.io.functionDriver(busFdo), "the root-enumerated bus was not built by PnP");
        present.clear();
        h.io.invalidateDeviceRelations(busFdo);
        h.awaitPnp();
        assertNull(h.io.functionDriver(pdo), "gone with the device");
    }

    @Test
    void theMostSpecificIdWinsOverTheClassDriver() throws Exception {
        loadBus();
        function("ClassDriver", List.of("USB\\Class_0E"), 0);
        function("VendorDriver", List.of("usb\\vid_046d&pid_0825"), 0);
        DeviceObject camera = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        DeviceObject other = plug("other", UsbIds.hardwareIds(0x1234, 0x5678, 0x0100), CAMERA_COMPAT);
        assertTrue(functionOf(camera).endsWith("VendorDriver"), functionOf(camera));
        assertTrue(functionOf(other).endsWith("ClassDriver"), functionOf(other));
        assertEquals(40, UsbIds.matchValue(CAMERA_HW.get(1)));
        assertEquals(10, UsbIds.matchValue(CAMERA_COMPAT.get(2)));
        assertTrue(h.log.contains("VendorDriver pnp " + IrpMinorFunction.IRP_MN_START_DEVICE), h.log.toString());
    }

    @Test
    void equalMatchesGoToTheHigherRanking() throws Exception {
        loadBus();
        function("Low", List.of("USB\\Class_0E&SubClass_03"), 1);
        function("High", List.of("USB\\Class_0E&SubClass_03"), 5);
        DeviceObject camera = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        assertTrue(functionOf(camera).endsWith("High"), functionOf(camera));
    }

    @Test
    void aDeviceWithoutDriverWaitsForOne() throws Exception {
        loadBus();
        DeviceObject camera = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        assertNull(functionOf(camera));
        function("ClassDriver", List.of("USB\\Class_0E"), 0);
        assertTrue(functionOf(camera).endsWith("ClassDriver"));
    }

    @Test
    void aBusReportsTheDevicesItHadBeforeItStartedWithoutAnyoneInvalidatingItsRelations() throws Exception {
        function("ClassDriver", List.of("USB\\Class_0E"), 0);
        List<String> ids = new ArrayList<>(CAMERA_HW);
        ids.addAll(CAMERA_COMPAT);
        pluggedAtEntry = ids;
        loadBus();
        h.awaitPnp();
        DeviceObject camera = h.io.findDevice("\\Device\\TestBus\\early");
        assertTrue(camera != null && !camera.isDeleted(), "the bus created its PDO in DriverEntry");
        assertEquals("\\Driver\\ClassDriver", functionOf(camera), "after the bus started, PnP asked it for its children");
        assertTrue(h.log.contains("ClassDriver pnp " + IrpMinorFunction.IRP_MN_START_DEVICE), h.log.toString());
    }

    @Test
    void unplugSendsSurpriseRemovalThenRemoveAndTheBusDeletesThePdo() throws Exception {
        loadBus();
        function("ClassDriver", List.of("USB\\Class_0E"), 0);
        DeviceObject camera = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        h.log.clear();
        present.remove(camera);
        h.io.invalidateDeviceRelations(busFdo);
        h.awaitPnp();
        assertEquals(List.of("ClassDriver pnp " + IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL,
                "pdo \\Device\\TestBus\\cam " + IrpMinorFunction.IRP_MN_SURPRISE_REMOVAL,
                "ClassDriver pnp " + IrpMinorFunction.IRP_MN_REMOVE_DEVICE,
                "pdo \\Device\\TestBus\\cam " + IrpMinorFunction.IRP_MN_REMOVE_DEVICE), h.log);
        assertTrue(camera.isDeleted());
        assertNull(h.io.findDevice("\\Device\\TestBus\\cam"));
        h.assertNoLeaks();
    }

    @Test
    void aLeavingDriverHandsItsDevicesToTheNextBestOne() throws Exception {
        loadBus();
        function("ClassDriver", List.of("USB\\Class_0E"), 0);
        DriverObject vendor = function("VendorDriver", List.of(CAMERA_HW.get(0)), 0);
        DeviceObject camera = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        assertTrue(functionOf(camera).endsWith("VendorDriver"));
        h.unload(vendor);
        assertTrue(functionOf(camera).endsWith("ClassDriver"), String.valueOf(functionOf(camera)));
        assertTrue(!camera.isDeleted());
    }

    @Test
    void removingTheBusRemovesItsChildrenFirst() throws Exception {
        loadBus();
        function("ClassDriver", List.of("USB\\Class_0E"), 0);
        DeviceObject camera = plug("cam", CAMERA_HW, CAMERA_COMPAT);
        present.clear(); // the bus going away takes its devices with it
        h.unload(bus);
        assertTrue(camera.isDeleted());
        assertTrue(h.log.contains("ClassDriver pnp " + IrpMinorFunction.IRP_MN_REMOVE_DEVICE), h.log.toString());
        h.assertNoLeaks();
    }
}
