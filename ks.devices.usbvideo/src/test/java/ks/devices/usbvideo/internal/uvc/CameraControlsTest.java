package ks.devices.usbvideo.internal.uvc;

import static ks.api.ks.KsVidcap.PROPSETID_VIDCAP_CAMERACONTROL;
import static ks.api.ks.KsVidcap.PROPSETID_VIDCAP_VIDEOPROCAMP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.NtStatus;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsProperty;
import ks.api.ks.KsVidcap;
import ks.api.ks.KsWire;
import ks.devices.usbvideo.internal.virtual.DescriptorBuilder;
import ks.devices.usbvideo.internal.virtual.VirtualUvcCamera;

/**
 * VideoProcAmp and CameraControl properties on the UVC filter, against the virtual camera's
 * control table (brightness −64…64 default 0, exposure 3…2047 × 100 µs default 156 with AE mode
 * auto, pan/tilt ±648000 arc-seconds step 3600, focus and white balance with auto on, privacy).
 * Expected KS values are converted by hand with ks-video §4.4 (its exposure table: 156 ↔ −6, 78 ↔ −7).
 */
class CameraControlsTest {

    private static final int CT = DescriptorBuilder.CAMERA_TERMINAL;
    private static final int PU = DescriptorBuilder.PROCESSING_UNIT;

    VirtualCameraRig rig;
    VirtualUvcCamera camera;
    FileObject filter;

    @BeforeEach
    void plug() throws Exception {
        rig = new VirtualCameraRig();
        camera = rig.plug(VirtualCameraRig.spec("1.1", "iso", "yuy2", "320x240", 30));
        filter = rig.client.openFilter(rig.captureInterfaces().get(0).symbolicLink());
    }

    @AfterEach
    void unplug() {
        rig.io.closeFile(filter);
        rig.close();
    }

    private int send(ByteBuffer request, ByteBuffer data) {
        return rig.client.property(filter, request, data, new IoStatusBlock());
    }

    private ByteBuffer get(UUID set, int id) {
        ByteBuffer data = KsDataFormat.allocate(KsVidcap.SIZEOF_S);
        assertEquals(NtStatus.STATUS_SUCCESS, send(KsVidcap.get(set, id), data), KsVidcap.name(set, id));
        return data;
    }

    private int set(UUID set, int id, int value, int flags) {
        ByteBuffer s = KsVidcap.set(set, id, value, flags);
        return send(s, s.duplicate());
    }

    private ByteBuffer support(UUID set, int id, int type, int size) {
        ByteBuffer data = KsDataFormat.allocate(size);
        assertEquals(NtStatus.STATUS_SUCCESS, send(KsProperty.request(set, id, type, -1), data));
        return data;
    }

    @Test
    void shouldReportRangesAndDefaultsFromTheDevice() {
        ByteBuffer b = support(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, KsProperty.KSPROPERTY_TYPE_BASICSUPPORT, 72);
        assertEquals(KsProperty.KSPROPERTY_TYPE_GET | KsProperty.KSPROPERTY_TYPE_SET, KsWire.getInt(b, 0));
        assertEquals(1, KsWire.getInt(b, 56), "step");
        assertEquals(-64, KsWire.getInt(b, 64), "min");
        assertEquals(64, KsWire.getInt(b, 68), "max");
        ByteBuffer d = support(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_WHITEBALANCE, KsProperty.KSPROPERTY_TYPE_DEFAULTVALUES, 60);
        assertEquals(4600, KsWire.getInt(d, 56));
        ByteBuffer wb = support(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_WHITEBALANCE, KsProperty.KSPROPERTY_TYPE_BASICSUPPORT, 72);
        assertEquals(10, KsWire.getInt(wb, 56));
        assertEquals(2800, KsWire.getInt(wb, 64));
        assertEquals(6500, KsWire.getInt(wb, 68));

        ByteBuffer e = support(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE, KsProperty.KSPROPERTY_TYPE_BASICSUPPORT, 72);
        assertEquals(1, KsWire.getInt(e, 56));
        assertEquals(-12, KsWire.getInt(e, 64), "3 × 100 µs = 2^-11.7 s");
        assertEquals(-2, KsWire.getInt(e, 68), "2047 × 100 µs = 2^-2.3 s");
        assertEquals(-6, KsWire.getInt(support(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE,
                KsProperty.KSPROPERTY_TYPE_DEFAULTVALUES, 60), 56));

        ByteBuffer p = support(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PAN, KsProperty.KSPROPERTY_TYPE_BASICSUPPORT, 72);
        assertEquals(1, KsWire.getInt(p, 56), "3600 arc-seconds = 1 degree");
        assertEquals(-180, KsWire.getInt(p, 64));
        assertEquals(180, KsWire.getInt(p, 68));
    }

