package ks.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ks.api.io.DeviceInterface;
import ks.api.io.FileObject;
import ks.api.io.KsStatusException;
import ks.api.io.NtStatus;
import ks.api.ks.KsClient;
import ks.api.ks.KsGuids;
import ks.api.ks.KsProperty;
import ks.api.ks.KsWire;

/** Finding the device a {@code device} property names, and the pin of a data flow on its filter. */
public final class KsDevices {

    private KsDevices() {
    }

    /**
     * The video devices of {@code category} (KSCATEGORY_CAPTURE or KSCATEGORY_RENDER) in the order
     * their index counts: cameras first (an enabled KSCATEGORY_VIDEO_CAMERA alias, as Windows camera
     * drivers register), then the others, each group in the order its interfaces arrived. So index 0,
     * kssrc's default, is a camera whenever there is one, not a source such as the ks Loopback that
     * waits for a writer and happened to start first.
     */
    public static List<DeviceInterface> list(KsClient client, UUID category) {
        List<DeviceInterface> cameras = new ArrayList<>();
        List<DeviceInterface> others = new ArrayList<>();
        for (DeviceInterface d : client.find(KsGuids.KSCATEGORY_VIDEO, category)) {
            (client.io().deviceInterfaceAlias(d.symbolicLink(), KsGuids.KSCATEGORY_VIDEO_CAMERA) != null ? cameras : others).add(d);
        }
        cameras.addAll(others);
        return cameras;
    }

    /**
     * The video interface of {@code category} whose symbolic link or friendly name is {@code device},
     * or the one at that index in {@link #list}.
     *
     * @throws KsStatusException STATUS_OBJECT_NAME_NOT_FOUND naming the devices there are
     */
    public static DeviceInterface resolve(KsClient client, UUID category, String device) throws KsStatusException {
        List<DeviceInterface> all = list(client, category);
        DeviceInterface named = named(client, all, device);
        if (named != null) {
            return named;
        }
        try {
            int i = Integer.parseInt(device);
            if (i >= 0 && i < all.size()) {
                return all.get(i);
            }
        } catch (NumberFormatException e) {
            // not an index
        }
        String kind = category.equals(KsGuids.KSCATEGORY_RENDER) ? "render" : "capture";
        throw new KsStatusException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "no video " + kind + " device '" + device + "' among "
                + all.stream().map(DeviceInterface::friendlyName).toList());
    }

    /** The interface classes a device's interfaces are aliases under, as ./ks devices lists them. */
    private static final UUID[] ALIAS_CATEGORIES = {KsGuids.KSCATEGORY_VIDEO, KsGuids.KSCATEGORY_CAPTURE, KsGuids.KSCATEGORY_VIDEO_CAMERA,
        KsGuids.KSCATEGORY_RENDER};

    /**
     * The device of {@code candidates} that {@code name} names, or null: its friendly name exactly,
     * else its friendly name in any case, its symbolic link, or the symbolic link of any of its
     * aliases (the KSCATEGORY_CAPTURE or VIDEO_CAMERA interface ./ks devices prints), in any case.
     */
    public static DeviceInterface named(KsClient client, List<DeviceInterface> candidates, String name) {
        for (DeviceInterface d : candidates) {
            if (d.friendlyName().equals(name)) {
                return d; // an exact name first: two devices may differ in case only
            }
        }
        for (DeviceInterface d : candidates) {
            if (d.friendlyName().equalsIgnoreCase(name) || d.symbolicLink().equalsIgnoreCase(name)) {
                return d;
            }
            for (UUID category : ALIAS_CATEGORIES) {
                DeviceInterface alias = client.io().deviceInterfaceAlias(d.symbolicLink(), category);
                if (alias != null && alias.symbolicLink().equalsIgnoreCase(name)) {
                    return d;
                }
            }
        }
        return null;
    }

    /** The first pin factory of {@code filter} whose data flows {@code flow} (KSPIN_DATAFLOW_IN / _OUT). */
    public static int pin(KsClient client, FileObject filter, int flow) throws KsStatusException {
        int n = client.pinFactories(filter);
        for (int i = 0; i < n; i++) {
            if (KsWire.getInt(client.get(filter, KsGuids.KSPROPSETID_Pin, KsProperty.KSPROPERTY_PIN_DATAFLOW, i, 4), 0) == flow) {
                return i;
            }
        }
        throw new KsStatusException(NtStatus.STATUS_NOT_FOUND, "the device has no "
                + (flow == KsProperty.KSPIN_DATAFLOW_OUT ? "capture" : "render") + " pin");
    }
}
