package ks.api.ks;

import java.util.List;
import java.util.Objects;

/**
 * KSDEVICE_DESCRIPTOR: what {@link KsFramework#initializeDriver} builds devices from.
 *
 * @param deviceName base of the FDO name ({@code \Device\<deviceName>}, numbered when taken)
 * @param filters the filter factories every device of the driver exposes
 */
public record KsDeviceDescriptor(String deviceName, List<KsFilterDescriptor> filters, KsDeviceDispatch dispatch) {

    public KsDeviceDescriptor {
        Objects.requireNonNull(deviceName);
        filters = List.copyOf(filters);
        Objects.requireNonNull(dispatch);
    }

    public static KsDeviceDescriptor of(String deviceName, KsFilterDescriptor... filters) {
        return new KsDeviceDescriptor(deviceName, List.of(filters), new KsDeviceDispatch() {
        });
    }
}
