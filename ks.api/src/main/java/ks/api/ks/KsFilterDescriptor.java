package ks.api.ks;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * KSFILTER_DESCRIPTOR: a filter factory. Each one becomes a device interface under every category
 * (with {@code referenceString}, so a device can have several factories), and each open of that
 * interface is a new filter instance.
 *
 * @param referenceString the interface's reference string, e.g. {@code GLOBAL}
 * @param friendlyName the name users see
 * @param categories KSCATEGORY_* interface classes, e.g. VIDEO, CAPTURE, VIDEO_CAMERA
 * @param pins the pin factories, indexed by PinId
 * @param propertySets the device's own filter-level property sets
 * @param dispatch filter open/close callbacks
 */
public record KsFilterDescriptor(String referenceString, String friendlyName, List<UUID> categories, List<KsPinDescriptor> pins,
        List<KsPropertySet> propertySets, KsFilterDispatch dispatch) {

    public KsFilterDescriptor {
        Objects.requireNonNull(referenceString);
        categories = List.copyOf(categories);
        pins = List.copyOf(pins);
        propertySets = List.copyOf(propertySets);
        Objects.requireNonNull(dispatch);
        if (referenceString.isEmpty() || referenceString.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("reference string must be a non-empty name without backslashes: " + referenceString);
        }
    }

    /** A filter with default dispatch and no extra property sets. */
    public static KsFilterDescriptor of(String referenceString, String friendlyName, List<UUID> categories, KsPinDescriptor... pins) {
        return new KsFilterDescriptor(referenceString, friendlyName, categories, List.of(pins), List.of(), new KsFilterDispatch() {
        });
    }
}
