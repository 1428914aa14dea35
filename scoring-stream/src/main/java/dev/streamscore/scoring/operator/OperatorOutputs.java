package dev.streamscore.scoring.operator;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import dev.streamscore.scoring.core.ScoringCore;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.model.ModelSlots;
import dev.streamscore.scoring.model.RejectedUpdateAlert;
import dev.streamscore.scoring.model.ServingModel;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the scoring core's results go: the operator's outputs, metrics and log. */
final class OperatorOutputs implements ScoringCore.Output {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringOperator.class);

    private final Output<StreamRecord<Prediction>> output;
    private final ScoringMetrics metrics;
    private final boolean alerting;
    private final Supplier<ServingModel> champion;

    /**
     * @param alerting whether this task sends the alert of a rejected update (every task reads
     *                 every update; one alert is enough)
     * @param champion the champion serving now, named in alerts
     */
    OperatorOutputs(Output<StreamRecord<Prediction>> output, ScoringMetrics metrics, boolean alerting,
            Supplier<ServingModel> champion) {
        this.output = output;
        this.metrics = metrics;
        this.alerting = alerting;
        this.champion = champion;
    }

    @Override
    public void prediction(Prediction prediction, long eventTime) {
        metrics.predictionsOut.inc();
        output.collect(new StreamRecord<>(prediction, eventTime));
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        metrics.deadLetter(letter.kind);
        output.collect(ScoringOperator.DEAD_LETTERS, new StreamRecord<>(letter, letter.event.timestamp));
    }

    @Override
    public void shadowRejected() {
        metrics.shadowRejected.inc();
    }

    @Override
    public void batchScored(int rows, long micros) {
        metrics.scoringMicros.update(micros);
        metrics.batchSize.update(rows);
    }

    @Override
    public void updateAccepted(ModelSlots.Outcome outcome) {
        if (outcome.change() == ModelSlots.Change.NONE) {
            LOG.info("Model update {} changes nothing: {}", outcome.subject(), outcome.message());
            return;
        }
        metrics.modelSwaps.inc();
        LOG.info("Model update {} applied: {}", outcome.subject(), outcome.message());
        if (outcome.change() == ModelSlots.Change.INSTALLED) {
            LOG.info("{}{}", ScoringCore.SERVING, outcome.subject());
        }
    }

    @Override
    public void updateRejected(ModelSlots.Outcome rejection) {
        metrics.rejected(rejection.rejection());
        LOG.error("Model update {} rejected, the models in force keep serving: {}: {}", rejection.subject(),
                rejection.rejection(), rejection.message());
        if (alerting) {
            long now = System.currentTimeMillis();
            Alert alert = RejectedUpdateAlert.of(rejection, champion.get(), now);
            output.collect(ScoringOperator.ALERTS, new StreamRecord<>(alert, now));
        }
    }
}
