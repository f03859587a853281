package ks.core.internal.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import ks.api.io.DeviceObject;
import ks.api.io.DeviceObjectFlags;
import ks.api.io.DriverObject;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.core.internal.io.IoManagerImpl;

/**
 * IRPs a driver drops without completing them are found by the garbage collector and reported with
 * what is known of them; IRPs given back are never reported; nothing is tracked when detection is off.
 */
class LeakDetectionTest {

    /** The verifier off: it would hold every IRP sent and keep a lost one reachable. */
    final IoManagerImpl io = new IoManagerImpl(false);

    /** A device whose driver marks every IRP pending and forgets it. */
    DeviceObject forgetful(String name) throws KsStatusException {
        DriverObject d = io.createDriverObject(name);
        for (int i = 0; i < IrpMajorFunction.COUNT; i++) {
            d.dispatch(i, (dev, irp) -> {
                irp.markIrpPending();
                return NtStatus.STATUS_PENDING;
            });
        }
        DeviceObject dev = io.createDevice(d, "\\Device\\" + name, 0, null);
        dev.flags(dev.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
        return dev;
    }

    /** A filter that forwards everything to the device below. */
    DeviceObject forwarder(String name, DeviceObject below) throws KsStatusException {
        DriverObject d = io.createDriverObject(name);
        for (int i = 0; i < IrpMajorFunction.COUNT; i++) {
            d.dispatch(i, (dev, irp) -> {
                irp.skipCurrentIrpStackLocation();
                return io.callDriver(dev.attachedTo(), irp);
            });
        }
        DeviceObject dev = io.createDevice(d, "\\Device\\" + name, 0, null);
        io.attachDeviceToDeviceStack(dev, below);
        dev.flags(dev.flags() & ~DeviceObjectFlags.DO_DEVICE_INITIALIZING);
        return dev;
    }

    /** Sends a read the driver loses; nothing outside keeps the IRP. */
    void sendAndDrop(DeviceObject top) {
        Irp irp = io.allocateIrp(top.stackSize());
        irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_READ);
        assertEquals(NtStatus.STATUS_PENDING, io.callDriver(top, irp));
    }

    /** Collects until {@code n} losses are reported or 20 s pass. */
    List<String> awaitLost(int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (io.lostIrps().size() < n && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(20);
        }
        return io.lostIrps();
    }

    @Test
    void aDroppedIrpIsReportedWithItsThreadAndNoLongerCountsAsOutstanding() throws Exception {
        io.leakDetection("simple");
        DeviceObject dev = forgetful("Forgetful");
        sendAndDrop(dev);
        assertEquals(1, io.outstandingIrps());

        List<String> lost = awaitLost(1);
        assertEquals(1, lost.size(), "one loss reported: " + lost);
        String report = lost.get(0);
        assertTrue(report.startsWith("LEAK: IRP with 1 stack location"), report);
        assertTrue(report.contains("thread '" + Thread.currentThread().getName() + "'"), report);
        assertTrue(!report.contains("\n    at "), "no stack at simple: " + report);
        assertEquals(0, io.outstandingIrps(), "the lost IRP's count is given back");
    }

    @Test
    void paranoidNamesTheAllocationSiteAndEveryDeviceTheIrpPassed() throws Exception {
        io.leakDetection("paranoid");
        DeviceObject top = forwarder("Upper", forgetful("Lower"));
        sendAndDrop(top);

        String report = awaitLost(1).get(0);
        assertTrue(report.contains("IRP with 2 stack locations"), report);
        assertTrue(report.contains("sent to \\Device\\Upper → \\Device\\Lower"), report);
        assertTrue(report.contains("at " + LeakDetectionTest.class.getName() + ".sendAndDrop("), report);
        assertTrue(!report.contains("IrpPool.allocate"), "the pool's own frames are left out: " + report);
    }

    @Test
    void irpsGivenBackAreNeverReportedWhileADroppedOneIs() throws Exception {
        io.leakDetection("simple");
        DeviceObject dev = forgetful("Mixed");
        for (int i = 0; i < 1000; i++) {
            io.freeIrp(io.allocateIrp(1));
        }
        sendAndDrop(dev);
        List<String> lost = awaitLost(1);
        Thread.sleep(200);
        System.gc();
        Thread.sleep(200);
        assertEquals(1, io.lostIrps().size(), "only the dropped IRP: " + io.lostIrps());
        assertEquals(1, lost.size());
        assertEquals(0, io.outstandingIrps());
    }

    @Test
    void anIrpHeldTooLongIsListedOldestFirst() throws Exception {
        io.leakDetection("simple");
        Irp first = io.allocateIrp(1);
        Thread.sleep(60);
        Irp second = io.allocateIrp(3);
        Thread.sleep(60);
        Irp fresh = io.allocateIrp(2);

        List<String> held = io.irpsHeldLongerThan(Duration.ofMillis(50));
        assertEquals(2, held.size(), held.toString());
        assertTrue(held.get(0).startsWith("HELD ") && held.get(0).contains("1 stack location"), held.toString());
        assertTrue(held.get(1).contains("3 stack locations"), held.toString());
        io.freeIrp(first);
        assertEquals(1, io.irpsHeldLongerThan(Duration.ofMillis(50)).size());
        io.freeIrp(second);
        io.freeIrp(fresh);
        assertEquals(List.of(), io.irpsHeldLongerThan(Duration.ZERO));
    }

    @Test
    void offTracksNothingAndTheLevelIsNamed() throws Exception {
        assertEquals("off", io.leakDetection());
        Irp held = io.allocateIrp(1);
        assertEquals(0, io.leaks().trackedCount());
        assertEquals(List.of(), io.irpsHeldLongerThan(Duration.ZERO));
        io.leakDetection("Paranoid");
        assertEquals("paranoid", io.leakDetection());
        Irp tracked = io.allocateIrp(1);
        assertEquals(1, io.leaks().trackedCount());
        io.freeIrp(held);
        io.freeIrp(tracked);
        assertEquals(0, io.leaks().trackedCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> io.leakDetection("full"));
        assertTrue(e.getMessage().contains("'full'") && e.getMessage().contains("paranoid"), e.getMessage());
    }
}
