package ks.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ks.api.io.IoManager;
import ks.api.ks.KsClient;
import ks.api.ks.KsFramework;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamIo;
import ks.gst.GStreamer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands under the {@code ks} scope, the same ones {@code ./ks} runs through
 * {@link CommandRunner}: {@code ks:devices [--json]}, {@code ks:describe DEVICE [--json]},
 * {@code ks:control DEVICE [NAME=VALUE ...]},
 * {@code ks:capture [options]}, {@code ks:stream --to udp://HOST:PORT [options]}, and the runtime
 * views {@code ks:stack DEVICE}, {@code ks:irps}, {@code ks:leaks [SECONDS]}, {@code ks:stats}. Each returns what it printed; a
 * failing command's text starts with its message.
 */
@Component(service = KsCommands.class, property = {"osgi.command.scope=ks", "osgi.command.function=devices",
    "osgi.command.function=describe", "osgi.command.function=control", "osgi.command.function=capture", "osgi.command.function=stream", "osgi.command.function=launch",
    "osgi.command.function=stack", "osgi.command.function=irps", "osgi.command.function=stats",
    "osgi.command.function=leaks"})
public final class KsCommands {

    private final IoManager io;
    private final KsFramework framework;
    private final KsClient client;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile GStreamer gst;

    private final java.util.List<ks.api.fastio.FastIoStatistics> fastIo = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeFastIo")
    void addFastIo(ks.api.fastio.FastIoStatistics statistics) {
        fastIo.add(statistics);
    }

    void removeFastIo(ks.api.fastio.FastIoStatistics statistics) {
        fastIo.remove(statistics);
    }

    @Activate
    public KsCommands(@Reference IoManager io, @Reference KsStreamIo streamIo, @Reference KsFramework ks) {
        this.io = io;
        this.framework = ks;
        this.client = new KsClient(io, streamIo);
    }

    /** A command run with its exit code, for the one-shot runner. */
    interface Run {
        int run(PrintStream out, PrintStream err);
    }

    private static String collect(Run run) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        run.run(out, out);
        return buffer.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    /** Prints as it goes (progress each second) to the shell's output, which Gogo binds to System.out while the command runs. */
    public void capture(String... args) {
        capture(args, System.out, System.err);
    }

    int capture(String[] args, PrintStream out, PrintStream err) {
        return Capture.run(client, gst, args, out, err);
    }

    /** Prints as it goes (progress each second) to the shell's output, which Gogo binds to System.out while the command runs. */
    public void stream(String... args) {
        stream(args, System.out, System.err);
    }

    int stream(String[] args, PrintStream out, PrintStream err) {
        return Stream.run(client, gst, args, out, err);
    }

    /** Prints as it goes (progress each second) to the shell's output, which Gogo binds to System.out while the command runs. */
    public void launch(String... args) {
        launch(args, System.out, System.err);
    }

    int launch(String[] args, PrintStream out, PrintStream err) {
        return Launch.run(client, gst, args, out, err);
    }

    public String describe(String... args) {
        return collect((out, err) -> describe(args, out, err));
    }

    int describe(String[] args, PrintStream out, PrintStream err) {
        return Describe.run(client, args, out, err);
    }

    /** ks:control DEVICE [NAME=VALUE|NAME=auto ...] [--json]: sets camera controls, then shows them all. */
    public String control(String... args) {
        return collect((out, err) -> control(args, out, err));
    }

    int control(String[] args, PrintStream out, PrintStream err) {
        return Control.run(client, args, out, err);
    }

    /** ks:stack DEVICE: a device's stack, top first, with each driver's role and StackSize. */
    public String stack(String device) {
        if (Options.isHelp(device)) {
            return "usage: ks:stack DEVICE   (a device object's name, a friendly name, a symbolic link or a capture-device index)";
        }
        try {
            return RuntimeViews.stack(client, device);
        } catch (CliException e) {
            return e.getMessage();
        }
    }

    /** ks:irps: IRPs in flight with their current stack location. */
    public String irps() {
        return RuntimeViews.irps(io);
    }

    /** ks:stats: IRPs per second (sampled over a second), outstanding IRPs, each open stream's frames, drops and bytes, fast-I/O counters. */
    public String stats() throws InterruptedException {
        return RuntimeViews.stats(io, framework, client.find(KsGuids.KSCATEGORY_VIDEO), List.copyOf(fastIo), 1000);
    }

    /** ks:leaks: IRPs lost since start and IRPs held over 10 s (leak detection on). */
    public String leaks() {
        return RuntimeViews.leaks(io, 10);
    }

    /** ks:leaks SECONDS: the same with IRPs held over SECONDS. */
    public String leaks(long seconds) {
        return RuntimeViews.leaks(io, seconds);
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
        if (Options.isHelp(option)) {
            return "usage: ks:devices [--json]";
        }
        throw new IllegalArgumentException("unknown option " + option + " (ks:devices takes --json)");
    }
}
