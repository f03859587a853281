package ks.cli.internal;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ks.api.io.DeviceInterface;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsDataFormat;
import ks.api.ks.KsGuids;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsStreamHeaderOptions;
import ks.api.ks.KsVideo;
import ks.api.ks.KsWire;

/**
 * {@code ks capture [--frames N] [--size WxH] [--fps F]}: opens the first video capture filter
 * (an interface under KSCATEGORY_VIDEO with a KSCATEGORY_CAPTURE alias), negotiates a format by
 * intersection, runs pin 0 and reads N frames with three reads outstanding, printing one line per
 * frame and a summary.
 */
final class Capture {

    private static final int OUTSTANDING = 3;
    private static final long FRAME_TIMEOUT_SECONDS = 10;

    private Capture() {
    }

    static int run(KsClient client, String[] args, PrintStream out, PrintStream err) {
        int frames = 10;
        int width = 0;
        int height = 0;
        double fps = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--frames":
                        frames = Integer.parseInt(value(args, ++i));
                        break;
                    case "--size":
                        String[] wh = value(args, ++i).toLowerCase(Locale.ROOT).split("x");
                        width = Integer.parseInt(wh[0]);
                        height = Integer.parseInt(wh[1]);
                        break;
                    case "--fps":
                        fps = Double.parseDouble(value(args, ++i));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (frames < 1 || width < 0 || height < 0 || fps < 0 || (width == 0) != (height == 0)) {
                throw new IllegalArgumentException("frames must be at least 1, sizes and rates positive");
            }
        } catch (RuntimeException e) {
            err.println("ks capture: " + e.getMessage() + " (usage: ks capture [--frames N] [--size WxH] [--fps F])");
            return CommandRunner.EXIT_USAGE;
        }
        List<DeviceInterface> cameras = client.find(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE);
        if (cameras.isEmpty()) {
            err.println("ks capture: no video capture device");
            return 1;
        }
        DeviceInterface camera = cameras.get(0);
        out.println(camera.friendlyName() + "  " + camera.symbolicLink());
        try (KsClient.Connection c = client.connect(camera.symbolicLink(), 0, request(width, height, fps))) {
            out.println("format: " + KsVideo.describe(c.format()));
            return stream(client, c, frames, out);
        } catch (KsStatusException e) {
            if (e.status() == NtStatus.STATUS_NO_MATCH) {
                err.println("ks capture: the device offers no format with the size and rate asked for; it offers:");
                printRanges(client, camera, err);
            } else {
                err.println("ks capture: " + e.getMessage());
            }
            return 1;
        } catch (TimeoutException e) {
            err.println("ks capture: no frame within " + FRAME_TIMEOUT_SECONDS + " s");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void printRanges(KsClient client, DeviceInterface camera, PrintStream err) {
        try {
            ks.api.io.FileObject filter = client.openFilter(camera.symbolicLink());
            try {
                for (ByteBuffer range : client.dataRanges(filter, 0)) {
                    String rate = KsVideo.isVideoRange(range) ? String.format(Locale.ROOT, " (%.2f to %.2f fps)",
                            1e7 / KsVideo.maxFrameInterval(range), 1e7 / KsVideo.minFrameInterval(range)) : "";
                    err.println("  " + KsVideo.describe(range) + rate);
                }
            } finally {
                client.io().closeFile(filter);
            }
        } catch (KsStatusException e) {
            err.println("  (data ranges unavailable: " + e.getMessage() + ")");
        }
    }

    /** A wildcard video range, or a range around the size and rate asked for. */
    private static ByteBuffer request(int width, int height, double fps) {
        if (width == 0 && fps == 0) {
            ByteBuffer any = KsDataFormat.allocate(KsDataFormat.SIZEOF);
            KsDataFormat.putHeader(any, KsDataFormat.SIZEOF, 0, 0, KsGuids.KSDATAFORMAT_TYPE_VIDEO, KsGuids.GUID_NULL, KsGuids.GUID_NULL);
            return any;
        }
        long interval = fps > 0 ? KsVideo.interval(fps) : 0;
        ByteBuffer range = KsVideo.range(KsGuids.GUID_NULL, width, height, 0, interval, interval, interval, 0);
        if (width == 0) {
            for (int off : new int[] {KsVideo.RANGE_CONFIG_CAPS + KsVideo.CAPS_MIN_OUTPUT_SIZE, KsVideo.RANGE_CONFIG_CAPS + KsVideo.CAPS_MAX_OUTPUT_SIZE}) {
                KsWire.putLong(range, off, 0); // any size
            }
        }
        return range;
    }

    private static int stream(KsClient client, KsClient.Connection c, int frames, PrintStream out)
            throws InterruptedException, TimeoutException {
        int frameBytes = Math.max(1, KsVideo.sizeImage(c.format()));
        ArrayDeque<KsStreamHeader> headers = new ArrayDeque<>();
        ArrayDeque<CompletableFuture<IoStatusBlock>> reads = new ArrayDeque<>();
        int submitted = 0;
        try {
            client.setState(c.pin(), ks.api.ks.KsState.KSSTATE_PAUSE); // queue the reads before data flows
            for (; submitted < Math.min(OUTSTANDING, frames); submitted++) {
                submit(client, c, frameBytes, headers, reads);
            }
            c.run();
        } catch (KsStatusException e) {
            out.println("ks capture: " + e.getMessage());
            return 1;
        }
        long start = System.nanoTime();
        long firstTime = -1;
        long lastTime = -1;
        for (int n = 1; n <= frames; n++) {
            KsStreamHeader h = headers.poll();
            IoStatusBlock iosb;
            try {
                iosb = reads.poll().get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                out.println("frame " + n + ": " + e.getCause().getMessage());
                return 1;
            }
            if (firstTime < 0) {
                firstTime = h.presentationTime100ns();
            }
            lastTime = h.presentationTime100ns();
            String time = h.hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_TIMEVALID)
                    ? String.format(Locale.ROOT, "%.3f s", (h.presentationTime100ns() - firstTime) / 1e7) : "no time";
            String info = h.extension() != null
                    ? ", picture " + KsWire.getLong(h.extension(), 8) + ", dropped " + KsWire.getLong(h.extension(), 16) : "";
            out.println("frame " + n + ": " + h.dataUsed() + " bytes, " + time + info
                    + (h.hasOption(KsStreamHeaderOptions.KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY) ? ", discontinuity" : "")
                    + (iosb.status() != NtStatus.STATUS_SUCCESS ? ", " + NtStatus.toString(iosb.status()) : ""));
            if (submitted < frames) {
                submit(client, c, frameBytes, headers, reads);
                submitted++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double span = (lastTime - firstTime) / 1e7;
        String rate = frames > 1 && span > 0 ? String.format(Locale.ROOT, ", %.1f fps by presentation time", (frames - 1) / span) : "";
        out.println(String.format(Locale.ROOT, "%d frames in %.2f s%s", frames, seconds, rate));
        return 0;
    }

    private static void submit(KsClient client, KsClient.Connection c, int frameBytes, ArrayDeque<KsStreamHeader> headers,
            ArrayDeque<CompletableFuture<IoStatusBlock>> reads) {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocateDirect(frameBytes))
                .extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
        headers.add(h);
        reads.add(client.streamIo().read(c.pin(), h).toCompletableFuture());
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
