package ks.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FastIoDispatchBenchmarkRigTest {

    /** YUY2 has 2 bytes per pixel: 1 KB is 32 x 16, 1080p is 4,147,200 bytes. */
    @ParameterizedTest
    @CsvSource({"1024, 32, 16", "4147200, 1920, 1080", "64, 32, 1", "3840, 1920, 1", "6, 3, 1", "2, 1, 1"})
    void shouldPickAYuy2PictureOfExactlyTheFrameSize(int frameBytes, int width, int height) {
        int w = FastIoDispatchBenchmark.Rig.yuy2Width(frameBytes);
        assertEquals(width, w);
        assertEquals(height, frameBytes / 2 / w);
        assertEquals(frameBytes, w * (frameBytes / 2 / w) * 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -2, 1, 1001})
    void shouldRefuseASizeNoYuy2FrameHas(int frameBytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastIoDispatchBenchmark.Rig.yuy2Width(frameBytes));
        assertTrue(e.getMessage().contains(String.valueOf(frameBytes)), e.getMessage());
    }
}
