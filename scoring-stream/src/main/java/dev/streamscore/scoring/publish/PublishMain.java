package dev.streamscore.scoring.publish;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.config.ConfigValues;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import dev.streamscore.scoring.model.ModelSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code PublishMain --bundle DIR [--location URL] [--signing-key ed25519-private.pem] [--role champion|challenger|shadow] [--traffic-share 0.1] [--retire true]
 * [--bootstrap-servers ...] [--registry-url ...] [--model-updates-topic ...] [--model-baselines-topic ...]}:
 * publishes a trained bundle so the running scoring job serves it. The job's task managers fetch it
 * from {@code --location} (default: this directory as a file: URI, so a path they share), e.g. the
 * http(s) URL of a zip of the bundle.
 */
public final class PublishMain {
    private static final Set<String> KEYS = Set.of("bundle", "location", "signing-key", "role", "traffic-share", "retire", "published-by",
            "bootstrap-servers", "registry-url", "model-updates-topic", "model-baselines-topic");

    private PublishMain() {
    }

    private static String readFile(String path, String flag) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + path + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        try {
            ConfigValues v = ConfigValues.parse(args, System.getenv(), KEYS);
            String bundleDir = v.string("bundle", null);
            if (bundleDir == null) {
                throw new IllegalArgumentException("--bundle is required: the model bundle directory to publish");
            }
            ModelBundle bundle = ModelBundle.load(Path.of(bundleDir));
            ModelRole role = v.enumeration("role", ModelRole.class, ModelRole.CHAMPION);
            double share = Double.parseDouble(v.string("traffic-share", role == ModelRole.CHALLENGER ? "0.1" : "1.0"));
            Properties kafka = new Properties();
            kafka.putAll(v.kafkaProperties());
            kafka.put("bootstrap.servers", v.string("bootstrap-servers", "127.0.0.1:9092"));
            Map<String, String> registryProps = new HashMap<>(v.registryProperties());
            registryProps.put(SchemaRegistryClientConfig.URL, v.string("registry-url", "http://127.0.0.1:8081/apis/ccompat/v7"));
            try (SchemaRegistryClient registry = SchemaRegistryClients.create(registryProps)) {
                String keyFile = v.string("signing-key", null);
                PrivateKey signingKey = keyFile == null ? null : ModelSignatures.privateKey(readFile(keyFile, "--signing-key"));
                ModelPublisher.Published published = ModelPublisher.publish(bundle, role, share, v.bool("retire", false),
                        v.string("location", null), v.string("published-by", System.getProperty("user.name")), signingKey,
                        kafka, registry,
                        v.string("model-updates-topic", StreamScoreTopics.MODEL_UPDATES.defaultName()),
                        v.string("model-baselines-topic", StreamScoreTopics.MODEL_BASELINES.defaultName()));
                System.out.printf("Published %s as %s (traffic share %.2f, checksum %s)%n", published.baselineKey(),
                        role, share, published.update().getChecksum());
            }
        } catch (RuntimeException e) {
            System.err.println("Publish failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
