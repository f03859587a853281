package ks.devices.usbvideo.internal.uvc;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import ks.api.io.IoStatusBlock;
import ks.api.ks.KsStreamHeader;
import ks.api.ks.KsVideo;
import ks.devices.usbvideo.internal.virtual.VirtualCameraSpec;
import ks.devices.usbvideo.rig.CameraRig;

/** The shared {@link CameraRig} with the verifier on, and reads with a KS_FRAME_INFO extension. */
final class VirtualCameraRig extends CameraRig {

    VirtualCameraRig() {
        super(true);
    }

    static VirtualCameraSpec spec(String uvc, String transfer, String format, String size, int fps, String... faults) {
        return CameraRig.spec("Rig Camera", 0x0001, uvc, transfer, true, format, size, fps, faults);
    }

    /** A completed read: its header (own buffer) and status. */
    record Read(KsStreamHeader header, IoStatusBlock iosb) {
    }

    /** Issues one read of {@code bytes} with a KS_FRAME_INFO extension. */
    CompletableFuture<Read> read(ks.api.io.FileObject pin, int bytes) {
        KsStreamHeader h = new KsStreamHeader(ByteBuffer.allocate(bytes));
        h.extension(ByteBuffer.allocate(KsVideo.SIZEOF_KS_FRAME_INFO));
        return streamIo.read(pin, h).toCompletableFuture().handle((iosb, failure) -> {
            if (iosb != null) {
                return new Read(h, iosb);
            }
            Throwable t = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (t instanceof ks.api.io.KsStatusException) {
                return new Read(h, new IoStatusBlock(((ks.api.io.KsStatusException) t).status(), 0));
            }
            throw new IllegalStateException(t);
        });
    }
}
