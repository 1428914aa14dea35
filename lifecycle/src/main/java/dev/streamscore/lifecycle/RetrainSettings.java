package dev.streamscore.lifecycle;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What {@code streamscore retrain} does and where: flags &gt; {@code STREAMSCORE_*} environment &gt;
 * {@code --config} file &gt; the defaults {@link LifecycleFlags#RETRAIN} declares.
 *
 * @param model                   the model to retrain (its current champion's labeled pairs)
 * @param bootstrapServers        Kafka bootstrap servers
 * @param registryUrl             Confluent-compatible schema registry URL
 * @param labeledPredictionsTopic where drift-stream writes the labeled pairs
 * @param modelBaselinesTopic     the cards of published versions (the champion's is read from here)
 * @param modelUpdatesTopic       where a passing candidate is published
 * @param modelEventsTopic        where the gate's report and each step are written
 * @param maxExamples             the newest labeled pairs used at most (training and gate together)
 * @param minExamples             fewer pairs than this and nothing is trained
 * @param maxAge                  pairs whose event is older than this are not used (the recent period)
 * @param gate                    the validation gate's thresholds and the share of pairs it holds back
 * @param outDir                  where the candidate's bundle is written ({@code <out-dir>/<name>-<version>})
 * @param version                 the candidate's version; null: the champion's plus one (or {@code -r2}, {@code -r3}, ...)
 * @param seed                    training seed
 * @param publish                 whether a passing candidate is published as a shadow
 * @param signingKey              Ed25519 private key (PEM file) to sign the update with; null: unsigned
 * @param location                where the scoring job fetches the bundle from; null: the bundle directory
 * @param previousData            the data the champion was trained on (CSV or Avro, as {@code train --data}); null: none
 * @param previousShare           the share of the training set drawn from {@code previousData} (0: none)
 * @param kafka                   {@code kafka.*} client properties (SASL, TLS), prefix removed
 * @param registry                {@code schema.registry.*} and {@code basic.auth.*} properties
 */
public record RetrainSettings(String model, String bootstrapServers, String registryUrl, String labeledPredictionsTopic,
        String modelBaselinesTopic, String modelUpdatesTopic, String modelEventsTopic, int maxExamples, int minExamples,
        java.time.Duration maxAge, GateSettings gate, Path outDir, String version, long seed, boolean publish, Path signingKey, String location,
        Path previousData, double previousShare, Map<String, String> kafka, Map<String, String> registry) {

    public RetrainSettings {
        Objects.requireNonNull(model, "--model is required: the model to retrain");
        if (minExamples < 40) {
            throw new IllegalArgumentException("--min-examples must be at least 40, was " + minExamples);
        }
        if (maxExamples < minExamples) {
            throw new IllegalArgumentException("--max-examples (" + maxExamples + ") must be at least --min-examples ("
                    + minExamples + ")");
        }
        if (!(previousShare >= 0 && previousShare < 1)) {
            throw new IllegalArgumentException("--previous-share must be at least 0 and below 1, was " + previousShare);
        }
        if (previousShare > 0 && previousData == null) {
            throw new IllegalArgumentException("--previous-share needs --previous-data: the file the champion was trained on");
        }
        kafka = Map.copyOf(kafka);
        registry = Map.copyOf(registry);
    }

    /** With --previous-data, the share of previous rows unless --previous-share says otherwise. */
    static final double DEFAULT_PREVIOUS_SHARE = 0.3;

    public static RetrainSettings from(String[] args, Map<String, String> environment) {
        ConfigValues v = LifecycleFlags.RETRAIN.parse(args, environment);
        return from(v, v.string("model"), v.string("version"));
    }

    /**
     * The settings in {@code v} (parsed with {@link LifecycleFlags#RETRAIN} or a spec that includes
     * it), for {@code model}, the candidate to be {@code version} (null: the champion's plus one).
     */
    static RetrainSettings from(ConfigValues v, String model, String version) {
        GateSettings gate = new GateSettings(
                v.fraction("gate-share"),
                v.fraction("min-auc"),
                v.fraction("max-auc-drop"),
                v.fraction("max-brier-rise"),
                v.fraction("max-recall-gap-rise"),
                v.longValue("min-group-positives", 1));
        String signingKey = v.string("signing-key");
        String previousData = v.string("previous-data");
        return new RetrainSettings(
                model,
                v.string("bootstrap-servers"),
                v.string("registry-url"),
                v.string("labeled-predictions-topic"),
                v.string("model-baselines-topic"),
                v.string("model-updates-topic"),
                v.string("model-events-topic"),
                v.integer("max-examples", 1),
                v.integer("min-examples", 1),
                v.duration("max-age", java.time.Duration.ofMinutes(1)),
                gate,
                Path.of(v.string("out-dir")),
                version,
                v.longValue("seed", Long.MIN_VALUE),
                v.bool("publish"),
                signingKey == null ? null : Path.of(signingKey),
                v.string("location"),
                previousData == null ? null : Path.of(previousData),
                v.fraction("previous-share", previousData == null ? 0 : DEFAULT_PREVIOUS_SHARE),
                v.kafkaProperties(),
                v.registryProperties());
    }

    /** The same settings for another model. */
    RetrainSettings withModel(String other) {
        return new RetrainSettings(other, bootstrapServers, registryUrl, labeledPredictionsTopic, modelBaselinesTopic,
                modelUpdatesTopic, modelEventsTopic, maxExamples, minExamples, maxAge, gate, outDir, version, seed, publish,
                signingKey, location, previousData, previousShare, kafka, registry);
    }

    /** Client properties for a consumer or producer: the pass-through ones and the bootstrap servers. */
    Properties kafkaProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    Map<String, String> registryProperties() {
        Map<String, String> props = new HashMap<>(registry);
        props.put(SchemaRegistryClientConfig.URL, registryUrl);
        return props;
    }
}
