package dev.streamscore.scoring;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.operator.ScoringOperator;
import dev.streamscore.scoring.operator.ScoringSettings;
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
 *  events (Source) ─────────────────────┐
 *                                        ├─► score (ScoringOperator) ─► predictions (Sink)
 *  model updates (Source, p=1) ─broadcast┘        ├─ dead letters ─► dead-letter Sink
 *                                                 └─ model alerts ─► alerts Sink
 * </pre>
 * Operator uids are stable: savepoints taken by one version restore into the next.
 */
public final class ScoringPipeline {
    private ScoringPipeline() {
    }

    public static void build(
            StreamExecutionEnvironment env,
            Source<RawEvent, ?, ?> events,
            Source<RawEvent, ?, ?> modelUpdates,
            Sink<Prediction> predictions,
            Sink<DeadLetter> deadLetters,
            Sink<Alert> alerts,
            ScoringSettings settings) {
        DataStream<RawEvent> eventStream = env
                .fromSource(events, WatermarkStrategy.noWatermarks(), "feature-events")
                .uid("feature-events-source");
        DataStream<RawEvent> updateStream = env
                .fromSource(modelUpdates, WatermarkStrategy.noWatermarks(), "model-updates")
                .uid("model-updates-source")
                .setParallelism(1)
                .broadcast();

        SingleOutputStreamOperator<Prediction> scored = eventStream
                .connect(updateStream)
                .transform("score", new AvroTypeInfo<>(Prediction.class), new ScoringOperator(settings))
                .uid("score");

        scored.sinkTo(predictions).name("predictions").uid("predictions-sink");
        scored.getSideOutput(ScoringOperator.DEAD_LETTERS).sinkTo(deadLetters).name("dead-letters").uid("dead-letters-sink");
        scored.getSideOutput(ScoringOperator.ALERTS).sinkTo(alerts).name("model-alerts").uid("model-alerts-sink")
                .setParallelism(1);
    }
}
