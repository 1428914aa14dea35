package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.local.KafkaSecurity;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.testing.Acls;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code streamscore tail} against a broker that serves SASL_SSL (SCRAM-SHA-512) and enforces ACLs:
 * with credentials from a {@code --command-config} file (not the command line) it reads; a wrong
 * password and a user without an ACL are refused with the broker's error, and the password is in
 * none of the output.
 */
class TailSecurityIT {
    private static final String TOPIC = "predictions";
    private static final String READER = "reader";
    private static final String STRANGER = "stranger";
    private static final Map<String, String> USERS = Map.of(KafkaSecurity.ADMIN, KafkaSecurity.randomPassword(),
            READER, KafkaSecurity.randomPassword(), STRANGER, KafkaSecurity.randomPassword());

    private static LocalStack stack;

    @BeforeAll
    static void startSecuredStackWithOnePrediction() throws Exception {
        stack = LocalStack.start(LocalStackConfig.forTests().withKafkaSecurity(KafkaSecurity.saslSsl(USERS)));
        stack.createTopics(Map.of(TOPIC, 1));
        try (Admin admin = Admin.create(new HashMap<>(adminSettings()))) {
            Acls.createAndAwait(admin, List.of(
                    allow(new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL), AclOperation.READ),
                    allow(new ResourcePattern(ResourceType.GROUP, "streamscore-tail-", PatternType.PREFIXED),
                            AclOperation.READ)), Duration.ofSeconds(30));
        }
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        Properties props = new Properties();
        props.putAll(adminSettings());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(TOPIC, "card-1", Prediction.newBuilder()
                    .setEventId("txn-secured").setEntityId("card-1").setModelName("fraud").setModelVersion("1")
                    .setRole(ModelRole.CHAMPION).setScore(0.2).setScores(List.of()).setDecision("legit")
                    .setEventTime(Instant.now()).setScoredTime(Instant.now()).build())).get();
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void readsWithCredentialsFromAConfigFile(@TempDir Path dir) throws IOException {
        Result result = tail(configFile(dir, READER, USERS.get(READER)));
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"event_id\": \"txn-secured\"");
        assertThat(result.out() + result.err()).doesNotContain(USERS.get(READER));
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt(@TempDir Path dir) throws IOException {
        String wrong = KafkaSecurity.randomPassword();
        Result result = tail(configFile(dir, READER, wrong));
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("SaslAuthenticationException");
        assertThat(result.out() + result.err()).doesNotContain(wrong).doesNotContain(USERS.get(READER));
    }

    @Test
    void aUserWithoutAnAclIsRefused(@TempDir Path dir) throws IOException {
        Result result = tail(configFile(dir, STRANGER, USERS.get(STRANGER)));
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).containsAnyOf("TopicAuthorizationException", "GroupAuthorizationException");
        assertThat(result.out()).doesNotContain("txn-secured");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result tail(Path config) {
        return assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = StreamScoreCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("tail", "predictions", "--topic", TOPIC, "--from-beginning", "--max", "1",
                    "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                    "--command-config", config.toString());
            return new Result(exit, out.toString(), err.toString());
        });
    }

    /** The client settings a user would keep in a file readable only by them. */
    private static Path configFile(Path dir, String user, String password) throws IOException {
        Properties settings = new Properties();
        settings.putAll(stack.clientProperties(user));
        settings.setProperty("sasl.jaas.config", KafkaSecurity.jaasConfig(user, password));
        Path file = dir.resolve(user + ".properties");
        try (var writer = Files.newBufferedWriter(file)) {
            settings.store(writer, null);
        }
        return file;
    }

    private static Map<String, String> adminSettings() {
        Map<String, String> settings = new HashMap<>(stack.adminClientProperties());
        settings.put("bootstrap.servers", stack.bootstrapServers());
        return settings;
    }

    private static AclBinding allow(ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + READER, "*", operation, AclPermissionType.ALLOW));
    }
}
