package ks.api.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KsStreamHeaderTest {

    private static KsStreamHeader used(int dataUsed) {
        return new KsStreamHeader(null).dataUsed(dataUsed);
    }

    @Test
    void shouldSumDataUsedAsUnsignedOverAnyNumberOfHeaders() {
        assertEquals(0L, KsStreamHeader.totalDataUsed());
        assertEquals(4_147_200L, KsStreamHeader.totalDataUsed(used(4_147_200)));
        assertEquals(4_294_967_295L, KsStreamHeader.totalDataUsed(used(-1)), "DataUsed is a ULONG");
        assertEquals(10L + 4_294_967_295L + 5L, KsStreamHeader.totalDataUsed(used(10), used(-1), used(5)));
        assertEquals(2 * 4_294_967_295L, KsStreamHeader.totalDataUsed(used(-1), used(-1)), "no int overflow");
    }

    @Test
    void shouldSumTheSizesOfTheHeaders() {
        KsStreamHeader larger = new KsStreamHeader(null).size(KsStreamHeader.SIZEOF + 16);
        assertEquals(3 * KsStreamHeader.SIZEOF + 16, KsStreamHeader.totalSize(used(0), larger, used(0)));
    }
}
