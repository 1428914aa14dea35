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

    /**
     * What to publish and where, from flags > environment: checked without reading the bundle or
     * the key and without connecting (a dry run); a bad flag throws {@link IllegalArgumentException}.
     */
    public record Request(Path bundle, ModelRole role, double trafficShare, boolean retire, String location,
            String publishedBy, Path signingKey, Properties kafka, Map<String, String> registry, String modelUpdatesTopic,
            String modelBaselinesTopic) {
    }

    public static Request parse(String[] args, Map<String, String> environment) {
        ConfigValues v = ConfigValues.parse(args, environment, KEYS);
        String bundleDir = v.string("bundle", null);
        if (bundleDir == null) {
            throw new IllegalArgumentException("--bundle is required: the model bundle directory to publish");
        }
        ModelRole role = v.enumeration("role", ModelRole.class, ModelRole.CHAMPION);
        double share = v.fraction("traffic-share", role == ModelRole.CHALLENGER ? 0.1 : 1.0);
        Properties kafka = new Properties();
        kafka.putAll(v.kafkaProperties());
        kafka.put("bootstrap.servers", v.string("bootstrap-servers", "127.0.0.1:9092"));
        Map<String, String> registry = new HashMap<>(v.registryProperties());
        registry.put(SchemaRegistryClientConfig.URL, v.string("registry-url", "http://127.0.0.1:8081/apis/ccompat/v7"));
        String keyFile = v.string("signing-key", null);
        return new Request(Path.of(bundleDir), role, share, v.bool("retire", false), v.string("location", null),
                v.string("published-by", System.getProperty("user.name")), keyFile == null ? null : Path.of(keyFile),
                kafka, registry, v.string("model-updates-topic", StreamScoreTopics.MODEL_UPDATES.defaultName()),
                v.string("model-baselines-topic", StreamScoreTopics.MODEL_BASELINES.defaultName()));
    }

    public static void main(String[] args) {
        try {
            Request r = parse(args, System.getenv());
            ModelBundle bundle = ModelBundle.load(r.bundle());
            try (SchemaRegistryClient registry = SchemaRegistryClients.create(r.registry())) {
                PrivateKey signingKey = r.signingKey() == null ? null
                        : ModelSignatures.privateKey(readFile(r.signingKey().toString(), "--signing-key"));
                ModelPublisher.Published published = ModelPublisher.publish(bundle, r.role(), r.trafficShare(), r.retire(),
                        r.location(), r.publishedBy(), signingKey, r.kafka(), registry, r.modelUpdatesTopic(),
                        r.modelBaselinesTopic());
                System.out.printf("Published %s as %s (traffic share %.2f, checksum %s)%n", published.baselineKey(),
                        r.role(), r.trafficShare(), published.update().getChecksum());
            }
        } catch (RuntimeException e) {
            System.err.println("Publish failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
