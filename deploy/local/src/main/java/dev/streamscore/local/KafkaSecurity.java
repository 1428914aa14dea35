package dev.streamscore.local;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs the local broker's client listener as {@code SASL_SSL} with SCRAM-SHA-512 instead of
 * {@code PLAINTEXT}: TLS with a CA and broker certificate generated for this stack (see
 * {@link BrokerTls}), SCRAM users created when the storage is formatted, and ACLs enforced by
 * {@code StandardAuthorizer} with {@value #ADMIN} as the only super user on that listener.
 *
 * <p>The KRaft controller listener stays PLAINTEXT on 127.0.0.1; the broker reaches its own
 * controller over it as {@code User:ANONYMOUS}, which is therefore a super user too. Clients on the
 * SASL_SSL port are never ANONYMOUS, so this grants nothing to them; it is a single-machine test
 * setup, not a template for production.
 *
 * @param users SCRAM user names and passwords; always holds {@value #ADMIN}
 */
public record KafkaSecurity(Map<String, String> users) {

    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final SecureRandom RANDOM = new SecureRandom();

    public KafkaSecurity {
        users = Map.copyOf(users);
        if (!users.containsKey(ADMIN)) {
            throw new IllegalArgumentException("The SCRAM users must include '" + ADMIN + "', the super user");
        }
        users.forEach((user, password) -> {
            // Both end up inside the --add-scram argument and a JAAS line; keep them to safe characters.
            if (!user.matches("[A-Za-z0-9._-]+") || !password.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("SCRAM user '" + user
                        + "': user names and passwords may hold only letters, digits, '.', '_' and '-'");
            }
        });
    }

    /** SASL_SSL with these users (name to password) plus {@value #ADMIN} with a random password. */
    public static KafkaSecurity saslSsl(Map<String, String> users) {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.putIfAbsent(ADMIN, randomPassword());
        return new KafkaSecurity(all);
    }

    /** 32 hex characters from a {@link SecureRandom}. */
    public static String randomPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String password(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No SCRAM user '" + user + "' on this stack; users: " + new TreeMap<>(users).keySet());
        }
        return password;
    }

    /** The JAAS line a client logs in with. */
    public static String jaasConfig(String user, String password) {
        Objects.requireNonNull(password, "password");
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Names the users, never their passwords (a config record is easily logged). */
    @Override
    public String toString() {
        return "KafkaSecurity[SASL_SSL " + MECHANISM + ", users=" + new TreeMap<>(users).keySet() + "]";
    }
}
