package dev.streamscore.drift.join;

import dev.streamscore.drift.watermark.InputPartitions;
import dev.streamscore.drift.watermark.InputProgress;
import dev.streamscore.drift.watermark.InputSource;
import dev.streamscore.drift.watermark.Watermark;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits where predictions and labels leave the task that reads their partitions: forwards them
 * unchanged and, every {@code interval} of wall-clock time, forwards the progress of each input
 * partition the task reads (the highest event time read from it, and whether it is idle), which the
 * repartition sends to every join task after the records read so far.
 *
 * <p><b>Idleness.</b> A partition from which no record was read for {@code idleTimeout} is
 * reported idle, so the windows stop waiting for it: a partition that gets no traffic would
 * otherwise hold every window open forever. The transition is logged and counted
 * ({@code idle-input-partitions-total}, group {@code stream-drift-input-metrics}); the first record
 * read from it again ends it. Records it then delivers behind the windows already closed are late,
 * and are counted and merged as revisions.
 */
public final class InputProgressProcessor implements Processor<String, JoinInput, String, JoinInput> {
    private static final Logger LOG = LoggerFactory.getLogger(InputProgressProcessor.class);
    static final String SCOPE = "drift-input";

    private final InputPartitions partitions;
    private final Duration interval;
    private final long idleTimeoutMs;
    private final Map<InputSource, Reading> readings = new LinkedHashMap<>();
    private ProcessorContext<String, JoinInput> context;
    private int task;
    private Sensor idlePartitions;

    /** What this task has read from one of its partitions. */
    private static final class Reading {
        long time = Watermark.UNKNOWN;
        long lastRecordAt;
        boolean idle;

        Reading(long now) {
            lastRecordAt = now;
        }
    }

    public InputProgressProcessor(InputPartitions partitions, Duration interval, Duration idleTimeout) {
        this.partitions = partitions;
        this.interval = interval;
        this.idleTimeoutMs = idleTimeout.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, JoinInput> context) {
        this.context = context;
        this.task = context.taskId().partition();
        long now = context.currentSystemTimeMs();
        partitions.sourcesOf(task).forEach(source -> readings.put(source, new Reading(now)));
        idlePartitions = context.metrics().addRateTotalSensor(SCOPE, context.taskId().toString(), "idle-input-partitions",
                Sensor.RecordingLevel.INFO);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        JoinInput input = record.value();
        if (input != null && !input.isProgress()) {
            InputSource.Topic topic = input.isPrediction() ? InputSource.Topic.PREDICTIONS : InputSource.Topic.LABELS;
            Reading reading = readings.get(new InputSource(topic, task));
            if (reading != null) {
                reading.time = Math.max(reading.time, record.timestamp());
                reading.lastRecordAt = context.currentSystemTimeMs();
                if (reading.idle) {
                    reading.idle = false;
                    LOG.info("Input partition {} has records again (event time {}): windows wait for it again",
                            new InputSource(topic, task), record.timestamp());
                }
            }
        }
        context.forward(record);
    }

    private void report(long now) {
        for (Map.Entry<InputSource, Reading> e : readings.entrySet()) {
            Reading reading = e.getValue();
            boolean idle = now - reading.lastRecordAt >= idleTimeoutMs;
            if (idle && !reading.idle) {
                idlePartitions.record();
                LOG.info("Input partition {} had no records for {} ms (idle timeout); windows no longer wait for it"
                        + " (its event time: {})", e.getKey(), now - reading.lastRecordAt,
                        reading.time == Watermark.UNKNOWN ? "none yet" : reading.time);
            }
            reading.idle = idle;
            long timestamp = Math.max(0, reading.time == Watermark.UNKNOWN ? context.currentStreamTimeMs() : reading.time);
            context.forward(new Record<>(e.getKey().id(), JoinInput.of(new InputProgress(e.getKey(), reading.time, idle)),
                    timestamp));
        }
    }
}
