package ks.devices.usbvideo.internal.virtual;

import java.io.ByteArrayOutputStream;
import java.util.List;

import ks.devices.usbvideo.internal.uvc.Uvc;

/**
 * Builds the device and configuration descriptors of a virtual camera from its spec, the way a
 * typical camera lays them out: IAD; VC interface (header, camera terminal id 1, processing unit
 * id 2, output terminal id 3, interrupt endpoint 0x83); VS interface 1 (input header, per format a
 * format descriptor, its frames and colour matching) with bulk endpoint 0x81 in alt 0, or iso
 * endpoint 0x81 in alts 1..5 (128, 512, 1024, 2×1024, 3×1024 bytes per microframe).
 */
public final class DescriptorBuilder {

    /** Entity IDs. */
    public static final int CAMERA_TERMINAL = 1;
    public static final int PROCESSING_UNIT = 2;
    public static final int OUTPUT_TERMINAL = 3;
    public static final int ENDPOINT = 0x81;
    /** wMaxPacketSize of iso alts 1..5 (bits 12..11: extra transactions). */
    public static final int[] ISO_PACKET_SIZES = { 0x0080, 0x0200, 0x0400, 0x0C00, 0x1400 };
    public static final int BULK_PACKET_SIZE = 512;

    /** bmControls of the camera terminal: AE mode, exposure absolute, focus absolute, focus auto, zoom absolute, pan/tilt absolute, privacy. */
    public static final int CT_CONTROLS = (1 << 1) | (1 << 3) | (1 << 5) | (1 << 17) | (1 << 9) | (1 << 11) | (1 << 18);
    /** bmControls of the processing unit: brightness, contrast, hue, saturation, sharpness, gamma, WB temperature, backlight, gain, power line, WB auto. */
    public static final int PU_CONTROLS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8)
            | (1 << 9) | (1 << 10) | (1 << 12);

    private DescriptorBuilder() {
    }

    public static byte[] device(VirtualCameraSpec spec) {
        Out o = new Out();
        o.u8(18).u8(1).u16(0x0200).u8(0xEF).u8(0x02).u8(0x01).u8(64).u16(spec.vendorId()).u16(spec.productId()).u16(0x0100)
                .u8(1).u8(2).u8(0).u8(1);
        return o.bytes();
    }

    /** Uncompressed YUY2 GUID {32595559-0000-0010-8000-00AA00389B71} in wire order. */
    private static final byte[] YUY2_GUID = { 'Y', 'U', 'Y', '2', 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71 };
    /** Uncompressed NV12 GUID {3231564E-0000-0010-8000-00AA00389B71} in wire order. */
    private static final byte[] NV12_GUID = { 'N', 'V', '1', '2', 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71 };

    public static byte[] configuration(VirtualCameraSpec spec) {
        int bcd = spec.bcdUVC();
        int protocol = bcd >= 0x0150 ? 1 : 0;

        Out vc = new Out();
        // camera terminal: bControlSize 3
        vc.u8(18).u8(0x24).u8(0x02).u8(CAMERA_TERMINAL).u16(0x0201).u8(0).u8(0).u16(0).u16(0).u16(0).u8(3)
                .u8(CT_CONTROLS & 0xFF).u8(CT_CONTROLS >> 8 & 0xFF).u8(CT_CONTROLS >> 16 & 0xFF);
        // processing unit: 1.0 has no bmVideoStandards; 1.5 has bControlSize 3
        int puControlSize = bcd >= 0x0150 ? 3 : 2;
        vc.u8((bcd >= 0x0110 ? 10 : 9) + puControlSize).u8(0x24).u8(0x05).u8(PROCESSING_UNIT).u8(CAMERA_TERMINAL).u16(0)
                .u8(puControlSize).u8(PU_CONTROLS & 0xFF).u8(PU_CONTROLS >> 8 & 0xFF);
        if (puControlSize == 3) {
            vc.u8(0);
        }
        vc.u8(0);
        if (bcd >= 0x0110) {
            vc.u8(0);
        }
        vc.u8(9).u8(0x24).u8(0x03).u8(OUTPUT_TERMINAL).u16(0x0101).u8(0).u8(PROCESSING_UNIT).u8(0);
        int vcTotal = 13 + vc.size();

        Out vs = new Out();
        int formatIndex = 1;
        for (VirtualCameraSpec.FormatSpec f : spec.formats()) {
            List<int[]> sizes = f.sizes();
            if (f.mjpeg()) {
                vs.u8(11).u8(0x24).u8(0x06).u8(formatIndex).u8(sizes.size()).u8(1).u8(1).u8(0).u8(0).u8(0).u8(0);
            } else {
                vs.u8(27).u8(0x24).u8(0x04).u8(formatIndex).u8(sizes.size())
                        .raw(f.kind() == VirtualCameraSpec.Kind.NV12 ? NV12_GUID : YUY2_GUID).u8(f.bitsPerPixel()).u8(1).u8(0).u8(0).u8(0).u8(0);
            }
            int frameIndex = 1;
            for (int[] size : sizes) {
                long bytes = f.frameBytes(size[0], size[1]);
                List<Integer> fps = f.fps();
                int maxFps = fps.stream().mapToInt(Integer::intValue).max().orElse(30);
                int minFps = fps.stream().mapToInt(Integer::intValue).min().orElse(30);
                vs.u8(26 + 4 * fps.size()).u8(0x24).u8(f.mjpeg() ? 0x07 : 0x05).u8(frameIndex).u8(0).u16(size[0]).u16(size[1])
                        .u32(bytes * 8 * minFps).u32(bytes * 8 * maxFps).u32(bytes).u32(interval(maxFps)).u8(fps.size());
                fps.stream().sorted((a, b) -> b - a).forEach(r -> vs.u32(interval(r)));
                frameIndex++;
            }
            vs.u8(6).u8(0x24).u8(0x0D).u8(1).u8(1).u8(4);
            formatIndex++;
        }
        int nFormats = spec.formats().size();
        int inputHeaderLength = 13 + nFormats;
        Out config = new Out();
        Out body = new Out();
        // IAD
        body.u8(8).u8(0x0B).u8(0).u8(2).u8(Uvc.CC_VIDEO).u8(Uvc.SC_VIDEO_INTERFACE_COLLECTION).u8(protocol).u8(2);
        // VC interface + header
        body.u8(9).u8(0x04).u8(0).u8(0).u8(1).u8(Uvc.CC_VIDEO).u8(Uvc.SC_VIDEOCONTROL).u8(protocol).u8(2);
        body.u8(13).u8(0x24).u8(0x01).u16(bcd).u16(vcTotal).u32(VirtualUvcCamera.CLOCK_HZ).u8(1).u8(1);
        body.raw(vc.bytes());
        body.u8(7).u8(0x05).u8(0x83).u8(0x03).u16(16).u8(8);
        body.u8(5).u8(0x25).u8(0x03).u16(16);
        // VS interface alt 0
        body.u8(9).u8(0x04).u8(1).u8(0).u8(spec.bulk() ? 1 : 0).u8(Uvc.CC_VIDEO).u8(Uvc.SC_VIDEOSTREAMING).u8(protocol).u8(0);
        body.u8(inputHeaderLength).u8(0x24).u8(0x01).u8(nFormats).u16(inputHeaderLength + vs.size()).u8(ENDPOINT).u8(0)
                .u8(OUTPUT_TERMINAL).u8(0).u8(0).u8(0).u8(1);
        for (int i = 0; i < nFormats; i++) {
            body.u8(0);
        }
        body.raw(vs.bytes());
        if (spec.bulk()) {
            body.u8(7).u8(0x05).u8(ENDPOINT).u8(0x02).u16(BULK_PACKET_SIZE).u8(0);
        } else {
            for (int alt = 1; alt <= ISO_PACKET_SIZES.length; alt++) {
                body.u8(9).u8(0x04).u8(1).u8(alt).u8(1).u8(Uvc.CC_VIDEO).u8(Uvc.SC_VIDEOSTREAMING).u8(protocol).u8(0);
                body.u8(7).u8(0x05).u8(ENDPOINT).u8(0x05).u16(ISO_PACKET_SIZES[alt - 1]).u8(1);
            }
        }
        config.u8(9).u8(0x02).u16(9 + body.size()).u8(2).u8(1).u8(0).u8(0x80).u8(250);
        config.raw(body.bytes());
        return config.bytes();
    }

    /** Bytes per microframe of an iso wMaxPacketSize. */
    public static int bytesPerInterval(int wMaxPacketSize) {
        return (wMaxPacketSize & 0x7FF) * (((wMaxPacketSize >> 11) & 3) + 1);
    }

    /** 100 ns units per frame at {@code fps}. */
    public static long interval(int fps) {
        return 10_000_000L / fps;
    }

    /** A string descriptor (UTF-16LE) or, for index 0, the language table (0x0409). */
    public static byte[] string(int index, VirtualCameraSpec spec) {
        Out o = new Out();
        if (index == 0) {
            return o.u8(4).u8(3).u16(0x0409).bytes();
        }
        String s = index == 1 ? "ks" : index == 2 ? spec.name() : null;
        if (s == null) {
            return null;
        }
        o.u8(2 + 2 * s.length()).u8(3);
        for (char c : s.toCharArray()) {
            o.u16(c);
        }
        return o.bytes();
    }

    /** Little-endian byte writer. */
    static final class Out {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Out u8(int v) {
            b.write(v);
            return this;
        }

        Out u16(int v) {
            return u8(v & 0xFF).u8(v >> 8 & 0xFF);
        }

        Out u32(long v) {
            return u16((int) (v & 0xFFFF)).u16((int) (v >> 16 & 0xFFFF));
        }

        Out raw(byte[] bytes) {
            b.write(bytes, 0, bytes.length);
            return this;
        }

        int size() {
            return b.size();
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }
}
