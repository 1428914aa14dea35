package dev.streamscore.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API over {@code java.net.http}, with no cache
 * (wrap it in {@link CachingSchemaRegistryClient}, or use {@link SchemaRegistryClients#create}).
 *
 * <p>Every call has a per-request timeout and is retried with exponential backoff and jitter when
 * the registry is unreachable, times out, or answers 408, 429 or 5xx; with several URLs each retry
 * goes to the next one. Client errors (4xx) are not retried: they are mapped to the exception that
 * names them. Works with Confluent Schema Registry, Apicurio Registry's {@code /apis/ccompat/v7},
 * Karapace and Redpanda.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger nextUrl = new AtomicInteger();

    public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (config.tls() != null) {
            builder.sslContext(sslContext(config.tls()));
        }
        this.http = builder.build();
        this.authorization = config.basicAuthUserInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(String subject, Schema schema) {
        try {
            JsonNode answer = call("register schema under subject '" + subject + "'",
                    "POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            return answer.path("id").asInt();
        } catch (IncompatibleSchemaException conflict) {
            // Two clients registering a new subject at once: some registries (Apicurio) answer the
            // loser 409 "already exists". If the schema is there now, that is a success.
            try {
                return lookup(subject, schema).id();
            } catch (SchemaNotFoundException notThere) {
                throw conflict;
            }
        }
    }

    /**
     * Registers schema text that names types defined by other registered schemas (shared types
     * under their own subjects, registered first); returns its id. Reading it back by id or subject
     * gives one self-contained schema.
     */
    public int register(String subject, String schemaText, List<SchemaReference> references) {
        ObjectNode body = JSON.createObjectNode().put("schema", schemaText);
        var array = body.putArray("references");
        references.forEach(r -> array.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version()));
        return call("register schema with " + references.size() + " reference(s) under subject '" + subject + "'",
                "POST", "/subjects/" + encode(subject) + "/versions", body.toString()).path("id").asInt();
    }

    @Override
    public Schema getById(int id) {
        JsonNode answer = call("get schema id " + id, "GET", "/schemas/ids/" + id, null);
        return parse(answer, "schema id " + id);
    }

    @Override
    public RegisteredSchema getBySubjectVersion(String subject, String version) {
        JsonNode answer = call("get version " + version + " of subject '" + subject + "'",
                "GET", "/subjects/" + encode(subject) + "/versions/" + encode(version), null);
        return registered(subject, answer);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode answer = call("look up schema under subject '" + subject + "'",
                "POST", "/subjects/" + encode(subject), schemaBody(schema));
        return registered(subject, answer);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer = call("test compatibility with subject '" + subject + "'",
                "POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schema));
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        call("set compatibility of " + describe(subject) + " to " + level,
                "PUT", configPath(subject), body.toString());
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        JsonNode answer = call("get compatibility of " + describe(subject), "GET", configPath(subject), null);
        // Confluent answers compatibilityLevel; some registries answer compatibility.
        String level = answer.hasNonNull("compatibilityLevel")
                ? answer.get("compatibilityLevel").asText() : answer.path("compatibility").asText();
        try {
            return CompatibilityLevel.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("Registry answered an unknown compatibility level '" + level
                    + "' for " + describe(subject));
        }
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        call("list subjects", "GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        call("list versions of subject '" + subject + "'", "GET", "/subjects/" + encode(subject) + "/versions", null)
                .forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    /** The configuration this client was built with. */
    public SchemaRegistryClientConfig config() {
        return config;
    }

    private JsonNode call(String what, String method, String path, String body) {
        int attempts = config.maxRetries() + 1;
        String lastFailure = null;
        Throwable lastCause = null;
        int lastStatus = -1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String baseUrl = config.urls().get(Math.floorMod(nextUrl.get(), config.urls().size()));
            HttpRequest request = request(baseUrl + path, method, body);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body() == null || response.body().isBlank()
                            ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
                if (!retryable(status)) {
                    throw failure(what, baseUrl, status, response.body());
                }
                lastStatus = status;
                lastFailure = "HTTP " + status + " " + errorMessage(response.body());
                lastCause = null;
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
                lastStatus = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException(
                        "Interrupted while trying to " + what + " at " + baseUrl, -1, -1, e);
            }
            nextUrl.incrementAndGet();
            if (attempt < attempts) {
                Duration pause = backoff(attempt);
                LOG.warn("Schema registry {}: {} failed (attempt {}/{}): {}; retrying in {} ms",
                        baseUrl, what, attempt, attempts, lastFailure, pause.toMillis());
                sleep(pause, what);
            }
        }
        throw new SchemaRegistryUnavailableException(
                "Schema registry " + config.urls() + " is unavailable: could not " + what + " after " + attempts
                        + " attempt(s) (timeout " + config.requestTimeout().toMillis() + " ms each); last failure: "
                        + lastFailure, lastStatus, -1, lastCause);
    }

    private HttpRequest request(String url, String method, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private SchemaRegistryException failure(String what, String baseUrl, int status, String body) {
        int errorCode = errorCode(body);
        String message = "Schema registry " + baseUrl + ": could not " + what + ": HTTP " + status
                + (errorCode > 0 ? " (error " + errorCode + ")" : "") + ": " + errorMessage(body);
        return switch (status) {
            case 401, 403 -> new SchemaRegistryAuthException(message, status, errorCode, null);
            case 404 -> new SchemaNotFoundException(message, status, errorCode, null);
            case 409 -> new IncompatibleSchemaException(message, status, errorCode, null);
            case 422 -> new InvalidSchemaException(message, status, errorCode, null);
            default -> new SchemaRegistryException(message, status, errorCode, null);
        };
    }

    private static int errorCode(String body) {
        try {
            return body == null || body.isBlank() ? -1 : JSON.readTree(body).path("error_code").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // Not JSON: show the start of whatever came back (a proxy's HTML page, say).
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private Duration backoff(int attempt) {
        long base = config.retryBackoff().toMillis();
        long capped = Math.min(config.retryBackoffMax().toMillis(), base << Math.min(attempt - 1, 20));
        // Full jitter keeps many tasks that failed together from retrying together.
        return Duration.ofMillis(capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
    }

    private static void sleep(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while waiting to retry: " + what, -1, -1, e);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /**
     * The schema in a registry answer, with the named types it references (Confluent schema
     * references: {@code [{"name","subject","version"}]}, as written by clients that register types
     * once and refer to them) fetched and defined first, so the result is one self-contained schema.
     */
    private Schema parse(JsonNode answer, String what) {
        requireAvro(answer, what);
        Schema.Parser parser = new Schema.Parser();
        try {
            defineReferences(answer.path("references"), parser, what, new HashSet<>(), new LinkedHashSet<>());
            return parser.parse(answer.path("schema").asText());
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(what + " is not a valid Avro schema: " + e.getMessage());
        }
    }

    /**
     * Defines each referenced schema in {@code parser}, depth first, each subject version once. A
     * parse error (an undefined name is an AvroTypeException, not a SchemaParseException) becomes a
     * SchemaRegistryException that names the schema, as any other unreadable schema does.
     */
    private void defineReferences(JsonNode references, Schema.Parser parser, String what, Set<String> defined,
                                  Set<String> enclosing) {
        for (JsonNode reference : references) {
            String subject = reference.path("subject").asText();
            String version = reference.path("version").asText();
            String key = "subject '" + subject + "' version " + version;
            if (defined.contains(key)) {
                continue;
            }
            if (!enclosing.add(key)) {
                throw new SchemaRegistryException(what + " has a cycle of schema references: " + String.join(" -> ", enclosing)
                        + " -> " + key);
            }
            String referenced = "'" + reference.path("name").asText() + "' (" + key + "), referenced by " + what;
            JsonNode answer = call("get " + referenced, "GET",
                    "/subjects/" + encode(subject) + "/versions/" + encode(version), null);
            requireAvro(answer, referenced);
            defineReferences(answer.path("references"), parser, what, defined, enclosing);
            try {
                parser.parse(answer.path("schema").asText());
            } catch (AvroRuntimeException e) {
                throw new SchemaRegistryException(referenced + " is not a valid Avro schema: " + e.getMessage());
            }
            enclosing.remove(key);
            defined.add(key);
        }
    }

    private static void requireAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(what + " is a " + type + " schema; StreamScore reads Avro only");
        }
    }

    private RegisteredSchema registered(String subject, JsonNode answer) {
        return new RegisteredSchema(
                answer.path("subject").asText(subject),
                answer.path("id").asInt(),
                answer.path("version").asInt(),
                parse(answer, "subject '" + subject + "'"));
    }

    private static String configPath(String subject) {
        return subject == null ? "/config" : "/config/" + encode(subject);
    }

    private static String describe(String subject) {
        return subject == null ? "the registry (global)" : "subject '" + subject + "'";
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SSLContext sslContext(SchemaRegistryClientConfig.TlsConfig tls) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.truststoreLocation() != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(loadKeyStore(tls.truststoreLocation(), tls.truststorePassword(), tls.truststoreType(),
                        SchemaRegistryClientConfig.TRUSTSTORE_LOCATION));
            }
            KeyManagerFactory kmf = null;
            if (tls.keystoreLocation() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPassword = tls.keyPassword() != null ? tls.keyPassword() : tls.keystorePassword();
                kmf.init(loadKeyStore(tls.keystoreLocation(), tls.keystorePassword(), tls.keystoreType(),
                                SchemaRegistryClientConfig.KEYSTORE_LOCATION),
                        keyPassword == null ? null : keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry client: " + e.getMessage(), e);
        }
    }

    /**
     * A key store file, or with type {@code PEM} (trust stores only, as in the Confluent client) the
     * X.509 certificates of a PEM file, such as the {@code ca.crt} cert-manager writes.
     */
    private static KeyStore loadKeyStore(String location, String password, String type, String key)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            if ("PEM".equalsIgnoreCase(type)) {
                if (key.equals(SchemaRegistryClientConfig.KEYSTORE_LOCATION)) {
                    throw new IllegalArgumentException(key + ": PEM is supported for the trust store only");
                }
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                try {
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                } catch (CertificateException e) {
                    throw new IllegalArgumentException(key + ": cannot read certificates from the PEM file " + location
                            + ": " + e.getMessage(), e);
                }
                if (n == 0) {
                    throw new IllegalArgumentException(key + ": no certificate in the PEM file " + location);
                }
                return store;
            }
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read key store " + location + ": " + e.getMessage(), e);
        }
    }
}
