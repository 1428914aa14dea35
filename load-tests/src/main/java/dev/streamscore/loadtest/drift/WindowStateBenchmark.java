package dev.streamscore.loadtest.drift;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.metrics.ModelKeys;
import dev.streamscore.drift.window.ServedWindow;
import dev.streamscore.drift.window.ServedWindowAggregator;
import dev.streamscore.drift.window.WindowLimits;
import dev.streamscore.loadtest.run.BenchModels;
import dev.streamscore.model.card.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * drift-stream's per-event window work on one partial window of the demo model, as the load test
 * feeds it (the generator's predictions, the demo model's training profile as baseline, the
 * default limits): adding a prediction, and encoding the window's state, which
 * {@code PartialWindowProcessor} does after every event (Kafka Streams stores bytes). The demo
 * model is trained into the bench work folder ({@code -Dstreamscore.bench.work}, default
 * {@code ~/.streamscore/bench}) if it is not there yet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WindowStateBenchmark {
    private static final int EVENTS = 20_000;

    private final ServedWindowAggregator aggregator = new ServedWindowAggregator(WindowLimits.DEFAULTS);
    private List<Prediction> predictions;
    private Baseline baseline;
    private ServedWindow window;
    private int next;

    @Setup(Level.Trial)
    public void fillWindow() throws IOException {
        Path work = Path.of(System.getProperty("streamscore.bench.work",
                Path.of(System.getProperty("user.home"), ".streamscore", "bench").toString()));
        ModelCard card = BenchModels.ensure(work, BenchModels.DEMO, System.out).card();
        predictions = DriftLoadGenerator.pool(card, EVENTS).predictions();
        baseline = new Baseline(ModelKeys.of(card.name(), card.version()), "bench", 0, card);
        window = new ServedWindow();
        predictions.forEach(p -> aggregator.add(window, p, baseline));
    }

    @Benchmark
    public ServedWindow addPrediction() {
        next = (next + 1) % EVENTS;
        return aggregator.add(window, predictions.get(next), baseline);
    }

    @Benchmark
    public byte[] encodeServedWindow() {
        return window.toBytes();
    }
}
