package ks.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension of the kit: {@code @ExtendWith(KsBench.class)} gives each test (or
 * {@code @BeforeEach} method) a fresh {@link KsTestBench} parameter, and after the test fails it
 * on any verifier violation or IRP never completed or freed, then closes the bench.
 *
 * <pre>{@code
 * @ExtendWith(KsBench.class)
 * class MyCameraTest {
 *     @Test
 *     void streams(KsTestBench bench) throws Exception { ... }
 * }
 * }</pre>
 */
public final class KsBench implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KsBench.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return parameter.getParameter().getType() == KsTestBench.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return context.getStore(NS).getOrComputeIfAbsent(KsTestBench.class, k -> new KsTestBench(), KsTestBench.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        KsTestBench bench = context.getStore(NS).remove(KsTestBench.class, KsTestBench.class);
        if (bench == null) {
            return;
        }
        try {
            if (context.getExecutionException().isEmpty()) {
                bench.assertClean();
            }
        } finally {
            bench.close();
        }
    }
}
