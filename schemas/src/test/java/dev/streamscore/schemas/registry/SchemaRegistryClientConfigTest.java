package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {
    @Test
    void readsConfluentPropertyNames() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "http://a:8081/, http://b:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:s3cret",
                "http.read.timeout.ms", "1500",
                "schema.registry.max.retries", "5"));
        assertThat(config.urls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.basicAuthUserInfo()).isEqualTo("svc:s3cret");
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void takesCredentialsFromTheUrlWhenAsked() {
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "https://svc:pw@registry.example:443",
                "basic.auth.credentials.source", "URL"));
        assertThat(config.basicAuthUserInfo()).isEqualTo("svc:pw");
    }

    @Test
    void invalidSettingsNameTheirKey() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of()))
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.of("localhost:8081"))
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "http://a", "http.read.timeout.ms", "soon")))
                .hasMessageContaining("http.read.timeout.ms");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "http://a", "basic.auth.user.info", "nocolon")))
                .hasMessageContaining("basic.auth.user.info");
        SchemaRegistryClientConfig missingTruststore = SchemaRegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", "https://a", "schema.registry.ssl.truststore.location", "/no/such/file.jks"));
        assertThatThrownBy(() -> new RestSchemaRegistryClient(missingTruststore))
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("/no/such/file.jks");
    }
}
