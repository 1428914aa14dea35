package dev.streamscore.loadtest.baseline;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.schemas.flink.ConfluentAvroFlinkSchemas;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.serde.SubjectNameStrategy;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.scoring.io.AvroRecordSerializer;
import dev.streamscore.scoring.io.RawEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Baseline (d): the remote-model-server pattern. The same source, decode and feature vectorizer
 * as the scoring job, then one HTTP call per event to {@link ModelServerMain} through Flink async
 * I/O (unordered, up to {@code --capacity} calls in flight, 64 by default), then the same Prediction sink.
 *
 * <p>{@code RemoteScoringJob --bootstrap-servers B --registry-url R --input-topic I
 * --output-topic O --group-id G --bundle DIR --server-url http://127.0.0.1:P/v1/score [--capacity 64]}
 */
public final class RemoteScoringJob {
    private RemoteScoringJob() {
    }

    public static void main(String[] argv) throws Exception {
        ConfigValues args = BaselineJobs.settings(argv);
        SchemaRegistryClientFactory registry = SchemaRegistryClientFactory.of(
                SchemaRegistryClientConfig.of(args.required("registry-url")));
        String output = args.required("output-topic");
        StreamExecutionEnvironment env = BaselineJobs.environment();
        var events = env.fromSource(BaselineJobs.source(args), WatermarkStrategy.noWatermarks(), "feature-events")
                .uid("events-source");
        AsyncDataStream.unorderedWait(events,
                        new RemoteScore(registry, args.required("bundle"), args.required("server-url")),
                        10, TimeUnit.SECONDS, args.integer("capacity", 1))
                .uid("remote-score").name("remote-score")
                .sinkTo(BaselineJobs.sink(args, AvroRecordSerializer.predictions(output,
                        ConfluentAvroFlinkSchemas.specificSerializer(Prediction.class, output,
                                SubjectNameStrategy.TOPIC_NAME, true, registry))))
                .uid("predictions-sink").name("predictions");
        env.execute("StreamScore remote-model-server baseline");
    }

    /** Decodes and vectorizes on the task thread, then scores with a non-blocking HTTP call. */
    static final class RemoteScore extends RichAsyncFunction<RawEvent, Prediction> {
        private static final long serialVersionUID = 1L;
        private final SchemaRegistryClientFactory registry;
        private final String bundleDir;
        private final String serverUrl;
        private transient AvroWireCodec codec;
        private transient FeatureVectorizer vectorizer;
        private transient ModelCard card;
        private transient HttpClient http;
        private transient URI uri;

        RemoteScore(SchemaRegistryClientFactory registry, String bundleDir, String serverUrl) {
            this.registry = registry;
            this.bundleDir = bundleDir;
            this.serverUrl = serverUrl;
        }

        @Override
        public void open(OpenContext context) {
            codec = new AvroWireCodec(registry.create());
            ModelBundle bundle = ModelBundle.load(Path.of(bundleDir));
            card = bundle.card();
            vectorizer = bundle.vectorizer();
            // A small fixed pool: the default cached pool grew to 50+ threads on 2 cores and stalled.
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(5)).build();
            uri = URI.create(serverUrl);
        }

        @Override
        public void asyncInvoke(RawEvent event, ResultFuture<Prediction> result) {
            GenericRecord record = (GenericRecord) codec.decode(event.value, null, false);
            float[] features = vectorizer.vectorize(new AvroFieldReader(record));
            ByteBuffer body = ByteBuffer.allocate(features.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            body.asFloatBuffer().put(features);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.array())).build();
            String eventId = String.valueOf(record.get(card.event().idField()));
            Object time = record.get(card.event().timeField());
            long eventTime = time instanceof Number n ? n.longValue() : event.timestamp;
            String entity = event.key == null ? null : new String(event.key, StandardCharsets.UTF_8);
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 200) {
                    result.completeExceptionally(error != null ? error
                            : new IllegalStateException("model server answered " + response.statusCode()));
                    return;
                }
                double score = ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
                result.complete(List.of(Prediction.newBuilder()
                        .setEventId(eventId).setEntityId(entity)
                        .setModelName(card.name()).setModelVersion(card.version()).setRole(ModelRole.CHAMPION)
                        .setScore(score).setDecision(card.output().decide(score))
                        .setDecisionThreshold(card.output().threshold())
                        .setEventTime(Instant.ofEpochMilli(eventTime)).setScoredTime(Instant.now())
                        .setSourceTopic(event.topic).setSourcePartition(event.partition).setSourceOffset(event.offset)
                        .build()));
            });
        }
    }
}
