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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry client against the real local registry (Apicurio) serving HTTPS only, with a
 * certificate for {@code localhost} signed by a CA made at start: a client that trusts the CA
 * registers and reads schemas; one that does not, one that reaches the registry by a name the
 * certificate does not have (127.0.0.1), and one speaking plain HTTP are refused. Basic auth is
 * not here: Apicurio's authentication needs an OIDC provider (see {@link RegistryTlsTest}).
 */
class RegistryTlsIT {
    private static LocalStack stack;

    @BeforeAll
    static void startStackWithTlsRegistry() {
        stack = LocalStack.start(LocalStackConfig.forTests().withRegistryTls());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aClientThatTrustsTheCaRegistersAndReadsSchemas() {
        assertThat(stack.registryUrl()).startsWith("https://localhost:");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(stack.registryUrl(), true));
        int id = client.register("tls-clicks-value", SchemaFixtures.CLICK_V1);
        assertThat(client.getById(id)).isEqualTo(SchemaFixtures.CLICK_V1);
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() {
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(stack.registryUrl(), false)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class);
        assertThat(chain(error)).containsIgnoringCase("certificat");
    }

    @Test
    void aNameTheCertificateDoesNotHaveIsRefused() {
        String byAddress = stack.registryUrl().replace("https://localhost:", "https://127.0.0.1:");
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(byAddress, true)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class);
        assertThat(chain(error)).contains("No subject alternative names matching IP address 127.0.0.1");
    }

    @Test
    void plainHttpIsNotServed() {
        String plain = stack.registryUrl().replace("https://", "http://");
        Throwable error = failure(() -> new RestSchemaRegistryClient(config(plain, false)).getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void theKeyStorePasswordIsOnNoCommandLineAndInNoLog() throws IOException {
        String password = stack.registryClientProperties().get(SchemaRegistryClientConfig.TRUSTSTORE_PASSWORD);
        assertThat(password).hasSize(32);
        String processes = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .reduce("", (a, b) -> a + "\n" + b);
        assertThat(processes).doesNotContain(password);
        try (Stream<Path> logs = Files.list(stack.logDir())) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString()).doesNotContain(password);
            }
        }
    }

    private static SchemaRegistryClientConfig config(String url, boolean trusting) {
        Map<String, String> settings = new HashMap<>(trusting ? stack.registryClientProperties() : Map.of());
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
