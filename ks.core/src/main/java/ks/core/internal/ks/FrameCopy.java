package ks.core.internal.ks;

import java.nio.ByteBuffer;

import ks.api.ks.KsStreamHeader;

/** Copying frames between stream headers (the ready rings' way in and out). */
final class FrameCopy {

    private FrameCopy() {
    }

    /** Copies a frame and what describes it (not Size, FrameExtent or Data) between headers. */
    static void copyFrame(KsStreamHeader from, KsStreamHeader to) {
        int used = from.dataUsed();
        copyFields(from, to, used);
        if (used > 0) {
            to.data().put(0, from.data(), 0, used);
        }
    }

    /** The header fields of a frame besides its bytes, and its extension, as {@link #copyFrame} copies them. */
    static void copyFields(KsStreamHeader from, KsStreamHeader to, int used) {
        to.dataUsed(used)
                .optionsFlags(from.optionsFlags())
                .typeSpecificFlags(from.typeSpecificFlags())
                .presentationTimeScale(from.presentationTimeNumerator(), from.presentationTimeDenominator())
                .presentationTime(from.presentationTime())
                .duration(from.duration());
        ByteBuffer fx = from.extension();
        ByteBuffer tx = to.extension();
        if (fx != null && tx != null && !tx.isReadOnly()) {
            tx.put(0, fx, 0, Math.min(fx.capacity(), tx.capacity()));
        }
    }

    /** The OptionsFlags of every header, ORed. */
    static int optionsOf(KsStreamHeader[] all) {
        int options = 0;
        for (KsStreamHeader h : all) {
            options |= h.optionsFlags();
        }
        return options;
    }
}
