package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.streamscore.local.BrokerTls;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over TLS with basic auth, against an HTTPS endpoint on loopback whose
 * certificate is signed by a CA made for the test (the real registry with both is
 * {@link RegistryTlsIT}; this is the fast check of the client alone): the client verifies the
 * server with the configured trust store and hostname, sends the credentials, and never puts the
 * password into an error.
 */
class RegistryTlsTest {
    private static final String USER = "registry-user";
    private static final String PASSWORD = "s3cret-registry-pw-7Q";
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Click\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    @TempDir
    static Path dir;
    static BrokerTls tls;
    static HttpsServer server;
    static String url;

    @BeforeAll
    static void startHttpsRegistry() throws Exception {
        tls = BrokerTls.generate(dir.resolve("tls"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            keys.load(in, tls.password().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, tls.password().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean authorised = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = !authorised ? "{\"error_code\":40101,\"message\":\"Unauthorized\"}"
                    : exchange.getRequestURI().getPath().equals("/schemas/ids/1")
                            ? "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(SCHEMA) + "}"
                            : "{\"error_code\":40403,\"message\":\"Schema not found\"}";
            int status = !authorised ? 401 : exchange.getRequestURI().getPath().equals("/schemas/ids/1") ? 200 : 404;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        // localhost, as the certificate names it (and 127.0.0.1), with hostname verification on.
        url = "https://localhost:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsASchemaOverTlsWithBasicAuthWhenTheCaIsTrusted() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(Map.of(
                SchemaRegistryClientConfig.TRUSTSTORE_LOCATION, tls.truststore().toString(),
                SchemaRegistryClientConfig.TRUSTSTORE_PASSWORD, tls.password(),
                SchemaRegistryClientConfig.TRUSTSTORE_TYPE, "PKCS12",
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD)));
        assertThat(client.getById(1).toString()).contains("Click");
    }

    /** A PEM trust store, as cert-manager's ca.crt in the Kubernetes manifests. */
    @Test
    void trustsTheCaOfAPemFile() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.truststore())) {
            trust.load(in, tls.password().toCharArray());
        }
        byte[] ca = trust.getCertificate(trust.aliases().nextElement()).getEncoded();
        Path pem = dir.resolve("ca.crt");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca)
                + "\n-----END CERTIFICATE-----\n");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(Map.of(
                SchemaRegistryClientConfig.TRUSTSTORE_LOCATION, pem.toString(),
                SchemaRegistryClientConfig.TRUSTSTORE_TYPE, "PEM",
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD)));
        assertThat(client.getById(1).toString()).contains("Click");

        Files.writeString(pem, "not a certificate\n");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(config(Map.of(
                SchemaRegistryClientConfig.TRUSTSTORE_LOCATION, pem.toString(),
                SchemaRegistryClientConfig.TRUSTSTORE_TYPE, "PEM"))).getById(1))
                .hasMessageContaining(SchemaRegistryClientConfig.TRUSTSTORE_LOCATION);
    }

    @Test
    void refusesAServerItDoesNotTrust() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(Map.of(
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD)));
        Throwable error = catchError(() -> client.getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryException.class).hasMessageContaining(url);
        assertThat(chain(error)).containsIgnoringCase("certificat");
        assertThat(chain(error)).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsAnAuthErrorThatDoesNotRepeatThePassword() {
        String wrong = "wrong-pw-" + PASSWORD.hashCode();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(Map.of(
                SchemaRegistryClientConfig.TRUSTSTORE_LOCATION, tls.truststore().toString(),
                SchemaRegistryClientConfig.TRUSTSTORE_PASSWORD, tls.password(),
                SchemaRegistryClientConfig.TRUSTSTORE_TYPE, "PKCS12",
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, USER + ":" + wrong)));
        Throwable error = catchError(() -> client.getById(1));
        assertThat(error).isInstanceOf(SchemaRegistryAuthException.class);
        assertThat(chain(error)).doesNotContain(wrong).doesNotContain(tls.password());
    }

    @Test
    void theConfigNeverPrintsItsSecrets() {
        SchemaRegistryClientConfig config = config(Map.of(
                SchemaRegistryClientConfig.TRUSTSTORE_LOCATION, tls.truststore().toString(),
                SchemaRegistryClientConfig.TRUSTSTORE_PASSWORD, tls.password(),
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD));
        assertThat(config.toString()).doesNotContain(PASSWORD).doesNotContain(tls.password());
    }

    private static SchemaRegistryClientConfig config(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(SchemaRegistryClientConfig.URL, url);
        all.put("schema.registry.max.retries", "0");
        all.put("schema.registry.retry.backoff.ms", "5");
        return SchemaRegistryClientConfig.fromProperties(all);
    }

    private static Throwable catchError(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    /** Every message and stack frame of the error and its causes, as a log would show them. */
    private static String chain(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
