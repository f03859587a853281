package ks.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ks.api.io.IoManager;
import ks.api.ks.KsClient;
import ks.api.ks.KsStreamIo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands under the {@code ks} scope: {@code ks:devices [--json]} prints the device tree,
 * {@code ks:capture [--frames N] [--size WxH] [--fps F]} streams from the first capture filter.
 * The same commands back the {@code ./ks} entry point through {@link CommandRunner}.
 */
@Component(service = KsCommands.class, property = {"osgi.command.scope=ks", "osgi.command.function=devices",
    "osgi.command.function=capture"})
public final class KsCommands {

    private final IoManager io;
    private final KsStreamIo streamIo;

    @Activate
    public KsCommands(@Reference IoManager io, @Reference KsStreamIo streamIo) {
        this.io = io;
        this.streamIo = streamIo;
    }

    /** ks:capture with options; returns what it printed. */
    public String capture(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        capture(args, out, out);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    int capture(String[] args, PrintStream out, PrintStream err) {
        return Capture.run(new KsClient(io, streamIo), args, out, err);
    }

    /** ks:devices: drivers and device stacks. */
    public String devices() {
        return DeviceTree.text(io);
    }

    /** ks:devices --json. */
    public String devices(String option) {
        if ("--json".equals(option)) {
            return DeviceTree.json(io);
        }
        throw new IllegalArgumentException("unknown option " + option + " (ks:devices takes --json)");
    }
}
