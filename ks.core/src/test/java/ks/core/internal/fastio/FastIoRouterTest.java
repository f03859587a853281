package ks.core.internal.fastio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ks.api.io.DeviceObject;
import ks.api.io.FastIoDispatch;
import ks.api.io.FileObject;
import ks.api.io.IoStatusBlock;
import ks.api.io.KsDriver;
import ks.api.io.NtStatus;
import ks.core.internal.io.Harness;

import org.junit.jupiter.api.Test;

/**
 * How the I/O manager composes a driver's FastIoDispatch from provider services and bindings:
 * opt-in, driver and device matching, binding precedence, provider order, decline chains,
 * changes taking effect on the next request, and a driver's own table left alone.
 */
class FastIoRouterTest {

    final Harness h = new Harness();
    final FastIoRouter router = h.io.fastIo();
    final List<String> asked = new ArrayList<>();

    /** A provider that records being asked and handles reads when {@code handles}. */
    FastIoDispatch provider(String name, boolean handles) {
        return new FastIoDispatch() {
            @Override
            public boolean fastIoRead(FileObject fo, long off, int len, boolean wait, int key, Object buf, IoStatusBlock io,
                    DeviceObject dev) {
                asked.add(name);
                if (handles) {
                    io.set(NtStatus.STATUS_SUCCESS, len);
                }
                return handles;
            }
        };
    }

    static FastIoRouter.Binding binding(String id, String driver, String device, List<String> providers, int ranking) {
        return new FastIoRouter.Binding(id, driver, device, providers, ranking, 4);
    }

    boolean read(DeviceObject top) {
        return top.driverObject().fastIoDispatch().fastIoRead(null, FastIoDispatch.NO_FILE_OFFSET, 56, false, 0, null,
                new IoStatusBlock(), top);
    }

    @Test
    void shouldAskNoProviderWithoutAMatchingBinding() {
        DeviceObject cam = h.device("Cam", h.complete("cam", 0, 0));
        router.addProvider(new FastIoRouter.Provider(provider("a", true), "a", 0, 1));
        assertFalse(read(cam));
        assertEquals(List.of(), asked);
        router.addBinding(binding("b", "Other", "*", List.of(), 0));
        assertFalse(read(cam), "a binding for another driver");
        assertEquals(0, router.readyFrames(cam));
        router.addBinding(binding("c", "Cam", "*", List.of(), 0));
        assertTrue(read(cam), "the next request sees the new binding");
        assertEquals(List.of("a"), asked);
        assertEquals(4, router.readyFrames(cam));
    }

    @Test
    void shouldMatchDriverNamesWithOrWithoutThePrefixAndWithWildcards() {
        DeviceObject cam = h.device("UsbCam", h.complete("cam", 0, 0));
        router.addProvider(new FastIoRouter.Provider(provider("a", true), "a", 0, 1));
        for (String pattern : List.of("UsbCam", "\\Driver\\UsbCam", "usb*", "Usb?am")) {
            router.addBinding(binding("x", pattern, "*", List.of(), 0));
            assertTrue(read(cam), pattern);
        }
        router.addBinding(binding("x", "Usb", "*", List.of(), 0));
        assertFalse(read(cam), "a pattern matches the whole name");
    }

    @Test
    void shouldMatchAnyDeviceInTheStack() {
        DeviceObject bottom = h.device("Bus", h.complete("bus", 0, 0));
        DeviceObject top = h.stack(bottom, h.device("Filter", h.complete("filter", 0, 0)));
        router.addProvider(new FastIoRouter.Provider(provider("a", true), "a", 0, 1));
        router.addBinding(binding("x", "*", "\\Device\\Bus", List.of(), 0));
        assertTrue(read(top), "the binding names a lower device of the stack");
        router.addBinding(binding("x", "*", "\\Device\\Elsewhere", List.of(), 0));
        assertFalse(read(top));
    }

