package ks.cli.internal;

import ks.api.io.IoManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands under the {@code ks} scope: {@code ks:devices [--json]} prints the device tree.
 * The same commands back the {@code ./ks} entry point through {@link CommandRunner}.
 */
@Component(service = KsCommands.class, property = {"osgi.command.scope=ks", "osgi.command.function=devices"})
public final class KsCommands {

    private final IoManager io;

    @Activate
    public KsCommands(@Reference IoManager io) {
        this.io = io;
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
