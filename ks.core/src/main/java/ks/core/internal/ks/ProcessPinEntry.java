package ks.core.internal.ks;

import java.nio.ByteBuffer;

import ks.api.ks.KsPin;
import ks.api.ks.KsProcessPin;
import ks.api.ks.KsStreamPointer;

/** One KSPROCESSPIN of a filter-centric process call, and what the call left in it. */
final class ProcessPinEntry implements KsProcessPin {

    private final KsPin pin;
    private final KsStreamPointer pointer;
    private final int available;
    private int used;
    private boolean terminate;

    ProcessPinEntry(KsPin pin, KsStreamPointer pointer) {
        this.pin = pin;
        this.pointer = pointer;
        this.available = pointer == null ? 0 : pointer.remaining();
    }

    @Override
    public KsPin pin() {
        return pin;
    }

    @Override
    public KsStreamPointer streamPointer() {
        return pointer;
    }

    @Override
    public ByteBuffer data() {
        if (pointer == null) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer b = pointer.header().data().duplicate();
        int from = pointer.offset();
        b.limit(Math.min(b.capacity(), from + available)).position(Math.min(from, b.limit()));
        return b.slice();
    }

    @Override
    public int bytesAvailable() {
        return available;
    }

    @Override
    public int bytesUsed() {
        return used;
    }

    @Override
    public void bytesUsed(int value) {
        if (value < 0 || value > available) {
            throw new IllegalArgumentException("BytesUsed " + value + " of pin " + pin.id() + " is outside 0.." + available);
        }
        used = value;
    }

    @Override
    public boolean terminate() {
        return terminate;
    }

    @Override
    public void terminate(boolean value) {
        terminate = value;
    }

    /** After the call: advances the edge by BytesUsed, ejecting the frame with Terminate, and unlocks it. */
    void apply() {
        if (pointer == null || !pointer.locked()) {
            return; // the device moved or unlocked it itself
        }
        if (used > 0 || terminate) {
            pointer.advanceOffsetsAndUnlock(Math.min(used, pointer.remaining()), terminate);
        } else {
            pointer.unlock(false);
        }
    }
}
