package dev.streamscore.drift.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.DriftConfig;
import dev.streamscore.drift.DriftSerdes;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftObservabilityTest {
    @TempDir
    Path state;

    @Test
    void scrapesKafkaStreamsAndJvmMetricsInPrometheusFormat() {
        DriftConfig config = DriftConfig.from(new String[] {"--bootstrap-servers", "127.0.0.1:1", "--state-dir",
                state.toString(), "--http-port", "-1"}, Map.of());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config.streamsProperties());
                DriftObservability observability = DriftObservability.start(config,
                        DriftSerdes.create(SchemaRegistryClients.create(config.registryProperties()), config.registryProperties()),
                        streams)) {
            String text = observability.scrape();
            assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge").contains("kafka_stream_");
        }
    }
}
