package dev.streamscore.drift.simulation;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scoring job and the label source would write for the simulator's first {@code n}
 * transactions: one champion {@link Prediction} per transaction (scored by {@link SimulatedModel})
 * (as model {@code modelName}) and its {@link Label} at {@code event_time + label delay}, as {@code LiveStreamProducer} sends
 * it (1.0 fraud / 0.0, source {@code simulator}). Deterministic for a config.
 *
 * @param predictions in event-time order
 * @param labels      in the same order as their predictions (not by label time)
 */
public record SimulatedTraffic(List<Prediction> predictions, List<Label> labels) {
    public static SimulatedTraffic generate(SimulatorConfig config, int n, SimulatedModel model, String modelName) {
        TransactionGenerator generator = new TransactionGenerator(config);
        List<Transaction> transactions = new ArrayList<>(n);
        List<Label> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SimulatedTransaction st = generator.next();
            transactions.add(st.transaction());
            labels.add(label(st));
        }
        return new SimulatedTraffic(List.copyOf(model.score(transactions, modelName)), List.copyOf(labels));
    }

    /** The transaction's label as {@code LiveStreamProducer} sends it: at event time + its delay, source {@code simulator}. */
    public static Label label(SimulatedTransaction st) {
        return Label.newBuilder()
                .setEventId(st.eventId())
                .setLabel(st.label())
                .setLabelTime(st.eventTime().plus(st.labelDelay()))
                .setSource("simulator")
                .build();
    }
}
