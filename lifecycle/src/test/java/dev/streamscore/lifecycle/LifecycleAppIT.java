package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Severity;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.simulator.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamscore lifecycle} against a real Kafka broker and schema registry: a FIRING performance
 * alert about the champion retrains it (the candidate passes the gate and is published as a shadow,
 * each step on {@code model-events} naming the alert); an alert of another kind, and a second
 * performance alert within the cooldown, retrain nothing.
 */
@ExtendWith(LocalStackExtension.class)
class LifecycleAppIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;

    @Test
    void aPerformanceAlertRetrainsTheChampionOnceWithinTheCooldown(TestStack stack) throws Exception {
        LoopFixture world = new LoopFixture(stack, dir, "loop");
        world.publishChampion();
        world.produce(world.labeled, world.pairs(Scenario.CONCEPT_DRIFT, false), LabeledPrediction::getEventId);
        List<String> args = new ArrayList<>(world.flags());
        String group = stack.topic("lifecycle");
        args.addAll(List.of("--alerts-topic", world.alerts, "--group-id", group, "--cooldown", "1h",
                "--drift-metrics-topic", world.metrics));

        try (LifecycleApp app = LifecycleApp.create(LifecycleSettings.from(args.toArray(String[]::new), Map.of()))) {
            Thread loop = new Thread(app, "lifecycle");
            loop.start();
            assertThat(app.awaitReady(TIMEOUT)).as("the app has its alert partitions").isTrue();

            world.produce(world.alerts, List.of(alert("drift-1", "data_drift")), Alert::getModelName);
            world.produce(world.alerts, List.of(alert("perf-1", "performance")), Alert::getModelName);
            List<ModelEvent> steps = awaitSteps(world, 2);
            assertThat(steps).extracting(ModelEvent::getStep).containsExactly("gate_passed", "published_shadow");
            assertThat(steps).allSatisfy(e -> {
                assertThat(e.getTrigger()).isEqualTo("alert:perf-1");
                assertThat(e.getCandidateVersion()).isEqualTo("2");
            });
            assertThat(world.read(world.updates, ModelUpdate.class)).extracting(ModelUpdate::getRole)
                    .containsExactly(ModelRole.CHAMPION, ModelRole.SHADOW);

            world.produce(world.alerts, List.of(alert("perf-2", "performance")), Alert::getModelName);
            awaitHandled(stack, group, world.alerts, 3);
            assertThat(world.read(world.events, ModelEvent.class)).as("within the cooldown: nothing more").hasSize(2);
        }
    }

    private static Alert alert(String id, String kind) {
        Instant now = Instant.now();
        return Alert.newBuilder().setAlertId(id).setModelName("fraud").setModelVersion("1").setKind(kind)
                .setSeverity(Severity.WARNING).setState(AlertState.FIRING).setRule(kind + "-rule").setMetric("auc")
                .setValue(0.6).setThreshold(0.85).setWindowStart(now.minusSeconds(60)).setWindowEnd(now)
                .setSampleSize(2_000).setMessage("test alert").setCreatedTime(now).build();
    }

    private static List<ModelEvent> awaitSteps(LoopFixture world, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<ModelEvent> steps = List.of();
        while (System.nanoTime() < deadline) {
            steps = world.read(world.events, ModelEvent.class);
            if (steps.size() >= count) {
                return steps;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("model-events after " + TIMEOUT.toSeconds() + " s: " + steps);
    }

    /** Waits until the app's group has committed past the first {@code alerts} records of the topic. */
    private static void awaitHandled(TestStack stack, String group, String topic, long alerts) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic, 0));
                if (offset != null && offset.offset() >= alerts) {
                    return;
                }
                Thread.sleep(300);
            }
        }
        throw new AssertionError("the lifecycle app did not handle " + alerts + " alerts in " + TIMEOUT.toSeconds() + " s");
    }
}
