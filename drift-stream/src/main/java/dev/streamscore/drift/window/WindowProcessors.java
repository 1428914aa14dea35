package dev.streamscore.drift.window;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.ModelKeys;
import dev.streamscore.drift.metrics.WindowReport;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams ends of the window monitors: attaching the baseline to each served prediction
 * before it is aggregated, and turning each closed window's state into a {@link WindowReport}
 * against the baseline current at close.
 */
public final class WindowProcessors {
    private static final Logger LOG = LoggerFactory.getLogger(WindowProcessors.class);

    private WindowProcessors() {
    }

    /** Attaches the model version's baseline to a served prediction keyed by model@version. */
    public static FixedKeyProcessor<String, Prediction, ServedInput> attachBaseline(BaselineCache cache) {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, ServedInput> context;
            private BaselineLookup baselines;

            @Override
            public void init(FixedKeyProcessorContext<String, ServedInput> context) {
                this.context = context;
                this.baselines = BaselineLookup.of(context, cache);
            }

            @Override
            public void process(FixedKeyRecord<String, Prediction> record) {
                context.forward(record.withValue(new ServedInput(record.value(), baselines.find(record.key()))));
            }
        };
    }

    /**
     * Computes a closed window's metrics with {@code evaluate} and forwards them as one report keyed
     * by model@version, timestamped with the window end.
     */
    public static <S> Processor<Windowed<String>, S, String, WindowReport> closeWindow(BaselineCache cache,
            BiFunction<S, Baseline, List<MetricValue>> evaluate, String monitor) {
        return new Processor<>() {
            private ProcessorContext<String, WindowReport> context;
            private BaselineLookup baselines;

            @Override
            public void init(ProcessorContext<String, WindowReport> context) {
                this.context = context;
                this.baselines = BaselineLookup.of(context, cache);
            }

            @Override
            public void process(Record<Windowed<String>, S> record) {
                if (record.key() == null || record.value() == null) {
                    return;
                }
                String modelKey = record.key().key();
                String[] nameVersion = ModelKeys.split(modelKey);
                List<MetricValue> metrics = evaluate.apply(record.value(), baselines.find(modelKey));
                long start = record.key().window().start();
                long end = record.key().window().end();
                WindowReport report = new WindowReport(nameVersion[0], nameVersion[1], start, end,
                        context.currentSystemTimeMs(), metrics);
                LOG.debug("{} window {}-{} of {} closed: {} metrics", monitor, start, end, modelKey, metrics.size());
                context.forward(new Record<>(modelKey, report, end));
            }
        };
    }
}
