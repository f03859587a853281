package ks.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoControlCode;
import ks.api.io.IoManager;
import ks.api.io.IoStatusBlock;
import ks.api.io.KEvent;
import ks.api.io.KProcessorMode;
import ks.api.io.NtStatus;
import ks.api.ks.KsCompletionInvocation;
import ks.api.ks.KsStreamFlags;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsStreamIo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * ks.core in a real Felix with SCR: the I/O manager and KsStreamIo services, a DS driver bundle
 * (ks.examples.echo) loaded through the whiteboard, a file object opened on its device, and an
 * asynchronous KsStreamIo read completed from the driver's thread.
 */
class IoManagerInFrameworkIT {

    final BundleContext ctx = FrameworkUtil.getBundle(IoManagerInFrameworkIT.class).getBundleContext();
    ServiceTracker<IoManager, IoManager> ioTracker;
    ServiceTracker<KsStreamIo, KsStreamIo> ksTracker;
    IoManager io;
    KsStreamIo ks;

    @BeforeEach
    void services() throws Exception {
        ioTracker = new ServiceTracker<>(ctx, IoManager.class, null);
        ksTracker = new ServiceTracker<>(ctx, KsStreamIo.class, null);
        ioTracker.open();
        ksTracker.open();
        io = ioTracker.waitForService(10_000);
        ks = ksTracker.waitForService(10_000);
        assertNotNull(io, "IoManager service");
        assertNotNull(ks, "KsStreamIo service");
    }

    @AfterEach
    void close() {
        ioTracker.close();
        ksTracker.close();
    }

    DeviceObject awaitDevice(String name, boolean present) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        DeviceObject d;
        while (((d = io.findDevice(name)) != null) != present && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return d;
    }

    Bundle bundle(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    @Test
    void shouldRunInFelixWithTheVerifierAndTheNullDevice() throws Exception {
        assertEquals("org.apache.felix.framework", ctx.getBundle(0).getSymbolicName());
        assertTrue(io.verifierEnabled());
        FileObject nul = io.createFile("\\Device\\Null", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        assertEquals("\\Device\\Null", nul.deviceObject().name());
        io.closeFile(nul);
    }

    @Test
    void shouldCallDriverEntryAndAddDeviceForADriverRegisteredThroughDs() throws Exception {
        DeviceObject echo = awaitDevice("\\Device\\KsEcho", true);
        assertNotNull(echo, "AddDevice created \\Device\\KsEcho");
        assertEquals("\\Driver\\KsEcho", echo.driverObject().driverName());
        DeviceObject pdo = echo.attachedTo();
        assertNotNull(pdo, "attached over its root-enumerated PDO");
        assertEquals("\\Driver\\PnpManager", pdo.driverObject().driverName());
        assertEquals(2, echo.stackSize());
        assertTrue(io.driverObjects().contains(echo.driverObject()));
    }

    @Test
    void shouldCompleteAnAsynchronousReadFromTheDriversThread() throws Exception {
        awaitDevice("\\Device\\KsEcho", true);
        FileObject pin = io.createFile("\\Device\\KsEcho", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        KsStreamHeader[] headers = {new KsStreamHeader(ByteBuffer.allocate(256))};
        IoStatusBlock iosb = new IoStatusBlock(-1, -1);
        KEvent event = new KEvent();
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        int status = ks.ksStreamIo(pin, event, null, (dev, irp, c) -> {
            completedOn.set(Thread.currentThread());
            return NtStatus.STATUS_SUCCESS;
        }, null, KsCompletionInvocation.KsInvokeOnSuccess, iosb, headers, KsStreamHeader.SIZEOF,
                KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode);
        assertEquals(NtStatus.STATUS_PENDING, status);
        assertTrue(event.await(5, TimeUnit.SECONDS), "event signalled at final completion");
        assertEquals(NtStatus.STATUS_SUCCESS, iosb.status());
        assertEquals(KsStreamHeader.SIZEOF, iosb.information());
        assertNotSame(Thread.currentThread(), completedOn.get());
        assertEquals("ks-echo-clock", completedOn.get().getName());
        KsStreamHeader h = headers[0];
        assertEquals(256, h.dataUsed());
        assertTrue(h.hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID));
        assertEquals((byte) h.presentationTime(), h.data().get(255), "frame bytes carry the sequence number");
        io.closeFile(pin);
    }

    @Test
    void shouldCompletePendingReadsWithDeviceRemovedWhenTheDriverBundleStops() throws Exception {
        awaitDevice("\\Device\\KsEcho", true);
        Bundle echo = bundle("ks.examples.echo");
        FileObject pin = io.createFile("\\Device\\KsEcho", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        int n = 300; // the driver completes one read per millisecond, so most are still queued at the stop
        KEvent[] events = new KEvent[n];
        IoStatusBlock[] results = new IoStatusBlock[n];
        for (int i = 0; i < n; i++) {
            events[i] = new KEvent();
            results[i] = new IoStatusBlock();
            KsStreamHeader[] headers = {new KsStreamHeader(ByteBuffer.allocate(16))};
            assertEquals(NtStatus.STATUS_PENDING, ks.ksStreamIo(pin, events[i], null, null, null, 0, results[i], headers,
                    KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode));
        }
        echo.stop();
        int removed = 0;
        try {
            for (int i = 0; i < n; i++) {
                assertTrue(events[i].await(5, TimeUnit.SECONDS), "read " + i + " completed");
                int s = results[i].status();
                assertTrue(s == NtStatus.STATUS_SUCCESS || s == NtStatus.STATUS_DEVICE_REMOVED, NtStatus.toString(s));
                removed += s == NtStatus.STATUS_DEVICE_REMOVED ? 1 : 0;
            }
            assertTrue(removed > 0, "queued reads were completed with STATUS_DEVICE_REMOVED");
            assertNull(awaitDevice("\\Device\\KsEcho", false), "the device disappears with its driver");
            assertTrue(io.driverObjects().stream().noneMatch(d -> d.driverName().equals("\\Driver\\KsEcho")));
            io.closeFile(pin);
        } finally {
            echo.start();
        }
        assertNotNull(awaitDevice("\\Device\\KsEcho", true), "the device comes back when the bundle restarts");
        FileObject again = io.createFile("\\Device\\KsEcho", null, IoControlCode.FILE_READ_ACCESS, null, 0);
        KEvent event = new KEvent();
        IoStatusBlock iosb = new IoStatusBlock();
        KsStreamHeader[] headers = {new KsStreamHeader(ByteBuffer.allocate(16))};
        assertEquals(NtStatus.STATUS_PENDING, ks.ksStreamIo(again, event, null, null, null, 0, iosb, headers,
                KsStreamHeader.SIZEOF, KsStreamFlags.KSSTREAM_READ, KProcessorMode.KernelMode));
        assertTrue(event.await(5, TimeUnit.SECONDS));
        assertEquals(NtStatus.STATUS_SUCCESS, iosb.status());
        io.closeFile(again);
        assertTrue(io.verifierViolations().isEmpty(), io.verifierViolations().toString());
    }
}
