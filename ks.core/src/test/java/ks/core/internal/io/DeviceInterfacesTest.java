package ks.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ks.api.io.DeviceObject;
import ks.api.io.FileObject;
import ks.api.io.IoControlCode;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;

import org.junit.jupiter.api.Test;

/** IoRegisterDeviceInterface, IoSetDeviceInterfaceState, aliases, opens through links, notifications. */
class DeviceInterfacesTest {

    static final UUID CAPTURE = UUID.fromString("65E8773D-8F56-11D0-A3B9-00A0C9223196");
    static final UUID VIDEO = UUID.fromString("6994AD05-93EF-11D0-A3CC-00A0C9223196");

    final Harness h = new Harness();
    final List<String> opened = new ArrayList<>();
    final DeviceObject pdo = h.device("Cam", (dev, irp) -> {
        if (irp.currentIrpStackLocation().majorFunction() == ks.api.io.IrpMajorFunction.IRP_MJ_CREATE) {
            opened.add(irp.currentIrpStackLocation().fileObject().fileName());
        }
        irp.ioStatus().set(NtStatus.STATUS_SUCCESS, 0);
        h.io.completeRequest(irp);
        return NtStatus.STATUS_SUCCESS;
    });

    @Test
    void shouldOpenAnEnabledLinkWithTheReferenceStringAsFileName() throws Exception {
        String link = h.io.registerDeviceInterface(pdo, CAPTURE, "global", Map.of());
        assertEquals("\\??\\Cam#{65E8773D-8F56-11D0-A3B9-00A0C9223196}\\global", link);
        assertEquals(link, h.io.registerDeviceInterface(pdo, CAPTURE, "global", Map.of()), "registering again returns the same link");
        KsStatusException disabled = assertThrows(KsStatusException.class, () -> h.io.createFile(link, null, IoControlCode.FILE_READ_ACCESS, null, 0));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, disabled.status(), "a disabled interface cannot be opened");
        assertEquals(NtStatus.STATUS_SUCCESS, h.io.setDeviceInterfaceState(link, true));
        FileObject fo = h.io.createFile(link.toLowerCase(java.util.Locale.ROOT), null, IoControlCode.FILE_READ_ACCESS, null, 0);
        assertEquals(List.of("global"), opened, "links match case-insensitively; the driver sees the reference string");
        h.io.closeFile(fo);
        h.assertNoLeaks();
    }

    @Test
    void shouldFindAliasesAndNotifyArrivalAndRemoval() throws Exception {
        List<String> events = new ArrayList<>();
        AutoCloseable reg = h.io.registerPlugPlayNotification(CAPTURE, false, (arrival, di) -> events.add((arrival ? "+" : "-") + di.referenceString()));
        String capture = h.io.registerDeviceInterface(pdo, CAPTURE, "a", Map.of());
        String video = h.io.registerDeviceInterface(pdo, VIDEO, "a", Map.of());
        h.io.setDeviceInterfaceState(capture, true);
        assertNull(h.io.deviceInterfaceAlias(capture, VIDEO), "the alias is not enabled yet");
        h.io.setDeviceInterfaceState(video, true);
        assertEquals(video, h.io.deviceInterfaceAlias(capture, VIDEO).symbolicLink());
        assertEquals(NtStatus.STATUS_SUCCESS, h.io.setDeviceInterfaceState(capture, true), "enabling twice is quiet");
        assertEquals(2, h.io.deviceInterfaces(null).size());
        h.io.deleteDevice(pdo);
        assertEquals(List.of("+a", "-a"), events, "only the class asked for, and removal when the device goes");
        assertEquals(List.of(), h.io.deviceInterfaces(VIDEO));
        reg.close();
    }

    @Test
    void shouldRefuseBadRegistrationsAndUnknownLinks() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, h.io.setDeviceInterfaceState("\\??\\nothing", true));
        KsStatusException e = assertThrows(KsStatusException.class, () -> h.io.registerDeviceInterface(pdo, CAPTURE, "a\\b", Map.of()));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
    }
}
