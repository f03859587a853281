package ks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every user mistake ends ./ks with a readable message on stderr and its documented exit code
 * (2 command line, 3 unknown device, 4 mode not offered, 5 output not writable, 6 GStreamer
 * missing), and leaves nothing in the directory.
 */
class CliErrorsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "./ks {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "capture --device nope                  | 3 | no video capture device 'nope'",
        "capture --size 123x45                  | 4 | YUY2 1920x1080, 5 to 30 fps",
        "capture --fps 60                       | 4 | offers no video at 60 fps; it offers:",
        "capture --format H264                  | 4 | offers no H264",
        "capture --output /nonexistent/d/a.mkv  | 5 | the directory /nonexistent/d does not exist",
        "capture --output /proc/a.mkv           | 5 | cannot write /proc/a.mkv",
        "capture --output notes.txt             | 2 | must end in .mkv, .mp4, .avi or .png",
        "capture --output a.png --frames 5      | 2 | a .png holds one frame",
        "capture --output a.png --duration 2    | 2 | a .png holds one frame",
        "capture --frames many                  | 2 | --frames takes a whole number, not 'many'",
        "capture --frames 0                     | 2 | --frames must be at least 1",
        "capture --fps -5                       | 2 | --fps must be greater than zero",
        "capture --size 640by480                | 2 | --size takes WIDTHxHEIGHT",
        "capture --frames 3 --duration 1        | 2 | give --frames or --duration, not both",
        "capture --frames                       | 2 | --frames needs a value",
        "capture --colour red                   | 2 | unknown option --colour",
        "capture --control Brigtness=5          | 2 | --control: no camera control 'Brigtness' (controls: Brightness,",
        "capture --control Brightness=500       | 4 | ks Virtual Camera: Brightness=500 is outside its range -64..64",
        "stream --to udp://127.0.0.1:5997 --control Roll=5 | 4 | ks Virtual Camera has no Roll control (it has: Brightness,",
        "control                                | 2 | ks control: name the device",
        "control 0 Zoom=auto                    | 4 | ks Virtual Camera: Zoom has no automatic mode",
        "control nope Gain=1                    | 3 | no video device 'nope'",
        "stream --to tcp://host:1               | 2 | --to takes udp://HOST:PORT",
        "stream                                 | 2 | --to udp://HOST:PORT is required",
        "describe                               | 2 | name the device",
        "describe 'no such camera'              | 3 | no video device 'no such camera'",
        "devices --xml                          | 2 | unknown option",
        "stats --json                           | 2 | ks stats: takes no options, not --json",
        "stack nope                             | 3 | no device object or video device 'nope' (./ks devices",
        "usb                                    | 2 | ks usb: name a subcommand",
        "usb describe                           | 2 | usage: ./ks usb describe FILE",
        "launch                                 | 2 | ks launch: give a pipeline",
        "launch -v kssrc ! fakesink             | 2 | ks launch: takes no options, only a pipeline, not '-v'",
        "launch kssrc ! ! fakesink              | 2 | GStreamer cannot read the pipeline",
        "launch kssrc colour=red ! fakesink     | 2 | kssrc has no property 'colour'",
        "launch kssrc device=nope ! fakesink    | 3 | no video capture device 'nope'",
        "launch videotestsrc ! nosuch ! fakesink | 6 | GStreamer has no element 'nosuch'",
        "teleport                               | 2 | unknown command 'teleport'",
    })
    void mistakes(String commandLine, int exitCode, String message) throws Exception {
        Ks.Run r = Ks.run(dir, split(commandLine));
        assertEquals(exitCode, r.exitCode(), r.toString());
        assertTrue(r.err().contains(message), "stderr names the problem: " + message + "\n" + r);
        assertEmpty();
    }

    @Test
    void missingGStreamerElementsNameThePackageToInstall() throws Exception {
        // GStreamer's core loads but finds no plugin: what a machine without gstreamer1.0-plugins-base sees
        Path registry = Files.createTempFile("gst-registry", ".bin");
        Files.delete(registry);
        try {
            Ks.Run r = Ks.run(dir, Map.of("GST_PLUGIN_SYSTEM_PATH_1_0", dir.resolve("no-plugins").toString(),
                    "GST_REGISTRY", registry.toString()), "capture", "--frames", "2");
            assertEquals(6, r.exitCode(), r.toString());
            assertTrue(r.err().contains("apt-get install gstreamer1.0-plugins-base"), r.toString());
            assertEmpty();
        } finally {
            Files.deleteIfExists(registry);
        }
    }

    @Test
    void aDeviceUnpluggedMidCaptureFailsAndLeavesNoFile() throws Exception {
        // a virtual camera configured to disconnect after 20 frames (conf file read by FileInstall)
        Map<String, String> env = camera("flaky", "name=Flaky Camera\nfaults=disconnect-after=20\nsizes=320x240\nformats=YUY2\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Ks.Run r = Ks.run(out, env, "capture", "--device", "Flaky Camera", "--frames", "100");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("nothing was written to capture.mkv"), r.toString());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count(), "neither the file nor its temporary is left");
        }
    }

    /**
     * A camera that hangs mid-capture (plugged in, sending nothing) ends the capture after the
     * 10 s without a frame, naming the device and the last frame, instead of waiting out the
     * capture's whole time limit; a source that never sends (the ks Loopback with no writer) ends
     * the same way, and so does a stream, which has no time limit at all.
     */
    @Test
    void aDeviceThatSendsNoFrameFor10SecondsEndsCaptureAndStreamWithExitOne() throws Exception {
        Map<String, String> env = camera("hung", "name=Hung Camera\nfaults=freeze-after=20\nsizes=320x240\nformats=YUY2\nfps=30\n");
        Path out = Files.createDirectories(dir.resolve("out"));

        // 300 frames at 30 fps: the capture's own limit would be 15 + 30 s
        Ks.Run hung = Ks.run(out, env, "capture", "--device", "Hung Camera", "--frames", "300");
        assertEquals(1, hung.exitCode(), hung.toString());
        assertTrue(lastFrame(hung.err(), "ks capture") > 0, hung.toString());
        assertTrue(hung.err().contains("; nothing was written to capture.mkv"), hung.toString());

        Ks.Run silent = Ks.run(out, env, "capture", "--device", "ks Loopback", "--frames", "3");
        assertEquals(1, silent.exitCode(), silent.toString());
        assertTrue(silent.err().contains("ks capture: no frame came from ks Loopback in 10 s"), silent.toString());

        Ks.Run stream = Ks.run(out, env, "stream", "--to", "udp://127.0.0.1:5998", "--device", "Hung Camera");
        assertEquals(1, stream.exitCode(), stream.toString());
        assertTrue(lastFrame(stream.err(), "ks stream") > 0, stream.toString());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count(), "neither a file nor a temporary is left");
        }
    }

    /**
     * The frame after which {@code command} reported the Hung Camera silent for 10 s: at most the 20
     * it sent (fewer if the last of them was dropped on the way), or -1 when the message is not there.
     */
    private static int lastFrame(String err, String command) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile(java.util.regex.Pattern.quote(command) + ": no frame came from Hung Camera for 10 s after frame (\\d+)").matcher(err);
        if (!m.find()) {
            return -1;
        }
        int frame = Integer.parseInt(m.group(1));
        return frame <= 20 ? frame : -1;
    }

    /** A virtual camera configured by {@code conf/ks.usbvideo.camera-NAME.cfg}; the environment that gives ./ks that folder. */
    private Map<String, String> camera(String name, String properties) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("ks.usbvideo.camera-" + name + ".cfg"), properties);
        return Map.of("KS_CONFIG", conf.toString());
    }

    private void assertEmpty() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> !p.getFileName().toString().equals("conf")).count(), "nothing written");
        }
    }

    /** Words, with '...' quoting one that has spaces. */
    private static String[] split(String line) {
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line.trim());
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words.toArray(new String[0]);
    }
}
