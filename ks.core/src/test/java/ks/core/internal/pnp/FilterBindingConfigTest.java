package ks.core.internal.pnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/**
 * The filter a ks.filter configuration gives: device IDs as a list or as a .cfg file's
 * comma-separated string, and no filter at all (not a failed component) for a value it cannot take.
 */
class FilterBindingConfigTest {

    private static PnpManager.Filter filter(String position, String... ids) {
        FilterBindingConfig.Config c = new FilterBindingConfig.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FilterBindingConfig.Config.class;
            }

            @Override
            public String driver() {
                return " KsNegative ";
            }

            @Override
            public String[] ids() {
                return ids;
            }

            @Override
            public String position() {
                return position;
            }

            @Override
            public int order() {
                return 2;
            }
        };
        return new FilterBindingConfig(c, Map.of(Constants.SERVICE_PID, "ks.filter~neg")).filter();
    }

    @Test
    void idsComeFromAListOrACommaSeparatedString() {
        PnpManager.Filter f = filter("Lower", "USB\\VID_FFFF*, USB\\VID_1209&PID_0001*");
        assertEquals(2, f.ids().size());
        assertTrue(f.matches(List.of("USB\\VID_1209&PID_0001&REV_0100")), "the second ID of the string matches");
        assertFalse(f.matches(List.of("USB\\VID_046D&PID_082D")));
        assertFalse(f.upper());
        assertEquals("KsNegative", f.driver());
        assertEquals(2, f.order());
        assertEquals("ks.filter~neg", f.id());
        assertEquals(3, filter("upper", "USB\\VID_1", "USB\\VID_2,USB\\VID_3").ids().size());
    }

    @Test
    void aConfigurationItCannotTakeGivesNoFilter() {
        assertNull(filter("sideways", "USB\\VID_1209*"), "position is upper or lower");
        assertNull(filter("upper", " , "), "no device ID");
        assertNull(filter("upper"), "no device ID");
    }
}
