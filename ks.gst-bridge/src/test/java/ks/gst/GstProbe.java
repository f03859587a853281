package ks.gst;

import java.util.concurrent.CompletableFuture;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;
import org.freedesktop.gstreamer.query.Query;

/** GStreamer calls the tests make to look at what the elements did, which gst1-java-core does not wrap. */
final class GstProbe {

    interface Gst extends Library {
        boolean gst_pad_query(Pointer pad, Pointer query);

        void gst_message_parse_error(Pointer message, PointerByReference error, PointerByReference debug);
    }

    interface GLib extends Library {
        String g_quark_to_string(int quark);

        void g_error_free(Pointer error);

        void g_free(Pointer p);
    }

    private static final Gst GST = Native.load("gstreamer-1.0", Gst.class);
    private static final GLib GLIB = Native.load("glib-2.0", GLib.class);

    /** An ERROR message's GError domain (as its quark's name), code and debug text. */
    record ErrorInfo(String domain, int code, String message, String debug) {
    }

    private GstProbe() {
    }

    /** gst_pad_query on the pad itself (the element's own answer, not its peer's). */
    static boolean query(Pad pad, Query query) {
        return GST.gst_pad_query(Natives.getRawPointer(pad), Natives.getRawPointer(query));
    }

    /** The first ERROR {@code pipeline} posts from now on (the listener stays for the pipeline's life, which the test's is). */
    static CompletableFuture<ErrorInfo> firstError(Pipeline pipeline) {
        CompletableFuture<ErrorInfo> error = new CompletableFuture<>();
        pipeline.getBus().connect((Bus.MESSAGE) (bus, message) -> {
            if (message.getType() == MessageType.ERROR) {
                error.complete(error(message));
            }
        });
        return error;
    }

    static ErrorInfo error(Message message) {
        PointerByReference error = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        GST.gst_message_parse_error(Natives.getRawPointer(message), error, debug);
        Pointer e = error.getValue();
        try {
            return new ErrorInfo(GLIB.g_quark_to_string(e.getInt(0)), e.getInt(4), e.getPointer(8).getString(0),
                    debug.getValue() == null ? null : debug.getValue().getString(0));
        } finally {
            GLIB.g_error_free(e);
            GLIB.g_free(debug.getValue());
        }
    }
}
