package ks.api.ks;

import java.util.List;
import java.util.UUID;

/** KSMETHOD_SET: a method set GUID and its methods. */
public record KsMethodSet(UUID set, List<KsMethodItem> items) {

    public KsMethodSet {
        items = List.copyOf(items);
    }

    /** The method with this Id, or null. */
    public KsMethodItem item(int id) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).methodId() == id) {
                return items.get(i);
            }
        }
        return null;
    }
}
