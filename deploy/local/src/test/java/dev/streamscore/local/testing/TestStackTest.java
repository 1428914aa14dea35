package dev.streamscore.local.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestStackTest {

    static final class HTTPServerIT {
    }

    @Test
    void kebabCasesClassNames() {
        assertThat(TestStack.kebabCase("LocalStackIT")).isEqualTo("local-stack-it");
        assertThat(TestStack.kebabCase("HTTPServerTest")).isEqualTo("http-server-test");
        assertThat(TestStack.kebabCase("Drift2Test")).isEqualTo("drift2-test");
        assertThat(TestStack.kebabCase("plain")).isEqualTo("plain");
    }

    @Test
    void topicNameIsTestClassThenNameThenRunId() {
        assertThat(TestStack.topicName(TestStackTest.class, "feature-events", "a1b2c3"))
                .isEqualTo("test-stack-test-feature-events-a1b2c3");
        assertThat(TestStack.topicName(HTTPServerIT.class, "labels", "a1b2c3"))
                .isEqualTo("http-server-it-labels-a1b2c3");
    }

    @Test
    void topicNamesDifferPerTestClassAndPerRun() {
        String mine = TestStack.topicName(TestStackTest.class, "labels", "run111");

        assertThat(TestStack.topicName(HTTPServerIT.class, "labels", "run111")).isNotEqualTo(mine);
        assertThat(TestStack.topicName(TestStackTest.class, "labels", "run222")).isNotEqualTo(mine);
        assertThat(TestStack.topicName(TestStackTest.class, "labels", "run111")).isEqualTo(mine);
    }

    @Test
    void rejectsNamesKafkaWouldReject() {
        assertThatThrownBy(() -> TestStack.topicName(TestStackTest.class, "no spaces", "run111"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no spaces");
    }
}
