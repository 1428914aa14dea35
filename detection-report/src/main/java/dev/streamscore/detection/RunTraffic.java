package dev.streamscore.detection;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.drift.simulation.SimulatedTraffic;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The predictions and labels of one run: the simulator's stationary stream for a seed, at
 * {@code eventsPerWindow} events per window, with {@code change} applied from window
 * {@code onsetWindow} on. Transactions are scored by the demo model as the scoring job scores them;
 * each label follows its event by the simulator's label delay.
 *
 * @param predictions in event-time order
 * @param labels      in the same order as their predictions
 */
public record RunTraffic(List<Prediction> predictions, List<Label> labels) {
    /** Independent of the simulator's own streams, so a change draws the same way whatever the scenario. */
    private static final long CHANGE_SEED_SALT = 0x5eedc0deL;

    public static RunTraffic generate(RunLayout layout, long seed, TrafficChange change, SimulatedModel model,
            String modelName) {
        // 1 ms after the window start: event i of a window lands in it even where the spacing in
        // floating point comes out a hair short (2,000 a minute is 29,999,999.99... ns apart).
        SimulatorConfig config = SimulatorConfig.defaults().withSeed(seed).withStartTime(layout.start().plusMillis(1))
                .withEventsPerSecond(layout.eventsPerWindow() * 1_000.0 / layout.window().toMillis());
        TransactionGenerator generator = new TransactionGenerator(config);
        SplittableRandom random = new SplittableRandom(seed ^ CHANGE_SEED_SALT);
        int total = layout.eventsPerWindow() * layout.windows();
        int onsetEvent = layout.eventsPerWindow() * layout.onsetWindow();
        List<Transaction> transactions = new ArrayList<>(total);
        List<Label> labels = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            SimulatedTransaction st = generator.next();
            Transaction t = i >= onsetEvent ? change.transaction(st.transaction(), random) : st.transaction();
            transactions.add(t);
            labels.add(SimulatedTraffic.label(st));
        }
        List<Prediction> predictions = model.score(transactions, modelName);
        for (int i = onsetEvent; i < total; i++) {
            change.outcome(predictions.get(i), labels.get(i), random);
        }
        return new RunTraffic(predictions, labels);
    }
}
