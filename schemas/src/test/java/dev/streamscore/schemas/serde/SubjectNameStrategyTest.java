package dev.streamscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.schemas.SchemaFixtures;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {
    @Test
    void namesSubjectsAsConfluentDoes() {
        Schema click = SchemaFixtures.CLICK_V1;
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("clicks", false, click)).isEqualTo("clicks-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("clicks", true, click)).isEqualTo("clicks-key");
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("clicks", false, click)).isEqualTo("com.example.web.Click");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("clicks", false, click))
                .isEqualTo("clicks-com.example.web.Click");
    }

    @Test
    void parsesConfluentClassNamesAndOurs() {
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.RecordNameStrategy", "k"))
                .isEqualTo(SubjectNameStrategy.RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("TopicRecordNameStrategy", "k")).isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("TOPIC_NAME", "k")).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThat(SubjectNameStrategy.parse(null, "k")).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThatThrownBy(() -> SubjectNameStrategy.parse("Whatever", "value.subject.name.strategy"))
                .hasMessageContaining("value.subject.name.strategy").hasMessageContaining("Whatever");
    }

    @Test
    void recordStrategiesNeedARecord() {
        assertThatThrownBy(() -> SubjectNameStrategy.RECORD_NAME.subject("t", false, Schema.create(Schema.Type.STRING)))
                .hasMessageContaining("STRING");
    }
}
