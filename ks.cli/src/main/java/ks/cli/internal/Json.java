package ks.cli.internal;

import java.util.List;
import java.util.Map;

/** JSON text of maps (in their order), lists, strings, numbers, booleans and null. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String) {
            b.append(DeviceTree.quote((String) v));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?>) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                b.append(first ? "" : ",").append(DeviceTree.quote(String.valueOf(e.getKey()))).append(':');
                write(b, e.getValue());
                first = false;
            }
            b.append('}');
        } else if (v instanceof List<?>) {
            b.append('[');
            boolean first = true;
            for (Object o : (List<?>) v) {
                b.append(first ? "" : ",");
                write(b, o);
                first = false;
            }
            b.append(']');
        } else {
            b.append(DeviceTree.quote(v.toString()));
        }
    }
}
