package dev.streamscore.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrafficRouterTest {
    @Test
    void sendsAboutTheShareAndAlwaysTheSameEntities() {
        int toChallenger = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] key = ("card-" + i).getBytes(StandardCharsets.UTF_8);
            boolean routed = TrafficRouter.toChallenger(key, 0.1);
            assertThat(TrafficRouter.toChallenger(key, 0.1)).isEqualTo(routed);
            if (routed) {
                assertThat(TrafficRouter.toChallenger(key, 0.2)).as("a larger share keeps the entities it had").isTrue();
                toChallenger++;
            }
        }
        assertThat(toChallenger / 20_000.0).isCloseTo(0.1, within(0.01));
        assertThat(TrafficRouter.toChallenger("x".getBytes(StandardCharsets.UTF_8), 0.0)).isFalse();
        assertThat(TrafficRouter.toChallenger(null, 1.0)).isTrue();
    }
}
