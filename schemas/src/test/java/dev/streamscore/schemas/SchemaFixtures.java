package dev.streamscore.schemas;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Small records for serde tests: ours, and a stranger's schema as a user would bring it. */
public final class SchemaFixtures {
    private SchemaFixtures() {
    }

    /** A producer schema StreamScore has never seen: a click-stream event with a nested record. */
    public static final Schema CLICK_V1 = SchemaBuilder.record("Click").namespace("com.example.web")
            .fields()
            .requiredString("click_id")
            .requiredLong("ts")
            .name("page").type().stringType().noDefault()
            .name("dwell_seconds").type().optional().doubleType()
            .name("device").type(SchemaBuilder.record("Device").fields()
                    .requiredString("os").requiredBoolean("mobile").endRecord()).noDefault()
            .endRecord();

    /** CLICK_V1 plus a field with a default: a backward-compatible change. */
    public static final Schema CLICK_V2 = SchemaBuilder.record("Click").namespace("com.example.web")
            .fields()
            .requiredString("click_id")
            .requiredLong("ts")
            .name("page").type().stringType().noDefault()
            .name("dwell_seconds").type().optional().doubleType()
            .name("device").type(SchemaBuilder.record("Device").fields()
                    .requiredString("os").requiredBoolean("mobile").endRecord()).noDefault()
            .name("referrer").type().stringType().stringDefault("direct")
            .endRecord();

    /** CLICK_V1 with page turned into a long: breaks every reader of V1 data. */
    public static final Schema CLICK_INCOMPATIBLE = SchemaBuilder.record("Click").namespace("com.example.web")
            .fields()
            .requiredString("click_id")
            .requiredLong("ts")
            .name("page").type().longType().noDefault()
            .name("dwell_seconds").type().optional().doubleType()
            .name("device").type(SchemaBuilder.record("Device").fields()
                    .requiredString("os").requiredBoolean("mobile").endRecord()).noDefault()
            .endRecord();

    public static GenericRecord click(String id, double dwell) {
        GenericRecord device = new GenericData.Record(CLICK_V1.getField("device").schema());
        device.put("os", "linux");
        device.put("mobile", false);
        GenericRecord click = new GenericData.Record(CLICK_V1);
        click.put("click_id", id);
        click.put("ts", 1_700_000_000_000L);
        click.put("page", "/checkout");
        click.put("dwell_seconds", dwell);
        click.put("device", device);
        return click;
    }

    public static Prediction prediction(String eventId) {
        return Prediction.newBuilder()
                .setEventId(eventId)
                .setEntityId("card-7")
                .setModelName("fraud")
                .setModelVersion("3")
                .setRole(ModelRole.CHAMPION)
                .setScore(0.87)
                .setScores(List.of(0.13, 0.87))
                .setDecision("fraud")
                .setDecisionThreshold(0.5)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setScoredTime(Instant.ofEpochMilli(1_700_000_000_012L))
                .setFeatures(Map.of("amount", 120.5, "merchant_category", "travel"))
                .setAttributes(Map.of("customer_segment", "premium"))
                .setSourceTopic("feature-events")
                .setSourcePartition(2)
                .setSourceOffset(41L)
                .build();
    }

    /** The record behind the byte-compatibility test vector. */
    public static Label vectorLabel() {
        return Label.newBuilder()
                .setEventId("e-1")
                .setLabel(1.0)
                .setLabelTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setSource(null)
                .build();
    }
}
