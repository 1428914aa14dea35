package dev.streamscore.loadtest.baseline;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.schemas.wire.ConfluentWireFormat;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.io.SingleTopicSerializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Baseline (a): the scoring job's source and sink with Avro decode and encode in between and no
 * scoring: the ceiling of Kafka + Flink + Avro on this machine. Each event is decoded through the
 * registry (writer schema by id, as the scoring job does) and encoded again; the copy goes to the
 * output topic with the same key and timestamp.
 *
 * <p>{@code PassThroughJob --bootstrap-servers B --registry-url R --input-topic I --output-topic O --group-id G}
 */
public final class PassThroughJob {
    private PassThroughJob() {
    }

    public static void main(String[] argv) throws Exception {
        ConfigValues args = BaselineJobs.settings(argv);
        SchemaRegistryClientFactory registry = SchemaRegistryClientFactory.of(
                SchemaRegistryClientConfig.of(args.required("registry-url")));
        StreamExecutionEnvironment env = BaselineJobs.environment();
        KafkaSink<RawEvent> sink = BaselineJobs.sink(args, new RawEventSerializer(args.required("output-topic")));
        env.fromSource(BaselineJobs.source(args), WatermarkStrategy.noWatermarks(), "feature-events")
                .uid("events-source")
                .map(new AvroRoundTrip(registry)).uid("avro-round-trip").name("avro-round-trip")
                .sinkTo(sink).uid("copies-sink").name("copies");
        env.execute("StreamScore pass-through baseline");
    }

    /** Decodes the value with its writer schema and encodes it again under the same id. */
    static final class AvroRoundTrip extends RichMapFunction<RawEvent, RawEvent> {
        private static final long serialVersionUID = 1L;
        private final SchemaRegistryClientFactory registry;
        private transient AvroWireCodec codec;

        AvroRoundTrip(SchemaRegistryClientFactory registry) {
            this.registry = registry;
        }

        @Override
        public void open(OpenContext context) {
            codec = new AvroWireCodec(registry.create());
        }

        @Override
        public RawEvent map(RawEvent event) {
            int schemaId = ConfluentWireFormat.schemaId(event.value);
            Object datum = codec.decode(event.value, null, false);
            event.value = codec.encode(schemaId, codec.writerSchema(schemaId), datum);
            return event;
        }
    }

    /** Writes a raw event's key and value bytes to one topic at its original timestamp. */
    static final class RawEventSerializer extends SingleTopicSerializer<RawEvent> {
        private static final long serialVersionUID = 1L;

        RawEventSerializer(String topic) {
            super(topic);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(RawEvent event, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, event.timestamp, event.key, event.value);
        }
    }
}
