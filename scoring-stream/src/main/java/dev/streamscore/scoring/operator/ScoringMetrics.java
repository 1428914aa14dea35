package dev.streamscore.scoring.operator;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.scoring.core.DeadLetterReason;
import dev.streamscore.scoring.model.ModelSlots;
import dev.streamscore.scoring.model.ServingModel;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The scoring operator's metrics, under the {@code streamscore} group (README: Metrics). */
final class ScoringMetrics {
    final Counter eventsIn;
    final Counter predictionsOut;
    final Counter shadowRejected;
    final Counter modelSwaps;
    final Histogram batchSize;
    final Histogram scoringMicros;
    private final Counter deadLetters;
    private final Counter modelUpdatesRejected;
    private final MetricGroup group;
    private final Map<DeadLetterReason, Counter> deadLettersByKind = new EnumMap<>(DeadLetterReason.class);
    private final Map<ModelSlots.Rejection, Counter> rejectedByReason = new EnumMap<>(ModelSlots.Rejection.class);

    ScoringMetrics(MetricGroup group, Map<ModelRole, ServingModel> models) {
        this.group = group;
        eventsIn = group.counter("eventsIn");
        predictionsOut = group.counter("predictionsOut");
        deadLetters = group.counter("deadLetters");
        shadowRejected = group.counter("shadowRejected");
        modelSwaps = group.counter("modelSwaps");
        modelUpdatesRejected = group.counter("modelUpdatesRejected");
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        scoringMicros = group.histogram("scoringLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        for (ModelRole role : ModelRole.values()) {
            group.addGroup("role", role.name().toLowerCase(Locale.ROOT)).gauge("modelVersion", () -> {
                ServingModel model = models.get(role);
                return model == null ? "none" : model.card().key();
            });
        }
    }

    void rejected(ModelSlots.Rejection reason) {
        modelUpdatesRejected.inc();
        rejectedByReason.computeIfAbsent(reason, r -> group.addGroup("rejection", r.name()).counter("modelUpdatesRejected")).inc();
    }

    void deadLetter(DeadLetterReason kind) {
        deadLetters.inc();
        deadLettersByKind.computeIfAbsent(kind, k -> group.addGroup("deadLetterKind", k.name()).counter("deadLetters")).inc();
    }
}
