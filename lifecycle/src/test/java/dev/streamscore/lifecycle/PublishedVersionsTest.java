package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.model.card.ModelCard;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishedVersionsTest {
    @Test
    void theNextVersionIsAfterEveryPublishedOneAndSkipsCandidatesThatWereTrainedButNotPublished() {
        PublishedVersions published = new PublishedVersions("fraud", versions("1", "2"));
        assertThat(published.next("1")).isEqualTo("3");
        assertThat(published.next("1", Set.of("3", "4")::contains)).as("3 and 4 failed their gates").isEqualTo("5");

        PublishedVersions named = new PublishedVersions("fraud", versions("blue", "blue-r2"));
        assertThat(named.next("blue")).isEqualTo("blue-r3");
        assertThat(named.next("blue", Set.of("blue-r3")::contains)).isEqualTo("blue-r4");
    }

    /** Only the versions matter here: their cards are not read. */
    private static Map<String, ModelCard> versions(String... versions) {
        Map<String, ModelCard> cards = new HashMap<>();
        for (String v : versions) {
            cards.put(v, null);
        }
        return cards;
    }
}
