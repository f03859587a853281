package ks.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import ks.api.io.DeviceInterface;
import ks.api.io.DeviceObject;
import ks.api.io.Irp;
import ks.api.io.IrpMajorFunction;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsDeviceDescriptor;
import ks.api.ks.KsFilterDescriptor;
import ks.api.ks.KsGuids;
import ks.api.ks.KsPin;
import ks.api.ks.KsPinDescriptor;
import ks.api.ks.KsPinDispatch;
import ks.api.ks.KsProperty;
import ks.api.ks.KsState;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The kit as a driver author uses it: a minidriver streams on the bench, and the extension fails dirty tests. */
class KsBenchTest {

    static final long FPS30 = 333_333;

    /** A minidriver written against ks.api only: fills every read with its frame number. */
    static KsPinDescriptor countingPin() {
        return KsPinDescriptor.builder()
                .dataFlow(KsProperty.KSPIN_DATAFLOW_OUT)
                .category(KsGuids.PINNAME_VIDEO_CAPTURE)
                .dataRange(KsVideo.range(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, FPS30, FPS30, FPS30, 0))
                .dispatch(new KsPinDispatch() {
                    int n;

                    @Override
                    public int process(KsPin pin) {
                        while (pin.fillNext((p, h) -> {
                            h.data().putInt(0, ++n);
                            h.dataUsed(32 * 24 * 2);
                        })) {
                            // every read queued
                        }
                        return NtStatus.STATUS_PENDING;
                    }
                })
                .build();
    }

    static void loadCountingCamera(KsTestBench bench) {
        bench.load("Counting", (d, registry) -> bench.framework().initializeDriver(d, KsDeviceDescriptor.of("Counting",
                KsFilterDescriptor.of("capture", "Counting Camera", List.of(KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE),
                        countingPin()))));
    }

    @Test
    @ExtendWith(KsBench.class)
    void aMinidriverStreamsOnTheBench(KsTestBench bench) throws Exception {
        loadCountingCamera(bench);
        DeviceInterface cam = bench.awaitInterface("Counting Camera", Duration.ofSeconds(5));
        try (KsClient.Connection c = bench.client().connect(cam.symbolicLink(), 0,
                KsVideo.format(KsGuids.MEDIASUBTYPE_YUY2, 32, 24, 16, FPS30, 0))) {
            c.run();
            for (int i = 1; i <= 3; i++) {
                KsStreamHeader h = bench.readFrame(c, 32 * 24 * 2, false, Duration.ofSeconds(5));
                assertEquals(i, h.data().getInt(0));
                assertEquals(32 * 24 * 2, h.dataUsed());
            }
            bench.client().setState(c.pin(), KsState.KSSTATE_STOP);
        }
    }

    @Test
    void aHandBuiltStackAndTheChecks() {
        try (KsTestBench bench = new KsTestBench()) {
            DeviceObject bottom = bench.device("Bottom", (d, irp) -> {
                irp.ioStatus().set(NtStatus.STATUS_SUCCESS, 7);
                bench.io().completeRequest(irp);
                return NtStatus.STATUS_SUCCESS;
            });
            DeviceObject top = bench.stack(bottom, bench.device("Top", (d, irp) -> {
                irp.skipCurrentIrpStackLocation();
                return bench.io().callDriver(d.attachedTo(), irp);
            }));
            assertEquals(2, top.stackSize());
            ks.api.io.IoStatusBlock iosb = new ks.api.io.IoStatusBlock();
            Irp irp = bench.io().buildDeviceIoControlRequest(0x222003, top, null, 0, null, 0, false, new ks.api.io.KEvent(), iosb);
            assertEquals(NtStatus.STATUS_SUCCESS, bench.io().callDriver(top, irp));
            assertEquals(7, iosb.information());
            bench.assertClean();

            Irp leaked = bench.io().allocateIrp(1);
            AssertionError e = assertThrows(AssertionError.class, bench::assertClean);
            assertTrue(e.getMessage().contains("1 IRP(s) never completed or freed"), e.getMessage());
            bench.io().freeIrp(leaked);
            bench.assertClean();
        }
    }

    /** Run only through the testkit: each breaks a rule the extension must catch. */
    @ExtendWith(KsBench.class)
    static class DirtyTests {
        @Test
        void leaksAnIrp(KsTestBench bench) {
            bench.io().allocateIrp(1);
        }

        @Test
        void completesTwice(KsTestBench bench) {
            DeviceObject dev = bench.device("Twice", (d, irp) -> {
                irp.ioStatus().set(NtStatus.STATUS_SUCCESS, 0);
                bench.io().completeRequest(irp);
                try {
                    bench.io().completeRequest(irp);
                } catch (IllegalStateException swallowed) {
                    // a careless driver hides the verifier's exception; the violation is still recorded
                }
                return NtStatus.STATUS_SUCCESS;
            });
            Irp irp = bench.io().buildDeviceIoControlRequest(0x222003, dev, null, 0, null, 0, false, null, new ks.api.io.IoStatusBlock());
            irp.nextIrpStackLocation().majorFunction(IrpMajorFunction.IRP_MJ_DEVICE_CONTROL);
            bench.io().callDriver(dev, irp);
        }

        @Test
        void clean(KsTestBench bench) {
            loadCountingCamera(bench);
        }
    }

    @Test
    void theExtensionFailsATestThatLeaksOrBreaksARule() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(DirtyTests.class)).execute().testEvents();
        events.assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        List<String> reasons = events.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .sorted().toList();
        assertTrue(reasons.get(0).contains("1 IRP(s) never completed or freed"), reasons.toString());
        assertTrue(reasons.get(1).contains("verifier violation") && reasons.get(1).contains("MULTIPLE_IRP_COMPLETE_REQUESTS"), reasons.toString());
    }
}
