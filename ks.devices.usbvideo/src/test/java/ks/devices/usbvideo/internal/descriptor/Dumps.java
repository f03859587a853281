package ks.devices.usbvideo.internal.descriptor;

import java.io.ByteArrayOutputStream;
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
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                for (String hex : line.trim().split("\\s+")) {
                    if (!hex.isEmpty()) {
                        out.write(Integer.parseInt(hex, 16));
                    }
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
