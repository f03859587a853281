package ks.devices.usbvideo.internal.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The real configuration descriptors of src/test/resources/uvc (copied from shared/fixtures/uvc/raw). */
final class Dumps {

    private Dumps() {
    }

    /** The bytes of a hex dump: '#' lines are comments, the rest whitespace-separated hex bytes. */
    static byte[] load(String file) {
        try (InputStream in = Dumps.class.getResourceAsStream("/uvc/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no dump " + file);
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line).append('\n');
                }
            }
            return Describe.parseHex(hex.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
