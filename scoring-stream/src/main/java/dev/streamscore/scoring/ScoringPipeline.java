package dev.streamscore.scoring;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.operator.ScoringOperator;
import dev.streamscore.scoring.operator.ScoringSettings;
import dev.streamscore.scoring.updates.ModelUpdateFeed;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring graph, independent of where its records come from and go to:
 * <pre>
 *  events (Source) ─► score (ScoringOperator) ─► predictions (Sink)      one task per parallel instance
 *                          │  ▲                                          (with chainSource)
 *                          │  └─ model updates, read by each task itself (ModelUpdateFeed)
 *                          ├─ dead letters ─► dead-letter Sink
 *                          └─ model alerts ─► alerts Sink (p=1)
 * </pre>
 * With {@code chainSource} (the default) the events source, scoring and the predictions sink run in
 * one thread: no serialization or hand-off between source and scoring; without it the source is a
 * task of its own. Operator uids are stable: savepoints taken by one version restore into the next
 * (a savepoint from before the feed also holds the old model-updates source's state: the job's
 * {@code --allow-non-restored-state} drops it).
 */
public final class ScoringPipeline {
    private ScoringPipeline() {
    }

    public static void build(
            StreamExecutionEnvironment env,
            Source<RawEvent, ?, ?> events,
            ModelUpdateFeed.Factory modelUpdates,
            Sink<Prediction> predictions,
            Sink<DeadLetter> deadLetters,
            Sink<Alert> alerts,
            ScoringSettings settings,
            boolean chainSource) {
        DataStream<RawEvent> eventStream = env
                .fromSource(events, WatermarkStrategy.noWatermarks(), "feature-events")
                .uid("feature-events-source");
        SingleOutputStreamOperator<Prediction> scored = eventStream
                .transform("score", new AvroTypeInfo<>(Prediction.class), new ScoringOperator(settings, modelUpdates))
                .uid("score");
        if (!chainSource) {
            scored.startNewChain();
        }

        scored.sinkTo(predictions).name("predictions").uid("predictions-sink");
        scored.getSideOutput(ScoringOperator.DEAD_LETTERS).sinkTo(deadLetters).name("dead-letters").uid("dead-letters-sink");
        scored.getSideOutput(ScoringOperator.ALERTS).sinkTo(alerts).name("model-alerts").uid("model-alerts-sink")
                .setParallelism(1);
    }
}
