package dev.streamscore.local.testing;

import java.util.UUID;

import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that gives tests a real Kafka broker and schema registry:
 * {@code @ExtendWith(LocalStackExtension.class)}, then take a {@link TestStack} parameter in a
 * constructor, a {@code @BeforeAll} method or a test method.
 *
 * <p>One {@link LocalStack} (a {@link LocalStackConfig#forTests() throwaway} one) serves the whole
 * test run: it is started when the first test class needs it and kept in the root context's
 * store, which closes it when the run ends. If the run is killed, the stack's shutdown hook and
 * its children's parent watchdog stop the broker and the registry.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);
    private static final String SHARED_STACK = "shared-stack";

    @Override
    public void beforeAll(ExtensionContext context) {
        sharedStack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        SharedStack shared = sharedStack(extensionContext);
        return new TestStack(shared.stack(), extensionContext.getRequiredTestClass(), shared.runId());
    }

    private static SharedStack sharedStack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SHARED_STACK, key -> SharedStack.start(), SharedStack.class);
    }

    /** The run's stack and the short id that makes its topic names unique; closed by JUnit at the end of the run. */
    private record SharedStack(LocalStack stack, String runId) implements AutoCloseable {

        static SharedStack start() {
            LOG.info("Starting the shared local stack for this test run");
            LocalStack stack = LocalStack.start(LocalStackConfig.forTests());
            LOG.info("Test stack: Kafka {} (log {}), registry {} (log {})",
                    stack.bootstrapServers(), stack.logDir().resolve("kafka.log"),
                    stack.registryUrl(), stack.logDir().resolve("registry.log"));
            return new SharedStack(stack, UUID.randomUUID().toString().substring(0, 6));
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
