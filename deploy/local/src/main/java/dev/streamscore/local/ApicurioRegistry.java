package dev.streamscore.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Apicurio Registry 2.x as the local Confluent-compatible schema registry, running as a child
 * process on 127.0.0.1. Clients use its Confluent API under {@code /apis/ccompat/v7}.
 *
 * <p>Storage is an H2 file under {@code <dataDir>/registry/h2}, so registered schemas (and their
 * ids) survive a restart of the registry. Once ready, the global compatibility
 * is set to BACKWARD (Confluent Schema Registry's default); Apicurio's default, NONE, makes the
 * {@code /compatibility} endpoint answer {@code is_compatible:false} for everything.
 */
final class ApicurioRegistry {

    static final String PROCESS_NAME = "registry";
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final String SCHEMA_REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int INITIAL_CONNECTIONS = 2;
    private static final Duration CONNECTION_ACQUISITION_TIMEOUT = Duration.ofSeconds(120);

    private final int port;
    private final ChildProcess process;
    private final BrokerTls tls;
    private final RegistryAuth auth;
    private final HttpClient http;

    private ApicurioRegistry(int port, ChildProcess process, BrokerTls tls, RegistryAuth auth) {
        this.port = port;
        this.process = process;
        this.tls = tls;
        this.auth = auth;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1));
        if (tls != null) {
            builder.sslContext(trusting(tls));
        }
        this.http = builder.build();
    }

    /**
     * Unpacks the server if needed and starts it; does not wait for it to serve.
     *
     * @param tls  null for plain HTTP; else HTTPS only, with this key store
     * @param auth null for no authentication; else every request needs a token of this provider, or
     *             this client's id and secret as basic auth (which the registry exchanges for one)
     */
    static ApicurioRegistry launch(StackLayout layout, int port, int managementPort, BrokerTls tls, RegistryAuth auth)
            throws IOException {
        ApicurioDistribution distribution = ApicurioDistribution.unpacked(
                RuntimeArtifacts.apicurioRegistryTarball(), ApicurioDistribution.defaultCacheRoot());
        Path registryDir = layout.registryDir();
        List<String> jvmOptions = new ArrayList<>(List.of(
                "-Xmx256m",
                // Without these Quarkus binds 0.0.0.0:8080 and 0.0.0.0:9000.
                "-Dquarkus.http.host=127.0.0.1",
                // With TLS the plain port is not opened (insecure requests disabled); 0 keeps it off 8080.
                "-Dquarkus.http.port=" + (tls == null ? port : 0),
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                // Vert.x caches files under java.io.tmpdir by default; keep them with the stack.
                "-Dvertx.cacheDirBase=" + registryDir.resolve("vertx-cache")));
        // A file, not memory, so schema ids survive a restart of the registry, as with any real
        // registry; otherwise every record already written would name an id that no longer exists.
        // The registry's own setting: application.properties has
        // %prod.quarkus.datasource.jdbc.url=${REGISTRY_DATASOURCE_URL:jdbc:h2:mem:registry_db}.
        // WRITE_DELAY=0: every commit is on disk before the registry answers. With H2's default
        // (a background flush) a schema registered just before a crash was gone after the restart
        // (PipelineChaosIT), and every record already written with its id could no longer be read.
        jvmOptions.add("-DREGISTRY_DATASOURCE_URL=jdbc:h2:file:" + registryDir.resolve("h2").resolve("registry")
                + ";WRITE_DELAY=0");
        // The registry opens a pool of 20 H2 connections at startup (%prod initial-size and min-size)
        // and gives up on the first one after Quarkus's default 5 s. Opening the file after a SIGKILL
        // (H2 recovers it) on two cores busy with a broker and a Flink job took longer than that once
        // (PipelineChaosIT): "Acquisition timeout while waiting for new connection", exit code 1. A
        // local registry serves a handful of clients, so it starts with two connections and waits up to
        // two minutes for one (the caller's startup deadline still bounds the whole start). The pool
        // still grows to its maximum under load.
        jvmOptions.add("-D%prod.quarkus.datasource.jdbc.initial-size=" + INITIAL_CONNECTIONS);
        jvmOptions.add("-D%prod.quarkus.datasource.jdbc.min-size=" + INITIAL_CONNECTIONS);
        jvmOptions.add("-Dquarkus.datasource.jdbc.acquisition-timeout=" + CONNECTION_ACQUISITION_TIMEOUT.toSeconds() + "S");
        writeConfig(registryDir, port, tls, auth);
        // The runner jar's manifest Class-Path lists its lib/ jars, so the runner jar alone is the classpath.
        ChildProcess process = ChildProcess.start(new JvmCommand(PROCESS_NAME, registryDir,
                distribution.runnerJar().toString(), jvmOptions, distribution.mainClass(), List.of()), layout);
        return new ApicurioRegistry(port, process, tls, auth);
    }

    /**
     * Quarkus reads {@code config/application.properties} in its working directory: the TLS and
     * authentication settings go there, key store password included, so it is on no command line (the
     * file is readable by its owner only). Without either the file is removed.
     */
    private static void writeConfig(Path registryDir, int port, BrokerTls tls, RegistryAuth auth) throws IOException {
        Path file = registryDir.resolve("config").resolve("application.properties");
        Files.deleteIfExists(file);
        if (tls == null && auth == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        if (tls != null) {
            lines.addAll(List.of(
                    "quarkus.http.ssl-port=" + port,
                    "quarkus.http.insecure-requests=disabled",
                    "quarkus.http.ssl.certificate.key-store-file=" + tls.keystore().toAbsolutePath(),
                    "quarkus.http.ssl.certificate.key-store-file-type=PKCS12",
                    "quarkus.http.ssl.certificate.key-store-password=" + tls.password()));
        }
        if (auth != null) {
            // Apicurio 2.x's own settings (its application.properties reads these names).
            lines.addAll(List.of(
                    "AUTH_ENABLED=true",
                    "KEYCLOAK_URL=" + auth.providerUrl(),
                    "KEYCLOAK_REALM=" + KeycloakServer.REALM,
                    "KEYCLOAK_API_CLIENT_ID=" + KeycloakServer.API_CLIENT,
                    "CLIENT_CREDENTIALS_BASIC_AUTH_ENABLED=true"));
        }
        lines.add("");
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
    }

    private static SSLContext trusting(BrokerTls tls) {
        try (InputStream in = Files.newInputStream(tls.truststore())) {
            KeyStore trust = KeyStore.getInstance(BrokerTls.STORE_TYPE);
            trust.load(in, tls.password().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new LocalStackException("Cannot read the registry's trust store " + tls.truststore() + ": " + e, e);
        }
    }

    /** Blocks until {@code GET /subjects} answers 200, then sets the global compatibility to BACKWARD. */
    void awaitReady(Instant deadline) {
        process.awaitReady("Apicurio Registry on " + url(), deadline, () -> get("/subjects").map(HttpResponse::statusCode).orElse(-1) == 200);
        setGlobalCompatibility("BACKWARD");
    }

    /** The Confluent-compatible base URL; clients append {@code /subjects/...}. With TLS, the name its certificate has. */
    String url() {
        return (tls == null ? "http://127.0.0.1:" : "https://localhost:") + port + CCOMPAT_PATH;
    }

    /**
     * What a registry client needs to use this registry, as the Confluent client's settings: the
     * trust store with TLS, basic auth with authentication; empty for plain HTTP without either.
     */
    Map<String, String> clientProperties() {
        Map<String, String> props = new HashMap<>();
        if (tls != null) {
            props.put("schema.registry.ssl.truststore.location", tls.truststore().toString());
            props.put("schema.registry.ssl.truststore.password", tls.password());
            props.put("schema.registry.ssl.truststore.type", BrokerTls.STORE_TYPE);
        }
        if (auth != null) {
            props.put("basic.auth.credentials.source", "USER_INFO");
            props.put("basic.auth.user.info", auth.clientId() + ":" + auth.clientSecret());
        }
        return Map.copyOf(props);
    }

    ChildProcess process() {
        return process;
    }

    /** SIGKILL, as a crash. */
    void kill() {
        process.kill();
    }

    void stop() {
        process.stop();
    }

    private void setGlobalCompatibility(String level) {
        HttpRequest put = authorized(HttpRequest.newBuilder(URI.create(url() + "/config")))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", SCHEMA_REGISTRY_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .build();
        String outcome = send(put).map(r -> r.statusCode() + " " + r.body()).orElse("no answer");
        if (!outcome.startsWith("200 ")) {
            throw new LocalStackException(process.failureReport(
                    "Setting the registry's global compatibility to " + level + " failed: " + outcome));
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        return send(authorized(HttpRequest.newBuilder(URI.create(url() + path))).timeout(REQUEST_TIMEOUT).GET().build());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return auth == null ? request : request.header("Authorization", auth.basicHeader());
    }

    /** The response, or empty if the server did not answer (not listening yet, or timed out). */
    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while calling " + request.uri(), e);
        }
    }
}