    @Test
    void shouldReadAndWriteManualControls() {
        ByteBuffer g = get(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS);
        assertEquals(0, KsWire.getInt(g, KsVidcap.VALUE));
        assertEquals(KsVidcap.FLAGS_MANUAL, KsWire.getInt(g, KsVidcap.FLAGS));
        assertEquals(KsVidcap.FLAGS_MANUAL, KsWire.getInt(g, KsVidcap.CAPABILITIES), "brightness has no auto control");
        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, -20, KsVidcap.FLAGS_MANUAL));
        assertEquals(-20, (short) camera.controlValue(PU, Uvc.PU_BRIGHTNESS_CONTROL));
        assertEquals(-20, KsWire.getInt(get(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS), KsVidcap.VALUE));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                set(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, 65, KsVidcap.FLAGS_MANUAL), "above GET_MAX");
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                set(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_BRIGHTNESS, 0, KsVidcap.FLAGS_AUTO), "no auto control");
        assertEquals(-20, (short) camera.controlValue(PU, Uvc.PU_BRIGHTNESS_CONTROL), "a refused SET leaves the device alone");
    }

    @Test
    void shouldMapExposureToAeModeAndLog2Seconds() {
        ByteBuffer g = get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE);
        assertEquals(-6, KsWire.getInt(g, KsVidcap.VALUE), "156 × 100 µs");
        assertEquals(KsVidcap.FLAGS_AUTO, KsWire.getInt(g, KsVidcap.FLAGS), "AE mode 2 (auto)");
        assertEquals(KsVidcap.FLAGS_AUTO | KsVidcap.FLAGS_MANUAL, KsWire.getInt(g, KsVidcap.CAPABILITIES));

        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE, -7, KsVidcap.FLAGS_MANUAL));
        assertEquals(Uvc.AE_MODE_MANUAL, camera.controlValue(CT, Uvc.CT_AE_MODE_CONTROL), "manual exposure turns AE off first");
        assertEquals(78, camera.controlValue(CT, Uvc.CT_EXPOSURE_TIME_ABSOLUTE_CONTROL), "2^-7 s = 78 × 100 µs");
        ByteBuffer manual = get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE);
        assertEquals(-7, KsWire.getInt(manual, KsVidcap.VALUE));
        assertEquals(KsVidcap.FLAGS_MANUAL, KsWire.getInt(manual, KsVidcap.FLAGS));

        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE, 0, KsVidcap.FLAGS_AUTO));
        assertEquals(Uvc.AE_MODE_AUTO, camera.controlValue(CT, Uvc.CT_AE_MODE_CONTROL));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_EXPOSURE, 1, KsVidcap.FLAGS_MANUAL), "2 s is beyond the device");
    }

    @Test
    void shouldTurnAutoWhiteBalanceAndFocusOffForAManualValue() {
        assertEquals(KsVidcap.FLAGS_AUTO, KsWire.getInt(get(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_WHITEBALANCE), KsVidcap.FLAGS));
        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_WHITEBALANCE, 3200, KsVidcap.FLAGS_MANUAL));
        assertEquals(0, camera.controlValue(PU, Uvc.PU_WHITE_BALANCE_TEMPERATURE_AUTO_CONTROL));
        assertEquals(3200, camera.controlValue(PU, Uvc.PU_WHITE_BALANCE_TEMPERATURE_CONTROL));

        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_FOCUS, 100, KsVidcap.FLAGS_MANUAL));
        assertEquals(0, camera.controlValue(CT, Uvc.CT_FOCUS_AUTO_CONTROL));
        assertEquals(100, camera.controlValue(CT, Uvc.CT_FOCUS_ABSOLUTE_CONTROL));
        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_FOCUS, 0, KsVidcap.FLAGS_AUTO));
        assertEquals(1, camera.controlValue(CT, Uvc.CT_FOCUS_AUTO_CONTROL));
    }

    @Test
    void shouldSpeakDegreesForPanAndTilt() {
        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_TILT, -15, KsVidcap.FLAGS_MANUAL));
        assertEquals(NtStatus.STATUS_SUCCESS, set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PAN, 30, KsVidcap.FLAGS_MANUAL));
        long raw = camera.controlValue(CT, Uvc.CT_PANTILT_ABSOLUTE_CONTROL);
        assertEquals(30 * 3600, (int) raw, "dwPan in arc-seconds");
        assertEquals(-15 * 3600, (int) (raw >> 32), "dwTilt in arc-seconds");
        ByteBuffer both = get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PANTILT);
        assertEquals(30, KsWire.getInt(both, KsVidcap.VALUE));
        assertEquals(-15, KsWire.getInt(both, KsVidcap.VALUE2));
        ByteBuffer s2 = KsVidcap.set2(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PANTILT, -90, 45, KsVidcap.FLAGS_MANUAL);
        assertEquals(NtStatus.STATUS_SUCCESS, send(s2, s2.duplicate()));
        assertEquals(-90, KsWire.getInt(get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PAN), KsVidcap.VALUE));
        assertEquals(45, KsWire.getInt(get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_TILT), KsVidcap.VALUE));
    }

    /** The exposure table of ks-video §4.4 (n, UVC 100 µs units), both directions. */
    @ParameterizedTest(name = "2^{0} s = {1} × 100 µs")
    @CsvSource({ "-13,1", "-12,2", "-11,5", "-10,10", "-9,20", "-8,39", "-7,78", "-6,156", "-5,313", "-4,625", "-3,1250", "-2,2500",
        "-1,5000", "0,10000", "1,20000" })
    void shouldConvertExposureLikeTheTable(int n, long units) {
        assertEquals(units, CameraControls.toUvc(CameraControls.Conversion.EXPOSURE_LOG2, n));
        assertEquals(n, CameraControls.toKs(CameraControls.Conversion.EXPOSURE_LOG2, units));
    }

    @Test
    void shouldRefuseWhatTheCameraDoesNotOffer() {
        assertEquals(0, KsWire.getInt(get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PRIVACY), KsVidcap.VALUE));
        assertEquals(NtStatus.STATUS_INVALID_DEVICE_REQUEST,
                set(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_PRIVACY, 1, KsVidcap.FLAGS_MANUAL), "privacy is read-only");
        assertEquals(NtStatus.STATUS_NOT_FOUND, send(KsVidcap.get(PROPSETID_VIDCAP_CAMERACONTROL, KsVidcap.CAMERACONTROL_IRIS),
                KsDataFormat.allocate(KsVidcap.SIZEOF_S)), "no iris bit in bmControls");
        assertEquals(NtStatus.STATUS_BUFFER_TOO_SMALL, send(KsVidcap.get(PROPSETID_VIDCAP_VIDEOPROCAMP, KsVidcap.VIDEOPROCAMP_GAIN),
                KsDataFormat.allocate(24)));
    }
}
