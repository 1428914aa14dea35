package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.schemas.SchemaFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry client against the real local registry (Apicurio) serving HTTPS only, with a
 * certificate for {@code localhost} signed by a CA made at start, and authenticating every request
 * (Keycloak, run by the stack as its OpenID Connect provider: a client's id and secret, sent as
 * basic auth, are exchanged for a token). A client that trusts the CA and logs in registers and
 * reads schemas; one that does not trust the CA, one that reaches the registry by a name the
 * certificate does not have (127.0.0.1), one speaking plain HTTP, one with a wrong secret and one
 * without credentials are refused; no secret is on a command line or in a log.
 */
class RegistryTlsIT {
    private static LocalStack stack;

    @BeforeAll
    static void startStackWithTlsRegistry() {
        String keycloak = System.getProperty("streamscore.keycloak.dist");
        assertThat(keycloak).as("streamscore.keycloak.dist (set by schemas' pom to the Keycloak distribution zip)").isNotBlank();
        stack = LocalStack.start(LocalStackConfig.forTests().withRegistryTls().withRegistryAuth(Path.of(keycloak)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aClientThatTrustsTheCaAndLogsInRegistersAndReadsSchemas() {
        assertThat(stack.registryUrl()).startsWith("https://localhost:");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(stack.registryUrl()));
        int id = client.register("tls-clicks-value", SchemaFixtures.CLICK_V1);
        assertThat(client.getById(id)).isEqualTo(SchemaFixtures.CLICK_V1);
    }

    @Test
    void aWrongSecretIsRefused() {
        Map<String, String> settings = new HashMap<>(stack.registryClientProperties());
        String wrong = "streamscore:not-the-secret";
        settings.put(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, wrong);
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(stack.registryUrl(), settings)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryAuthException.class);
        assertThat(chain(error)).doesNotContain("not-the-secret");
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Map<String, String> settings = new HashMap<>(stack.registryClientProperties());
        settings.remove(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO);
        settings.remove(SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(stack.registryUrl(), settings)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryAuthException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() {
        Map<String, String> settings = new HashMap<>(stack.registryClientProperties());
        settings.keySet().removeIf(key -> key.startsWith("schema.registry.ssl."));
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(stack.registryUrl(), settings)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class);
        assertThat(chain(error)).containsIgnoringCase("certificat");
    }

    @Test
    void aNameTheCertificateDoesNotHaveIsRefused() {
        String byAddress = stack.registryUrl().replace("https://localhost:", "https://127.0.0.1:");
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(byAddress)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class);
        assertThat(chain(error)).contains("No subject alternative names matching IP address 127.0.0.1");
    }

    @Test
    void plainHttpIsNotServed() {
        String plain = stack.registryUrl().replace("https://", "http://");
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(plain)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void theKeyStorePasswordAndTheClientSecretAreOnNoCommandLineAndInNoLog() throws IOException {
        String password = stack.registryClientProperties().get(SchemaRegistryClientConfig.TRUSTSTORE_PASSWORD);
        String userInfo = stack.registryClientProperties().get(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO);
        String secret = userInfo.substring(userInfo.indexOf(':') + 1);
        assertThat(password).hasSize(32);
        assertThat(secret).hasSize(32);
        String processes = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .reduce("", (a, b) -> a + "\n" + b);
        assertThat(processes).contains("io.quarkus.bootstrap.runner.QuarkusEntryPoint start-dev").doesNotContain(password)
                .doesNotContain(secret);
        try (Stream<Path> logs = Files.list(stack.logDir())) {
            List<Path> files = logs.toList();
            assertThat(files).contains(stack.logDir().resolve("keycloak.log"), stack.logDir().resolve("registry.log"));
            for (Path log : files) {
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString()).doesNotContain(password)
                        .doesNotContain(secret);
            }
        }
    }

    private static SchemaRegistryClientConfig config(String url) {
        return config(url, stack.registryClientProperties());
    }

    private static SchemaRegistryClientConfig config(String url, Map<String, String> clientProperties) {
        Map<String, String> settings = new HashMap<>(clientProperties);
        settings.put(SchemaRegistryClientConfig.URL, url);
        settings.put("schema.registry.max.retries", "0");
        settings.put("schema.registry.retry.backoff.ms", "5");
        return SchemaRegistryClientConfig.fromProperties(settings);
    }

    private static Throwable failure(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the call to be refused");
    }

    private static String chain(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
