package dev.streamscore.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keycloak, the OpenID Connect provider Apicurio Registry's authentication needs, as a child JVM on
 * 127.0.0.1: the real server from its distribution zip (Maven Central's
 * {@code org.keycloak:keycloak-quarkus-dist}), in development mode (an in-memory database, plain
 * HTTP on loopback), with one realm whose confidential clients are the registry's API and the
 * registry's users (client id and secret: what a Confluent client sends as basic auth, which the
 * registry exchanges for a token here).
 *
 * <p>The distribution is unpacked once per machine; its first start in this configuration
 * re-augments the server (about 15 s) and exits with code 10, after which it is started again with
 * {@code -Dkc.config.built=true}, as {@code kc.sh} does. Each stack has its own Keycloak home (its
 * realm file, readable by its owner only and deleted once imported), so the secrets are on no
 * command line and in no shared directory.
 */
final class KeycloakServer {

    static final String PROCESS_NAME = "keycloak";
    static final String REALM = "streamscore";
    /** The client id Apicurio validates tokens for ({@code KEYCLOAK_API_CLIENT_ID}). */
    static final String API_CLIENT = "registry-api";
    private static final Logger LOG = LoggerFactory.getLogger(KeycloakServer.class);
    private static final Pattern ZIP_NAME = Pattern.compile("keycloak-quarkus-dist-(.+)\\.zip");
    private static final int REAUGMENTED = 10;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final int port;
    private final ChildProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private KeycloakServer(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Unpacks the distribution if needed, writes the realm with these clients (id to secret), starts
     * the server and returns once it serves the realm.
     */
    static KeycloakServer start(StackLayout layout, Path distributionZip, int port, Map<String, String> clients,
                                Instant deadline) throws IOException {
        Path distribution = unpacked(distributionZip, ApicurioDistribution.defaultCacheRoot());
        Path home = layout.registryDir().resolve("keycloak");
        Path realmFile = writeHome(home, clients);
        // One augmentation at a time per unpacked distribution: it rewrites the distribution's lib/quarkus.
        try (FileChannel channel = FileChannel.open(distribution.resolveSibling(distribution.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            KeycloakServer server = new KeycloakServer(port, launch(layout, distribution, home, port, false));
            Optional<Integer> exit = server.awaitReadyOrExit(deadline);
            if (exit.isPresent()) {
                if (exit.get() != REAUGMENTED) {
                    throw new LocalStackException(server.process.failureReport(
                            "Keycloak exited with code " + exit.get() + " before it was ready."));
                }
                LOG.info("Keycloak re-augmented its build for this configuration; starting it again");
                server = new KeycloakServer(port, launch(layout, distribution, home, port, true));
                server.process.awaitReady("Keycloak on " + server.url(), deadline, server::servesRealm);
            }
            Files.deleteIfExists(realmFile);
            return server;
        }
    }

    /** The base URL, {@code http://127.0.0.1:<port>}, as Apicurio's {@code KEYCLOAK_URL} takes it. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }

    void stop() {
        process.stop();
    }

    /** Empty once the realm is served; the exit code if the process ends first. */
    private Optional<Integer> awaitReadyOrExit(Instant deadline) {
        return process.awaitReadyOrExit("Keycloak on " + url(), deadline, this::servesRealm);
    }

    private boolean servesRealm() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/realms/" + REALM + "/.well-known/openid-configuration"))
                .timeout(REQUEST_TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for Keycloak", e);
        }
    }

    private static ChildProcess launch(StackLayout layout, Path distribution, Path home, int port, boolean built)
            throws IOException {
        List<String> jvmOptions = new ArrayList<>();
        if (built) {
            jvmOptions.add("-Dkc.config.built=true");
        }
        // kc.sh's own options: its default heap and metaspace, the packages Keycloak opens, its log manager.
        jvmOptions.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:MaxMetaspaceSize=256m",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory=io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                "-Dkc.home.dir=" + home, "-Djboss.server.config.dir=" + home.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dpicocli.disable.closures=true"));
        List<String> args = List.of("start-dev", "--http-host=127.0.0.1", "--http-port=" + port, "--db=dev-mem",
                "--import-realm");
        return ChildProcess.start(new JvmCommand(PROCESS_NAME, home, distribution.resolve("lib").resolve("quarkus-run.jar").toString(),
                jvmOptions, "io.quarkus.bootstrap.runner.QuarkusEntryPoint", args), layout);
    }

    /** The stack's Keycloak home: empty conf/ and providers/, and the realm to import (owner-only). */
    private static Path writeHome(Path home, Map<String, String> clients) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("providers"));
        Path importDir = Files.createDirectories(home.resolve("data").resolve("import"));
        Path realmFile = importDir.resolve(REALM + "-realm.json");
        Files.deleteIfExists(realmFile);
        Files.createFile(realmFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(realmFile, realmJson(clients), StandardCharsets.UTF_8);
        return realmFile;
    }

    /** The realm: every client confidential, with only the client-credentials grant (a service account). */
    static String realmJson(Map<String, String> clients) {
        StringBuilder json = new StringBuilder("{\"realm\":\"" + REALM + "\",\"enabled\":true,\"clients\":[");
        String separator = "";
        for (Map.Entry<String, String> client : clients.entrySet()) {
            requireSafe(client.getKey());
            requireSafe(client.getValue());
            json.append(separator).append("{\"clientId\":\"").append(client.getKey()).append("\",\"secret\":\"")
                    .append(client.getValue()).append("\",\"enabled\":true,\"publicClient\":false,")
                    .append("\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false,\"serviceAccountsEnabled\":true}");
            separator = ",";
        }
        return json.append("]}").toString();
    }

    private static void requireSafe(String value) {
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Client ids and secrets must be letters, digits, '.', '_' or '-'");
        }
    }

    /** The distribution unpacked under {@code cacheRoot}, unpacking it first if needed. */
    static Path unpacked(Path zip, Path cacheRoot) {
        Matcher name = ZIP_NAME.matcher(zip.getFileName().toString());
        if (!name.matches()) {
            throw new LocalStackException("Unexpected Keycloak distribution name: " + zip);
        }
        Path home = cacheRoot.resolve("keycloak-" + name.group(1));
        if (Files.isRegularFile(home.resolve("lib").resolve("quarkus-run.jar"))) {
            return home;
        }
        try {
            LOG.info("Unpacking {} into {}", zip, home);
            FileTrees.createAtomically(home, staging -> {
                unzip(zip, staging);
                // The zip holds one top-level directory, keycloak-<version>.
                try (var top = Files.list(staging)) {
                    return top.findFirst().orElseThrow(() -> new IOException(zip + " is empty"));
                }
            });
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip + " into " + home, e);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("Entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
