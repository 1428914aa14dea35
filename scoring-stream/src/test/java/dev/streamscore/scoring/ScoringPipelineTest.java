package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.scoring.core.DeadLetterReason;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.operator.ScoringSettings;
import dev.streamscore.scoring.updates.InMemoryUpdates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job's graph, wired as {@link ScoringJob} wires it, on bounded sources and collecting sinks in
 * an in-JVM Flink cluster (parallelism 2): events reach the scoring operator and its predictions
 * the predictions sink, dead letters their side output, a rejected update its alert (once,
 * whatever the parallelism: every task reads the updates, one alerts), and every operator keeps its
 * stable uid; with {@code chain-source} (the default) the events source runs inside the scoring
 * task and nothing reaches it over the network, without it the source is a task of its own.
 * Seconds, not the minutes of the ITs against a broker.
 */
class ScoringPipelineTest {
    private static final SchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient();
    private static final List<RawEvent> EVENTS = new ArrayList<>();
    private static final Map<String, Queue<Object>> COLLECTED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    static SchemaRegistryClient registry() {
        return REGISTRY;
    }

    @ParameterizedTest(name = "chain-source {0}")
    @ValueSource(booleans = {true, false})
    void eventsBecomePredictionsOrDeadLettersAndARejectedUpdateOneAlert(boolean chainSource) throws Exception {
        EVENTS.clear();
        COLLECTED.clear();
        InMemoryUpdates updates = new InMemoryUpdates();
        ModelBundle model = TransactionFixtures.trainModel(dir.resolve("m"), "1", 1, 2000);
        SplittableRandom random = new SplittableRandom(3);
        try (ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>(REGISTRY)) {
            for (int i = 0; i < 40; i++) {
                byte[] value = serializer.serialize("feature-events", TransactionFixtures.transaction(i, random));
                EVENTS.add(new RawEvent(("card-" + i).getBytes(StandardCharsets.UTF_8), value, "feature-events", i % 2, i, 1_000L + i));
            }
        }
        EVENTS.add(new RawEvent(null, "not avro".getBytes(StandardCharsets.UTF_8), "feature-events", 0, 100, 1));
        EVENTS.add(new RawEvent(null, null, "feature-events", 1, 101, 1));
        updates.add(new RawEvent(null, "garbage".getBytes(StandardCharsets.UTF_8), "model-updates", 0, 0, 1));

        Configuration flink = new Configuration();
        flink.set(PipelineOptions.OBJECT_REUSE, true); // as ScoringJob runs it
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        ScoringPipeline.build(env,
                new DataGeneratorSource<>(i -> EVENTS.get(i.intValue()), EVENTS.size(), TypeInformation.of(RawEvent.class)),
                updates.factory(),
                new Collecting<>("predictions"), new Collecting<>("dead-letters"), new Collecting<>("alerts"),
                new ScoringSettings(16, 60_000, true, ScoringPipelineTest::registry, model.directory().toString(), null,
                        dir.resolve("bundle-cache").toString()), chainSource);

        StreamGraph graph = env.getStreamGraph(false);
        JobVertex scoring = StreamSupport.stream(graph.getJobGraph().getVertices().spliterator(), false)
                .filter(vertex -> vertex.getName().contains("score")).findFirst().orElseThrow();
        if (chainSource) {
            assertThat(scoring.getName()).as("the events source runs in the scoring task").contains("feature-events");
            assertThat(scoring.getNumberOfInputs()).as("nothing reaches scoring over the network").isZero();
        } else {
            assertThat(scoring.getName()).doesNotContain("feature-events");
            assertThat(scoring.getNumberOfInputs()).isEqualTo(1);
        }
        assertThat(StreamSupport.stream(graph.getStreamNodes().spliterator(), false).map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null).toList())
                .contains("feature-events-source", "score", "predictions-sink",
                        "dead-letters-sink", "model-alerts-sink");
        env.execute(graph);

        assertThat(collected("predictions")).hasSize(40).allSatisfy(p -> {
            Prediction prediction = (Prediction) p;
            assertThat(prediction.getModelVersion()).isEqualTo("1");
            assertThat(prediction.getScore()).isBetween(0.0, 1.0);
        });
        assertThat(collected("dead-letters")).extracting(d -> ((DeadLetter) d).kind)
                .containsExactlyInAnyOrder(DeadLetterReason.BAD_MAGIC_BYTE, DeadLetterReason.EMPTY);
        assertThat(collected("alerts")).singleElement()
                .satisfies(a -> assertThat(((Alert) a).getMessage()).contains("MALFORMED", "fraud@1/CHAMPION keeps serving"));
    }

    private static List<Object> collected(String name) {
        return List.copyOf(COLLECTED.getOrDefault(name, new ConcurrentLinkedQueue<>()));
    }

    /** Keeps what it is given in this JVM, under its name. */
    private record Collecting<T>(String name) implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<Object> queue = COLLECTED.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context writeContext) {
                    queue.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
