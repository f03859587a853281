package ks.core.internal.fastio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** The binding a configuration gives: its providers as a list or as a .cfg file's comma-separated string. */
class FastIoBindingConfigTest {

    private static FastIoRouter.Binding binding(String... providers) {
        return binding(() -> 4, providers);
    }

    /** {@code readyFrames} as DS gives it: a number, or an exception when the value is no number. */
    private static FastIoRouter.Binding binding(java.util.function.IntSupplier readyFrames, String... providers) {
        FastIoBindingConfig.Config c = new FastIoBindingConfig.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FastIoBindingConfig.Config.class;
            }

            @Override
            public String driver() {
                return "usbvideo";
            }

            @Override
            public String device() {
                return "*";
            }

            @Override
            public String[] providers() {
                return providers;
            }

            @Override
            public int ranking() {
                return 0;
            }

            @Override
            public int readyFrames() {
                return readyFrames.getAsInt();
            }
        };
        return new FastIoBindingConfig(c, Map.of(Constants.SERVICE_PID, "ks.fastio.binding~usb", "readyFrames", "many")).binding();
    }

    @Test
    void providersComeInOrderFromAListOrACommaSeparatedString() {
        assertEquals(List.of("streaming", "none"), binding("streaming", "none").providers());
        assertEquals(List.of("streaming", "none"), binding("streaming, none").providers());
        assertEquals(List.of("none", "streaming", "counted"), binding(" none ,streaming", "counted").providers());
        assertEquals(List.of(), binding(" ", ",").providers(), "no names: every provider, by ranking");
        assertEquals("ks.fastio.binding~usb", binding("streaming").id());
        assertEquals(4, binding("streaming").readyFrames());
    }

    @Test
    void aValueDsCannotConvertGivesNoBinding() {
        // what DS throws for readyFrames=many in a .cfg file
        assertNull(binding(() -> {
            throw new IllegalStateException("java.lang.NumberFormatException: For input string: \"many\"");
        }, "streaming"));
    }
}
