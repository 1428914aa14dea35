package dev.streamscore.scoring.publish;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.config.ConfigValues;
import dev.streamscore.config.SettingsSpec;
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

/**
 * {@code PublishMain --bundle DIR [--location URL] [--signing-key ed25519-private.pem] [--role champion|challenger|shadow] [--traffic-share 0.1] [--retire true]
 * [--bootstrap-servers ...] [--registry-url ...] [--model-updates-topic ...] [--model-baselines-topic ...]}:
 * publishes a trained bundle so the running scoring job serves it. The job's task managers fetch it
 * from {@code --location} (default: this directory as a file: URI, so a path they share), e.g. the
 * http(s) URL of a zip of the bundle.
 */
public final class PublishMain {
    public static final SettingsSpec SPEC = SettingsSpec.builder("streamscore publish",
                    "Publish a trained model bundle: its baseline to model-baselines, a model update to model-updates.")
            .add("bundle", null, "the model bundle directory to publish (required)")
            .add("role", ModelRole.CHAMPION, "champion, challenger or shadow")
            .add("traffic-share", null, "share of traffic a challenger scores (default: 0.1 for a challenger, else 1)")
            .add("retire", false, "true: stop serving this role's model")
            .add("location", null, "where the task managers fetch the bundle (default: this directory as a file: URI), "
                    + "e.g. the http(s) URL of a zip of it")
            .add("signing-key", null, "Ed25519 private key (PEM file) to sign the update with")
            .add("published-by", System.getProperty("user.name"), "who published it, recorded in the update")
            .connection()
            .add("model-updates-topic", StreamScoreTopics.MODEL_UPDATES.defaultName(), "where the update goes (compacted)")
            .add("model-baselines-topic", StreamScoreTopics.MODEL_BASELINES.defaultName(), "where the model card goes (compacted)")
            .build();

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
        ConfigValues v = SPEC.parse(args, environment);
        String bundleDir = v.string("bundle");
        if (bundleDir == null) {
            throw new IllegalArgumentException("--bundle is required: the model bundle directory to publish");
        }
        ModelRole role = v.enumeration("role", ModelRole.class);
        double share = v.fraction("traffic-share", role == ModelRole.CHALLENGER ? 0.1 : 1.0);
        Properties kafka = new Properties();
        kafka.putAll(v.kafkaProperties());
        kafka.put("bootstrap.servers", v.string("bootstrap-servers"));
        Map<String, String> registry = new HashMap<>(v.registryProperties());
        registry.put(SchemaRegistryClientConfig.URL, v.string("registry-url"));
        String keyFile = v.string("signing-key");
        return new Request(Path.of(bundleDir), role, share, v.bool("retire"), v.string("location"),
                v.string("published-by"), keyFile == null ? null : Path.of(keyFile),
                kafka, registry, v.string("model-updates-topic"), v.string("model-baselines-topic"));
    }

    public static void main(String[] args) {
        if (SettingsSpec.wantsHelp(args)) {
            System.out.print(SPEC.help());
            return;
        }
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
