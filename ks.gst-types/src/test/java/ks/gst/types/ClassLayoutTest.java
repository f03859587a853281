package ks.gst.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vfunc offsets ks writes, against GStreamer's own description of its class structs (the GIR
 * typelibs of gir1.2-gstreamer-1.0, as PyGObject reads them) and the class sizes GObject reports.
 */
class ClassLayoutTest {

    interface GstInit extends Library {
        void gst_init(Pointer argc, Pointer argv);
    }

    @BeforeAll
    static void initialiseGStreamer() {
        Native.load("gstreamer-1.0", GstInit.class).gst_init(null, null);
    }

    @Test
    void everySlotLiesWhereTheTypelibSaysAndTheParentsHaveTheExpectedSizes() {
        Map<String, Integer> typelib = ClassLayout.typelibOffsets();
        assertNotNull(typelib, "GStreamer's typelibs (gir1.2-gstreamer-1.0) are installed where the tests run");
        assertEquals(488, typelib.get("BaseSrcClass.get_caps"));
        assertEquals(800, typelib.get("PushSrcClass.create"));
        assertEquals(616, typelib.get("BaseSinkClass.render"));
        assertEquals(184, typelib.get("DeviceClass.create_element"));
        assertEquals(ClassLayout.SRC_GET_CAPS, typelib.get("BaseSrcClass.get_caps"));
        assertEquals(ClassLayout.PUSH_CREATE, typelib.get("PushSrcClass.create"));
        assertEquals(ClassLayout.SINK_RENDER, typelib.get("BaseSinkClass.render"));
        assertEquals("typelib", ClassLayout.verify(), "every slot checked against the typelib");
        assertEquals(856, ClassLayout.classSize(GNative.GST_BASE.gst_push_src_get_type()), "GstPushSrcClass (g_type_query)");
    }
}
