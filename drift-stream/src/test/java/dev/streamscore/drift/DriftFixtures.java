package dev.streamscore.drift;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.Calibration;
import dev.streamscore.model.card.EventSpec;
import dev.streamscore.model.card.Fairness;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.model.card.OutputSpec;
import dev.streamscore.model.card.ProfileBuilder;
import dev.streamscore.model.card.TrainingProfile;
import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.MissingPolicy;
import dev.streamscore.model.features.NumericTransform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A small fraud model's card and training profile, built with the model module's own
 * {@link ProfileBuilder} from a deterministic synthetic training set, and live predictions drawn
 * from the same world (stationary) or a shifted one. Features: {@code amount} (lognormal,
 * median about 33), {@code merchant_category} (grocery/travel/electronics/fuel at 40/30/20/10 %),
 * {@code distance_km} (exponential, 3 % missing); segment field {@code customer_segment} (retail,
 * premium, business in turn, in training and live), profiled per segment.
 */
public final class DriftFixtures {
    public static final String MODEL = "fraud";
    public static final String VERSION = "3";
    public static final String MODEL_KEY = MODEL + "@" + VERSION;
    public static final double THRESHOLD = 0.5;
    static final String[] CATEGORIES = {"grocery", "travel", "electronics", "fuel"};
    static final double[] CATEGORY_SHARES = {0.4, 0.3, 0.2, 0.1};
    static final String[] SEGMENTS = {"retail", "premium", "business"};

    private static final int TRAINING_SIZE = 5_000;
    private static final ModelCard CARD = buildCard();

    private DriftFixtures() {
    }

    /** How live predictions are drawn. */
    public enum World {
        STATIONARY,
        /** Amounts three times larger. */
        AMOUNT_SHIFT,
        /** Amounts three times larger for business customers only (a third of the traffic). */
        BUSINESS_AMOUNT_SHIFT
    }

    public static ModelCard card() {
        return CARD;
    }

    public static Baseline baseline() {
        return new Baseline(MODEL_KEY, "sha-fixture", 1_700_000_000_000L, CARD);
    }

