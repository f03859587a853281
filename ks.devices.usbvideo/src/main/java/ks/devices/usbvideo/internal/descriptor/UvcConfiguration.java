package ks.devices.usbvideo.internal.descriptor;

import java.util.List;

/**
 * The video side of a configuration descriptor: every video function, plus what the walk had to
 * skip or repair.
 *
 * @param totalLength wTotalLength of the configuration descriptor (0 when the buffer does not start with one)
 * @param length the bytes given
 * @param truncated whether the walk stopped before the end (bytes missing or a record running past the buffer)
 * @param warnings one line per skipped or repaired descriptor, with its offset
 */
public record UvcConfiguration(int totalLength, int length, boolean truncated, List<VideoFunction> functions, List<String> warnings) {

    public UvcConfiguration {
        functions = List.copyOf(functions);
        warnings = List.copyOf(warnings);
    }
}