    @Test
    void shouldOrderProvidersByTheBindingThenByServiceRankingAndStopAtTheFirstThatHandles() {
        DeviceObject cam = h.device("Cam", h.complete("cam", 0, 0));
        router.addProvider(new FastIoRouter.Provider(provider("low", false), "low", 1, 1));
        router.addProvider(new FastIoRouter.Provider(provider("high", false), "high", 5, 2));
        router.addProvider(new FastIoRouter.Provider(provider("named", true), "named", 0, 3));
        router.addProvider(new FastIoRouter.Provider(provider("after", true), "after", 0, 4));
        router.addBinding(binding("all", "Cam", "*", List.of(), 0));
        assertTrue(read(cam));
        assertEquals(List.of("high", "low", "named"), asked, "all providers, highest service ranking first, until one handles");
        asked.clear();
        router.addBinding(binding("all", "Cam", "*", List.of("low", "high"), 0));
        assertFalse(read(cam), "only the named providers, and both decline");
        assertEquals(List.of("low", "high"), asked, "the binding's order before service ranking");
    }

    @Test
    void shouldLetTheHighestRankedThenTheMostSpecificBindingWin() {
        DeviceObject cam = h.device("Cam", h.complete("cam", 0, 0));
        router.addProvider(new FastIoRouter.Provider(provider("a", true), "a", 0, 1));
        router.addProvider(new FastIoRouter.Provider(provider("b", true), "b", 0, 2));
        router.addBinding(binding("any", "*", "*", List.of("a"), 0));
        router.addBinding(binding("device", "*", cam.name(), List.of("b"), 0));
        assertTrue(read(cam));
        assertEquals(List.of("b"), asked, "same ranking: the binding naming the device");
        asked.clear();
        router.addBinding(binding("any", "*", "*", List.of("a"), 3));
        assertTrue(read(cam));
        assertEquals(List.of("a"), asked, "a higher ranking wins over a more specific match");
    }

    @Test
    void shouldDropAProviderFromTheChainOnTheNextRequestAfterItLeaves() {
        DeviceObject cam = h.device("Cam", h.complete("cam", 0, 0));
        FastIoDispatch a = provider("a", true);
        router.addProvider(new FastIoRouter.Provider(a, "a", 0, 1));
        router.addBinding(binding("x", "Cam", "*", List.of(), 0));
        FastIoDispatch[] before = router.chain(cam);
        assertSame(before, router.chain(cam), "the chain is cached between changes");
        router.removeProvider(a);
        assertArrayEquals(new FastIoDispatch[0], router.chain(cam));
        assertFalse(read(cam));
        router.removeBinding("x");
        router.addProvider(new FastIoRouter.Provider(a, "a", 0, 1));
        assertFalse(read(cam), "binding gone");
    }

    @Test
    void shouldKeepNoChainForADeletedDeviceEvenForALookupThatRacedTheDeletion() {
        DeviceObject cam = h.device("Cam", h.complete("cam", 0, 0));
        DeviceObject other = h.device("Other", h.complete("other", 0, 0));
        router.addProvider(new FastIoRouter.Provider(provider("a", true), "a", 0, 1));
        router.addBinding(binding("x", "*", "*", List.of(), 0));
        router.chain(other);
        router.chain(cam);
        assertTrue(router.caches(cam));
        h.io.deleteDevice(cam);
        assertFalse(router.caches(cam), "forgotten when deleted");
        assertTrue(router.caches(other), "another device's chain stays");
        router.chain(cam); // a request that took the stack before the deletion looks its chain up after it
        assertFalse(router.caches(cam), "a late lookup leaves nothing cached for the deleted device");
        assertTrue(router.caches(other));
    }

    @Test
    void shouldLeaveADriversOwnTableInPlace() {
        FastIoDispatch own = new FastIoDispatch() { };
        KsDriver driver = (d, registry) -> {
            d.fastIoDispatch(own);
            d.addDevice((drv, pdo) -> NtStatus.STATUS_SUCCESS);
            return NtStatus.STATUS_SUCCESS;
        };
        assertSame(own, h.load("OwnFast", driver).fastIoDispatch());
        assertSame(router, h.load("NoFast", (d, registry) -> NtStatus.STATUS_SUCCESS).fastIoDispatch());
    }
}
