package dev.streamscore.schemas.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a schema registry. Built from the same property names Confluent's clients use, so a
 * user's existing client configuration works unchanged:
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>schema.registry.url</td><td>(required)</td><td>comma-separated base URLs, tried in turn</td></tr>
 *   <tr><td>basic.auth.credentials.source</td><td>USER_INFO when basic.auth.user.info is set</td><td>USER_INFO or URL (user:password@ in the URL)</td></tr>
 *   <tr><td>basic.auth.user.info</td><td></td><td>user:password</td></tr>
 *   <tr><td>schema.registry.ssl.truststore.location / .password / .type</td><td>JVM default / none / JKS</td><td>trust store for https</td></tr>
 *   <tr><td>schema.registry.ssl.keystore.location / .password / .type, schema.registry.ssl.key.password</td><td>none</td><td>client certificate (mutual TLS)</td></tr>
 *   <tr><td>http.connect.timeout.ms</td><td>5000</td><td>TCP connect timeout</td></tr>
 *   <tr><td>http.read.timeout.ms</td><td>10000</td><td>time allowed for one request's answer</td></tr>
 *   <tr><td>schema.registry.max.retries</td><td>3</td><td>retries after a failed attempt (unreachable, timeout, 5xx, 429)</td></tr>
 *   <tr><td>schema.registry.retry.backoff.ms / .max.ms</td><td>200 / 2000</td><td>exponential backoff between retries</td></tr>
 * </table>
 *
 * <p>So a call that cannot succeed fails after at most (retries + 1) x timeouts plus the backoffs.
 * The record is {@link Serializable} because Flink ships it with the job graph.
 */
public record SchemaRegistryClientConfig(
        List<String> urls,
        String basicAuthUserInfo,
        TlsConfig tls,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration retryBackoffMax) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

    public SchemaRegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " must name at least one registry URL");
        }
        for (String url : urls) {
            validateUrl(url);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, was " + maxRetries);
        }
    }

    /** A config for one URL with the defaults and no authentication. */
    public static SchemaRegistryClientConfig of(String url) {
        return fromProperties(Map.of(URL, url));
    }

    /** Reads the Confluent-named properties (see the class doc); unknown keys are ignored. */
    public static SchemaRegistryClientConfig fromProperties(Map<String, ?> props) {
        String urlList = string(props, URL, null);
        if (urlList == null || urlList.isBlank()) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:8081)");
        }
        List<String> urls = Arrays.stream(urlList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .toList();

        String userInfo = string(props, BASIC_AUTH_USER_INFO, null);
        String source = string(props, BASIC_AUTH_CREDENTIALS_SOURCE, userInfo != null ? "USER_INFO" : "");
        String auth = switch (source.toUpperCase(Locale.ROOT)) {
            case "" -> null;
            case "USER_INFO" -> {
                if (userInfo == null || !userInfo.contains(":")) {
                    throw new IllegalArgumentException(
                            BASIC_AUTH_USER_INFO + " must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
                }
                yield userInfo;
            }
            case "URL" -> {
                String fromUrl = URI.create(urls.get(0)).getUserInfo();
                if (fromUrl == null) {
                    throw new IllegalArgumentException(
                            URL + " must contain user:password@ when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=URL");
                }
                yield fromUrl;
            }
            default -> throw new IllegalArgumentException(
                    BASIC_AUTH_CREDENTIALS_SOURCE + " must be USER_INFO or URL, was " + source);
        };

        TlsConfig tls = null;
        String truststore = string(props, TRUSTSTORE_LOCATION, null);
        String keystore = string(props, KEYSTORE_LOCATION, null);
        if (truststore != null || keystore != null) {
            tls = new TlsConfig(
                    truststore, string(props, TRUSTSTORE_PASSWORD, null), string(props, TRUSTSTORE_TYPE, "JKS"),
                    keystore, string(props, KEYSTORE_PASSWORD, null), string(props, KEYSTORE_TYPE, "JKS"),
                    string(props, KEY_PASSWORD, null));
        }

        return new SchemaRegistryClientConfig(
                urls,
                auth,
                tls,
                Duration.ofMillis(positiveLong(props, CONNECT_TIMEOUT_MS, 5_000)),
                Duration.ofMillis(positiveLong(props, READ_TIMEOUT_MS, 10_000)),
                (int) nonNegativeLong(props, MAX_RETRIES, 3),
                Duration.ofMillis(nonNegativeLong(props, RETRY_BACKOFF_MS, 200)),
                Duration.ofMillis(nonNegativeLong(props, RETRY_BACKOFF_MAX_MS, 2_000)));
    }

    /** A copy with other timeouts and retries, e.g. for a fail-fast health check. */
    public SchemaRegistryClientConfig withRetries(Duration requestTimeout, int maxRetries, Duration retryBackoff) {
        return new SchemaRegistryClientConfig(
                urls, basicAuthUserInfo, tls, connectTimeout, requestTimeout, maxRetries, retryBackoff, retryBackoffMax);
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "SchemaRegistryClientConfig[urls=" + urls + ", basicAuth=" + (basicAuthUserInfo != null)
                + ", tls=" + (tls != null) + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }

    private static void validateUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + " contains an invalid URL: " + url, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(URL + " must be http(s)://host[:port][/path], was " + url);
        }
    }

    private static String string(Map<String, ?> props, String key, String fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        return String.valueOf(value);
    }

    private static long positiveLong(Map<String, ?> props, String key, long fallback) {
        long value = nonNegativeLong(props, key, fallback);
        if (value == 0) {
            throw new IllegalArgumentException(key + " must be > 0");
        }
        return value;
    }

    private static long nonNegativeLong(Map<String, ?> props, String key, long fallback) {
        String raw = string(props, key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 0) {
                throw new IllegalArgumentException(key + " must be >= 0, was " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + raw + "'", e);
        }
    }

    /** Key and trust material for https registries. Locations are file paths. */
    public record TlsConfig(
            String truststoreLocation,
            String truststorePassword,
            String truststoreType,
            String keystoreLocation,
            String keystorePassword,
            String keystoreType,
            String keyPassword) implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "TlsConfig[truststore=" + truststoreLocation + ", keystore=" + keystoreLocation + "]";
        }
    }
}