    public static ModelBaseline modelBaseline() {
        return ModelBaseline.newBuilder()
                .setModelName(MODEL)
                .setModelVersion(VERSION)
                .setChecksum("sha-fixture")
                .setCardJson(ModelCards.toJson(CARD))
                .setPublishedTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    /** The {@code i}-th live prediction of a world, deterministic in (world, i). */
    public static Prediction prediction(World world, long i, long eventTimeMs) {
        SplittableRandom random = new SplittableRandom(world.ordinal() * 1_000_003L + i);
        Map<String, Object> raw = drawFeatures(random);
        String segment = SEGMENTS[(int) (i % SEGMENTS.length)];
        if (world == World.AMOUNT_SHIFT || world == World.BUSINESS_AMOUNT_SHIFT && segment.equals("business")) {
            raw.put("amount", (Double) raw.get("amount") * 3);
        }
        double score = score(raw, random);
        Map<String, Object> features = new HashMap<>(raw);
        Map<String, String> attributes = Map.of("customer_segment", segment);
        return Prediction.newBuilder()
                .setEventId("e-" + world.name().toLowerCase() + "-" + i)
                .setEntityId("card-" + (i % 97))
                .setModelName(MODEL)
                .setModelVersion(VERSION)
                .setRole(ModelRole.CHAMPION)
                .setScore(score)
                .setDecision(score >= THRESHOLD ? "fraud" : "legit")
                .setDecisionThreshold(THRESHOLD)
                .setEventTime(Instant.ofEpochMilli(eventTimeMs))
                .setScoredTime(Instant.ofEpochMilli(eventTimeMs + 5))
                .setFeatures(features)
                .setAttributes(attributes)
                .build();
    }

    /** The label of a prediction, drawn from its score (a calibrated model). */
    public static Label label(Prediction p, long labelTimeMs) {
        SplittableRandom random = new SplittableRandom(p.getEventId().hashCode());
        return Label.newBuilder()
                .setEventId(p.getEventId())
                .setLabel(random.nextDouble() < p.getScore() ? 1.0 : 0.0)
                .setLabelTime(Instant.ofEpochMilli(labelTimeMs))
                .setSource("fixture")
                .build();
    }

    private static ModelCard buildCard() {
        SplittableRandom random = new SplittableRandom(42);
        List<Map<String, Object>> served = new ArrayList<>();
        List<Map<String, String>> attributes = new ArrayList<>();
        float[] labels = new float[TRAINING_SIZE];
        float[] scores = new float[TRAINING_SIZE];
        for (int i = 0; i < TRAINING_SIZE; i++) {
            Map<String, Object> raw = drawFeatures(random);
            double score = score(raw, random);
            served.add(raw);
            attributes.add(Map.of("customer_segment", SEGMENTS[i % SEGMENTS.length]));
            scores[i] = (float) score;
            labels[i] = random.nextDouble() < score ? 1 : 0;
        }
        List<FeatureSpec> specs = List.of(
                FeatureSpec.numeric("amount", "amount", NumericTransform.LOG1P, MissingPolicy.IMPUTE),
                FeatureSpec.categorical("merchant_category", "merchant_category", true, MissingPolicy.IMPUTE),
                FeatureSpec.numeric("distance_km", "distance_km", NumericTransform.NONE, MissingPolicy.IMPUTE));
        TrainingProfile profile = ProfileBuilder.build(specs, served, labels, scores, attributes,
                List.of("customer_segment"));
        return new ModelCard(ModelCard.FORMAT_VERSION, MODEL, VERSION, "fixture", "2026-01-01T00:00:00Z",
                new EventSpec("event_id", "event_time", List.of("customer_segment")), specs,
                new OutputSpec("binary", "serving_default", "features", "score", THRESHOLD, "fraud", "legit"),
                BinaryMetrics.of(scores, labels, THRESHOLD), null, profile,
                Fairness.of(scores, labels, attributes, List.of("customer_segment"), THRESHOLD),
                Calibration.fit(scores, labels));
    }

    private static Map<String, Object> drawFeatures(SplittableRandom random) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("amount", Math.exp(3.5 + 0.8 * gaussian(random)));
        double u = random.nextDouble();
        double cumulative = 0;
        String category = CATEGORIES[CATEGORIES.length - 1];
        for (int c = 0; c < CATEGORIES.length; c++) {
            cumulative += CATEGORY_SHARES[c];
            if (u < cumulative) {
                category = CATEGORIES[c];
                break;
            }
        }
        raw.put("merchant_category", category);
        raw.put("distance_km", random.nextDouble() < 0.03 ? null : -20 * Math.log(1 - random.nextDouble()));
        return raw;
    }

    private static double score(Map<String, Object> raw, SplittableRandom random) {
        double amount = (Double) raw.get("amount");
        double logit = -2.5 + 0.9 * (Math.log(amount) - 3.5) + ("electronics".equals(raw.get("merchant_category")) ? 1 : 0)
                + 0.5 * gaussian(random);
        return 1 / (1 + Math.exp(-logit));
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * That no window needed a revision for late records: every {@code late_events} count is 0, and
     * a window's only result after its first is the final result (revision 1) of a performance
     * window that gave a provisional one.
     */
    public static void assertNoLateRevision(List<MonitorMetric> metrics) {
        Set<String> early = metrics.stream().filter(MonitorMetric::getProvisional).map(DriftFixtures::windowId)
                .collect(Collectors.toSet());
        org.assertj.core.api.Assertions.assertThat(metrics).as("no window needed a revision for late records")
                .allSatisfy(m -> org.assertj.core.api.Assertions.assertThat(m.getRevision())
                        .as("revision of %s/%s of window %s", m.getKind(), m.getMetric(), windowId(m))
                        .isBetween(0, !m.getProvisional() && early.contains(windowId(m)) ? 1 : 0))
                .filteredOn(m -> m.getMetric().equals("late_events"))
                .allSatisfy(m -> org.assertj.core.api.Assertions.assertThat(m.getValue()).isZero());
    }

    private static String windowId(MonitorMetric m) {
        return m.getModelName() + "@" + m.getModelVersion() + "/" + m.getWindowStart();
    }
}
