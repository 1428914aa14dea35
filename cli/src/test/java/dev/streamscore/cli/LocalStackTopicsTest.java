package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.local.LocalStackMain;
import dev.streamscore.local.TopicSpec;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import dev.streamscore.schemas.topics.TopicDescriptor;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The local stack creates exactly the topics the apps use by default ({@link StreamScoreTopics}, the
 * one owner of topic names), compacted where the descriptor says so. The stack's module cannot depend
 * on the schemas, so its list is checked here rather than derived.
 */
class LocalStackTopicsTest {
    @Test
    void theLocalStackCreatesEveryDefaultTopicAndNoOther() {
        Map<String, Boolean> expected = new TreeMap<>();
        for (TopicDescriptor<?> topic : StreamScoreTopics.all()) {
            expected.put(topic.defaultName(), topic.compacted());
        }
        Map<String, Boolean> created = new TreeMap<>();
        for (TopicSpec topic : LocalStackMain.TOPICS) {
            created.put(topic.name(), "compact".equals(topic.configs().get("cleanup.policy")));
        }
        assertThat(created).isEqualTo(expected);
    }
}
