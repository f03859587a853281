package ks.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsVidcap;
import ks.devices.usbvideo.internal.uvc.Uvc;
import ks.devices.usbvideo.internal.virtual.DescriptorBuilder;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;
import ks.devices.usbvideo.rig.CameraRig;
import ks.gst.KsControls;

/**
 * Camera controls set by name: {@link KsControls} (the syntax of kssrc's {@code controls} and of
 * {@code --control}) and {@code ks control}, against the UVC driver and a virtual camera whose
 * control values are read back from the device itself.
 */
class ControlTest {

    private static final int PU = DescriptorBuilder.PROCESSING_UNIT;

    private final CameraRig rig = new CameraRig(true);
    private VirtualUvcCamera camera;

    @BeforeEach
    void plug() throws Exception {
        camera = rig.plug(CameraRig.spec("Control Camera", 0x0001, "1.1", "iso", true, "YUY2", "160x120", 30));
        rig.await("Control Camera");
    }

    @AfterEach
    void shutdown() {
        rig.close();
    }

    @Test
    void settingsAreReadInAnyCaseWithUnderscoresAndAutoAndMistakesNameWhatIsWrong() {
        List<KsControls.Setting> s = KsControls.parse(" brightness=-20, white_balance = auto,EXPOSURE=-7,,");
        assertEquals(3, s.size());
        assertEquals(new KsControls.Setting(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, false, -20), s.get(0));
        assertEquals(new KsControls.Setting(KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_WHITEBALANCE, true, 0), s.get(1));
        assertEquals(new KsControls.Setting(KsVidcap.PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE, false, -7), s.get(2));
        assertEquals("Brightness=-20,WhiteBalance=auto,Exposure=-7", String.join(",", s.stream().map(Object::toString).toList()));
        assertEquals(List.of(), KsControls.parse(""));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> KsControls.parse("Brigtness=5")).getMessage()
                .startsWith("no camera control 'Brigtness' (controls: Brightness, Contrast,"));
        assertEquals("Brightness takes a whole number or auto, not 'high'",
                assertThrows(IllegalArgumentException.class, () -> KsControls.parse("Brightness=high")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KsControls.parse("Brightness")).getMessage()
                .contains("write NAME=VALUE or NAME=auto"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KsControls.parse("PanTilt=1")).getMessage()
                .startsWith("no camera control 'PanTilt'"), "two values: set Pan and Tilt");
    }

    @Test
    void applySetsTheDeviceAndAManualValueTurnsAutoOff() throws Exception {
        FileObject filter = rig.client.openFilter(rig.await("Control Camera").symbolicLink());
        try {
            assertEquals(1, camera.controlValue(PU, Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL), "white balance starts automatic");
            KsControls.apply(rig.client, filter, "Control Camera", KsControls.parse("Brightness=-20,WhiteBalance=5000"));
            assertEquals(-20, (short) camera.controlValue(PU, Uvc.PU_BRIGHTNESS_CONTROL), "the device's brightness");
            assertEquals(5000, camera.controlValue(PU, Uvc.PU_WHITE_BALANCE_TEMPERATURE_CONTROL), "the device's white balance");
            assertEquals(0, camera.controlValue(PU, Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL), "a manual value turned auto off");
            KsControls.Control wb = control(filter, "WhiteBalance");
            assertEquals(5000, wb.value());
            assertEquals(false, wb.auto());

            KsControls.apply(rig.client, filter, "Control Camera", KsControls.parse("WhiteBalance=auto"));
            assertEquals(1, camera.controlValue(PU, Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL), "auto on again");
            assertTrue(control(filter, "WhiteBalance").auto());
        } finally {
            rig.io.closeFile(filter);
        }
        assertEquals(List.of(), rig.io.verifierViolations());
    }

    @Test
    void aMistakeInAnySettingChangesNothing() throws Exception {
        FileObject filter = rig.client.openFilter(rig.await("Control Camera").symbolicLink());
        try {
            KsStatusException range = assertThrows(KsStatusException.class, () -> KsControls.apply(rig.client, filter, "Control Camera",
                    KsControls.parse("Contrast=60,Brightness=500")));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, range.status());
            assertTrue(range.getMessage().contains("Control Camera: Brightness=500 is outside its range -64..64"), range.getMessage());
            KsStatusException missing = assertThrows(KsStatusException.class, () -> KsControls.apply(rig.client, filter, "Control Camera",
                    KsControls.parse("Contrast=60,Roll=5")));
            assertEquals(NtStatus.STATUS_NOT_FOUND, missing.status());
            assertTrue(missing.getMessage().contains("Control Camera has no Roll control (it has: Brightness, Contrast,"), missing.getMessage());
            KsStatusException auto = assertThrows(KsStatusException.class, () -> KsControls.apply(rig.client, filter, "Control Camera",
                    KsControls.parse("Contrast=60,Brightness=auto")));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, auto.status());
            assertTrue(auto.getMessage().contains("Brightness has no automatic mode"), auto.getMessage());
            assertEquals(50, camera.controlValue(PU, Uvc.PU_CONTRAST_CONTROL), "Contrast, the first setting each time, was not made");
        } finally {
            rig.io.closeFile(filter);
        }
    }

    @Test
    void theControlCommandSetsThenShowsAndAnswersMistakesWithTheirExitCodes() throws Exception {
        Map<String, String> run = run("0", "Brightness=12", "gain=30");
        assertEquals("0", run.get("exit"), run.toString());
        assertTrue(run.get("out").startsWith("Control Camera\n  controls\n    Brightness = 12 (manual), -64..64 step 1, default 0\n"),
                run.toString());
        assertTrue(run.get("out").contains("\n    Gain = 30 (manual)"), run.toString());
        assertEquals(12, (short) camera.controlValue(PU, Uvc.PU_BRIGHTNESS_CONTROL));
        assertEquals(30, camera.controlValue(PU, Uvc.PU_GAIN_CONTROL));

        assertEquals("0", run("Control Camera").get("exit"), "no settings: shows the controls");
        assertTrue(run("Control Camera", "--json").get("out").startsWith("{\"name\":\"Control Camera\",\"controls\":[{\"name\":\"Brightness\","));
        assertEquals("2", run().get("exit"), "no device");
        assertEquals("2", run("0", "Brigtness=1").get("exit"), "unknown name");
        assertEquals("3", run("nope", "Brightness=1").get("exit"), "unknown device");
        assertEquals("4", run("0", "Brightness=100").get("exit"), "outside the range");
        assertEquals("4", run("0", "Zoom=auto").get("exit"), "no automatic zoom on this camera");
        assertEquals(12, (short) camera.controlValue(PU, Uvc.PU_BRIGHTNESS_CONTROL), "no mistake changed it");
    }

    private KsControls.Control control(FileObject filter, String name) {
        return KsControls.read(rig.client, filter).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private Map<String, String> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Control.run(rig.client, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Map.of("exit", Integer.toString(exit), "out", out.toString(StandardCharsets.UTF_8),
                "err", err.toString(StandardCharsets.UTF_8));
    }
}
