package dev.streamscore.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.model.features.FeatureType;
import dev.streamscore.model.features.MissingPolicy;
import dev.streamscore.model.features.NumericTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSpecTest {
    @Test
    void readsTheDemoSpec() {
        TrainingSpec spec = TrainingSpec.demo();
        assertThat(spec.name()).isEqualTo("fraud");
        assertThat(spec.labelField()).isEqualTo("is_fraud");
        assertThat(spec.features()).hasSize(7);
        assertThat(spec.features().get(0).transform()).isEqualTo(NumericTransform.LOG1P_STANDARDIZE);
        assertThat(spec.features().get(0).missing()).isEqualTo(MissingPolicy.REJECT);
        assertThat(spec.features().get(1).type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(spec.event().attributes()).containsExactly("customer_segment");
        assertThat(spec.mlp(1).hiddenUnits()).containsExactly(16, 8);
    }

    @Test
    void aUsersSpecWithNestedFieldsAndDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, """
                {"name": "churn", "label_field": "churned",
                 "features": [
                   {"name": "tenure", "type": "NUMERIC"},
                   {"name": "plan", "source": "account.plan", "type": "categorical", "oov_bucket": false}
                 ]}
                """);
        TrainingSpec spec = TrainingSpec.read(file);
        assertThat(spec.features().get(0).source()).isEqualTo("tenure");
        assertThat(spec.features().get(0).transform()).isEqualTo(NumericTransform.NONE);
        assertThat(spec.features().get(0).missing()).isEqualTo(MissingPolicy.IMPUTE);
        assertThat(spec.features().get(1).source()).isEqualTo("account.plan");
        assertThat(spec.features().get(1).oovBucket()).isFalse();
        assertThat(spec.positiveClass()).isEqualTo("positive");
        assertThat(spec.mlp(3).epochs()).isEqualTo(MlpConfig.defaults(3).epochs());
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) throws Exception {
        Path noType = dir.resolve("no-type.json");
        Files.writeString(noType, "{\"name\":\"m\",\"label_field\":\"y\",\"features\":[{\"name\":\"x\"}]}");
        assertThatThrownBy(() -> TrainingSpec.read(noType)).hasMessageContaining("Feature 'x'").hasMessageContaining("type");

        Path badTransform = dir.resolve("bad-transform.json");
        Files.writeString(badTransform, "{\"name\":\"m\",\"label_field\":\"y\",\"features\":[{\"name\":\"x\","
                + "\"type\":\"numeric\",\"transform\":\"cube\"}]}");
        assertThatThrownBy(() -> TrainingSpec.read(badTransform)).hasMessageContaining("cube");

        Path noFeatures = dir.resolve("no-features.json");
        Files.writeString(noFeatures, "{\"name\":\"m\",\"label_field\":\"y\",\"features\":[]}");
        assertThatThrownBy(() -> TrainingSpec.read(noFeatures)).hasMessageContaining("features");
    }
}
