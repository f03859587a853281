package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ks.api.io.DeviceObject;
import ks.api.io.DriverObject;
import ks.core.internal.io.IoManagerImpl;

import org.junit.jupiter.api.Test;

class DeviceTreeTest {

    @Test
    void shouldPrintEachStackBottomFirstWithDriversAndStackSizes() throws Exception {
        IoManagerImpl io = new IoManagerImpl(true);
        DriverObject bus = io.createDriverObject("Bus");
        DriverObject fn = io.createDriverObject("Function");
        DeviceObject pdo = io.createDevice(bus, "\\Device\\Pdo0", 0, null);
        DeviceObject fdo = io.createDevice(fn, null, 0, null);
        io.attachDeviceToDeviceStack(fdo, pdo);
        String text = DeviceTree.text(io);
        assertEquals("Drivers (2)\n  \\Driver\\Bus\n  \\Driver\\Function\n"
                + "Device stacks (1, bottom device first)\n"
                + "  \\Device\\Pdo0  [\\Driver\\Bus, StackSize 1]\n"
                + "    (unnamed)  [\\Driver\\Function, StackSize 2]\n"
                + "Device interfaces (0)\n"
                + "Video capture devices (0, by the index describe and --device take)\n", text);
        assertEquals("{\"drivers\":[\"\\\\Driver\\\\Bus\",\"\\\\Driver\\\\Function\"],\"stacks\":[[{\"name\":\"\\\\Device\\\\Pdo0\","
                + "\"driver\":\"\\\\Driver\\\\Bus\",\"stackSize\":1},{\"name\":null,\"driver\":\"\\\\Driver\\\\Function\",\"stackSize\":2}]],\"interfaces\":[],\"captureDevices\":[],\"renderDevices\":[]}",
                DeviceTree.json(io));
    }

    @Test
    void shouldListEnabledInterfacesWithTheirCategoryNameAndLink() throws Exception {
        IoManagerImpl io = new IoManagerImpl(true);
        DriverObject bus = io.createDriverObject("Bus");
        DeviceObject pdo = io.createDevice(bus, "\\Device\\Cam\\0", 0, null);
        String link = io.registerDeviceInterface(pdo, java.util.UUID.fromString("65E8773D-8F56-11D0-A3B9-00A0C9223196"), "global",
                java.util.Map.of(ks.api.io.DeviceInterface.FRIENDLY_NAME, "A \"quoted\" camera"));
        assertTrue(DeviceTree.text(io).contains("Device interfaces (0)\n"), "registered but not enabled");
        io.setDeviceInterfaceState(link, true);
        assertEquals("\\??\\Cam#0#{65E8773D-8F56-11D0-A3B9-00A0C9223196}\\global", link);
        assertTrue(DeviceTree.text(io).contains("Device interfaces (1)\n  A \"quoted\" camera  [KSCATEGORY_CAPTURE]\n    " + link + "\n"));
        assertTrue(DeviceTree.json(io).endsWith("\"interfaces\":[{\"class\":\"KSCATEGORY_CAPTURE\",\"friendlyName\":\"A \\\"quoted\\\" camera\","
                + "\"symbolicLink\":\"\\\\??\\\\Cam#0#{65E8773D-8F56-11D0-A3B9-00A0C9223196}\\\\global\",\"device\":\"\\\\Device\\\\Cam\\\\0\"}],"
                + "\"captureDevices\":[],\"renderDevices\":[]}"),
                DeviceTree.json(io));
    }

    @Test
    void shouldRejectUnknownCommandsAndOptionsWithUsageExitCode() {
        KsCommands commands = new KsCommands(new IoManagerImpl(false), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, CommandRunner.run(commands, "frobnicate", new String[0], o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
        assertEquals(2, CommandRunner.run(commands, "devices", new String[] {"--yaml"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --yaml"));
        assertEquals(0, CommandRunner.run(commands, "devices", new String[] {"--json"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"drivers\":[]"));
        assertEquals(2, CommandRunner.run(commands, "capture", new String[] {"--frames", "0"}, o, e));
        assertEquals(2, CommandRunner.run(commands, "capture", new String[] {"--size", "640"}, o, e));
        assertEquals(2, CommandRunner.run(commands, "capture", new String[] {"--fps"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--fps needs a value"));
        assertEquals(3, CommandRunner.run(commands, "capture", new String[0], o, e), "no camera: no device, not a usage error");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ks capture: no video capture device"));
    }
}
