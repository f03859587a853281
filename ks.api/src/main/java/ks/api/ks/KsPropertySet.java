package ks.api.ks;

import java.util.List;
import java.util.UUID;

/**
 * KSPROPERTY_SET: a property set GUID and its items. Filters and pins carry a list of sets; device
 * authors add their own next to the standard ones.
 */
public record KsPropertySet(UUID set, List<KsPropertyItem> items) {

    public KsPropertySet {
        items = List.copyOf(items);
    }

    /** The item with this Id, or null. */
    public KsPropertyItem item(int id) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).propertyId() == id) {
                return items.get(i);
            }
        }
        return null;
    }
}
