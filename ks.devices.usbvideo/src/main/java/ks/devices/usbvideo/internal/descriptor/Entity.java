package ks.devices.usbvideo.internal.descriptor;

import java.util.List;
import java.util.UUID;

/**
 * A VideoControl terminal or unit (uvc.md §1.4). Fields that a kind does not have are 0, null or
 * empty.
 *
 * @param subtype VC_INPUT_TERMINAL 0x02, OUTPUT_TERMINAL 0x03, SELECTOR_UNIT 0x04, PROCESSING_UNIT 0x05,
 *     EXTENSION_UNIT 0x06, ENCODING_UNIT 0x07
 * @param id bTerminalID / bUnitID
 * @param terminalType wTerminalType for terminals (0x0201 camera, 0x0101 streaming, ...)
 * @param sourceIds bSourceID / baSourceID
 * @param controls bmControls as a little-endian bitmap (camera terminal, processing, extension, encoding)
 * @param controlSize bControlSize
 * @param guid guidExtensionCode of an extension unit
 * @param maxMultiplier wMaxMultiplier of a processing unit
 * @param videoStandards bmVideoStandards of a UVC 1.1+ processing unit
 */
public record Entity(int subtype, int id, int terminalType, List<Integer> sourceIds, long controls, int controlSize, UUID guid,
        int maxMultiplier, int videoStandards) {

    public static final int VC_INPUT_TERMINAL = 0x02;
    public static final int VC_OUTPUT_TERMINAL = 0x03;
    public static final int VC_SELECTOR_UNIT = 0x04;
    public static final int VC_PROCESSING_UNIT = 0x05;
    public static final int VC_EXTENSION_UNIT = 0x06;
    public static final int VC_ENCODING_UNIT = 0x07;
    public static final int ITT_CAMERA = 0x0201;
    public static final int TT_STREAMING = 0x0101;

    public Entity {
        sourceIds = List.copyOf(sourceIds);
    }

    public boolean isCameraTerminal() {
        return subtype == VC_INPUT_TERMINAL && terminalType == ITT_CAMERA;
    }

    /** Whether control bit {@code bit} of bmControls is set. */
    public boolean hasControl(int bit) {
        return bit < 64 && (controls >>> bit & 1) != 0;
    }
}
