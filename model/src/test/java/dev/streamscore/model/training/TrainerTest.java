package dev.streamscore.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.FeatureProfile;
import dev.streamscore.model.card.GroupMetrics;
import dev.streamscore.model.card.ProfileBuilder;
import dev.streamscore.model.card.SegmentProfile;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.features.MapFieldReader;
import dev.streamscore.model.tf.TfScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    static Path dir;
    static ModelBundle bundle;
    static List<Double> losses = new ArrayList<>();

    @BeforeAll
    static void train() {
        Path data = TransactionCsvFixtures.write(dir.resolve("train.csv"), 6000, 11);
        bundle = Trainer.train(TrainingSpec.demo(), data, "1", 42, 10, dir.resolve("fraud-1"),
                (epoch, epochs, loss) -> losses.add(loss));
    }

    @Test
    void learnsTheHiddenFunctionWellAboveChance() {
        ModelCard card = bundle.card();
        assertThat(losses).hasSize(10);
        assertThat(losses.get(9)).isLessThan(losses.get(0));
        assertThat(card.holdout().examples()).isBetween(1000L, 1400L);
        assertThat(card.holdout().auc()).isGreaterThan(0.8);
        assertThat(card.holdout().threshold()).isBetween(0.01, 0.99);
        assertThat(card.training().examples() + card.training().holdoutExamples()).isEqualTo(6000);
    }

    @Test
    void writesABundleThatReloadsAndScoresLikeTraining() throws Exception {
        ModelBundle loaded = ModelBundle.load(bundle.directory());
        assertThat(loaded.card()).isEqualTo(bundle.card());
        FeatureVectorizer vectorizer = loaded.vectorizer();
        float[] vector = vectorizer.vectorize(new MapFieldReader(Map.of("amount", "2500.00", "merchant_category", "electronics",
                "hour_of_day", "3", "distance_from_home_km", "400", "online", "true", "transactions_last_hour", "4",
                "card_age_days", "3")));
        float[] safe = vectorizer.vectorize(new MapFieldReader(Map.of("amount", "12.00", "merchant_category", "grocery",
                "hour_of_day", "14", "distance_from_home_km", "2", "online", "false", "transactions_last_hour", "0",
                "card_age_days", "1500")));
        try (TfScorer scorer = loaded.openScorer()) {
            assertThat(scorer.score(vector)).isGreaterThan(0.5f).isGreaterThan(scorer.score(safe));
        }
        assertThat(Files.exists(bundle.directory().resolve("saved_model/saved_model.pb"))).isTrue();
    }

    @Test
    void cardCarriesFittedSpecAndTrainingProfile() {
        ModelCard card = bundle.card();
        assertThat(card.key()).isEqualTo("fraud@1");
        assertThat(card.features()).allMatch(f -> f.isFitted());
        assertThat(card.features().get(1).vocabulary()).contains("grocery", "electronics");
        FeatureProfile amount = card.profile().features().get("amount");
        assertThat(amount.histogram().total()).isEqualTo(card.profile().sampleSize());
        assertThat(amount.histogram().counts()).as("decile bins are never empty").doesNotContain(0L);
        assertThat(amount.quantiles()).containsKeys("p01", "p50", "p99");
        assertThat(amount.min()).isLessThan(amount.quantiles().get("p50")).isLessThan(amount.max());
        FeatureProfile distance = card.profile().features().get("distance_from_home_km");
        assertThat(distance.missingRate()).isBetween(0.01, 0.06);
        FeatureProfile category = card.profile().features().get("merchant_category");
        assertThat(category.frequencies().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(card.profile().labelRate()).isBetween(0.02, 0.3);
        assertThat(card.profile().scoreHistogram().total()).isEqualTo(card.holdout().examples());
        assertThat(card.event().attributes()).containsExactly("customer_segment");

        // Each segment of the attribute is profiled on its own, binned like the whole.
        Map<String, SegmentProfile> segments = card.profile().segments().get("customer_segment");
        assertThat(segments).isNotEmpty();
        assertThat(segments.values().stream().mapToLong(SegmentProfile::sampleSize).sum())
                .isLessThanOrEqualTo(card.profile().sampleSize());
        segments.values().forEach(segment -> {
            assertThat(segment.sampleSize()).isGreaterThanOrEqualTo(ProfileBuilder.MIN_SEGMENT_RECORDS);
            FeatureProfile segmentAmount = segment.features().get("amount");
            assertThat(segmentAmount.histogram().edges()).containsExactly(amount.histogram().edges());
            assertThat(segmentAmount.histogram().total()).isEqualTo(segment.sampleSize());
        });
    }

    @Test
    void cardCarriesTheHoldoutsFiguresPerGroup() {
        ModelCard card = bundle.card();
        Map<String, GroupMetrics> groups = card.fairnessOrEmpty().groups("customer_segment");
        assertThat(groups).isNotEmpty();
        // Every holdout record of the attribute counted once, each group at the card's own threshold.
        assertThat(groups.values().stream().mapToLong(GroupMetrics::examples).sum()).isEqualTo(card.holdout().examples());
        assertThat(groups.values().stream().mapToLong(GroupMetrics::positives).sum()).isEqualTo(card.holdout().positives());
        long truePositives = groups.values().stream().mapToLong(GroupMetrics::truePositives).sum();
        assertThat(truePositives / (double) card.holdout().positives()).isCloseTo(card.holdout().recall(), within(1e-9));
        assertThat(card.fairnessOrEmpty().gaps().get("customer_segment").demographicParity()).isBetween(0.0, 1.0);
    }

    @Test
    void cardJsonRoundTrips() {
        String json = ModelCards.toJson(bundle.card());
        assertThat(json).contains("\"features\"", "\"holdout\"", "\"profile\"",
                "\"LOG1P_STANDARDIZE\"", "\"label_rate\"", "\"fairness\"", "\"positive_rate\"",
                "\"demographic_parity\"");
        assertThat(ModelCards.fromJson(json)).isEqualTo(bundle.card());
    }

    @Test
    void checksumIsStableAndSeesAnyChange() throws Exception {
        String first = bundle.checksum();
        assertThat(first).hasSize(64).isEqualTo(bundle.checksum());
        Path copy = dir.resolve("copy");
        try (var files = Files.walk(bundle.directory())) {
            for (Path source : files.toList()) {
                Files.copy(source, copy.resolve(bundle.directory().relativize(source).toString()));
            }
        }
        assertThat(new ModelBundle(copy, bundle.card()).checksum()).isEqualTo(first);
        Files.writeString(copy.resolve("model.json"), " ", java.nio.file.StandardOpenOption.APPEND);
        assertThat(new ModelBundle(copy, bundle.card()).checksum()).isNotEqualTo(first);
    }

    @Test
    void refusesToOverwriteABundleOrReadABrokenOne() {
        assertThatThrownBy(() -> Trainer.train(TrainingSpec.demo(), dir.resolve("train.csv"), "1", 42, 1,
                bundle.directory(), TrainingProgress.NONE)).hasMessageContaining("not empty");
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("model.json is missing");
    }
}
