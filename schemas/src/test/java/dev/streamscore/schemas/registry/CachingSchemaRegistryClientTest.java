package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.schemas.SchemaFixtures;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {
    private final InMemorySchemaRegistryClient backing = new InMemorySchemaRegistryClient();
    private final Map<String, Integer> calls = new HashMap<>();
    private final SchemaRegistryClient counting = (SchemaRegistryClient) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                calls.merge(method.getName(), 1, Integer::sum);
                try {
                    return method.invoke(backing, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final CachingSchemaRegistryClient cache = new CachingSchemaRegistryClient(counting);

    @Test
    void registersOncePerSubjectAndSchema() {
        int first = cache.register("clicks-value", SchemaFixtures.CLICK_V1);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.register("clicks-value", SchemaFixtures.CLICK_V1)).isEqualTo(first);
        }
        assertThat(calls).containsEntry("register", 1);
        // The id learnt by registering also serves reads: no getById call.
        assertThat(cache.getById(first)).isEqualTo(SchemaFixtures.CLICK_V1);
        assertThat(calls).doesNotContainKey("getById");
    }

    @Test
    void fetchesEachIdOnce() {
        int id = backing.register("clicks-value", SchemaFixtures.CLICK_V1);
        for (int i = 0; i < 10; i++) {
            assertThat(cache.getById(id)).isEqualTo(SchemaFixtures.CLICK_V1);
        }
        assertThat(calls).containsEntry("getById", 1);
    }

    @Test
    void latestIsNeverCachedButNumberedVersionsAre() {
        backing.register("clicks-value", SchemaFixtures.CLICK_V1);
        cache.getBySubjectVersion("clicks-value", "latest");
        backing.register("clicks-value", SchemaFixtures.CLICK_V2);
        assertThat(cache.getBySubjectVersion("clicks-value", "latest").schema()).isEqualTo(SchemaFixtures.CLICK_V2);
        cache.getBySubjectVersion("clicks-value", "1");
        cache.getBySubjectVersion("clicks-value", "1");
        assertThat(calls).containsEntry("getBySubjectVersion", 3);
    }

    @Test
    void staysWithinItsCapacity() {
        CachingSchemaRegistryClient small = new CachingSchemaRegistryClient(counting, 2);
        int a = backing.register("a", SchemaFixtures.CLICK_V1);
        int b = backing.register("b", SchemaFixtures.vectorLabel().getSchema());
        int c = backing.register("c", SchemaFixtures.prediction("x").getSchema());
        small.getById(a);
        small.getById(b);
        small.getById(c);
        small.getById(a);
        assertThat(calls).containsEntry("getById", 4);
    }
}
