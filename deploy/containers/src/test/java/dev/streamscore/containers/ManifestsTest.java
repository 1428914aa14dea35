package dev.streamscore.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.schemas.topics.StreamScoreTopics;
import dev.streamscore.schemas.topics.TopicDescriptor;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every manifest of deploy/k8s and deploy/compose parses, has the fields its kind needs, pins its
 * images (no latest, no untagged), and uses the names the code uses: the topics of
 * {@link StreamScoreTopics}, the STREAMSCORE_* settings of ScoringConfig and DriftConfig, and the
 * image names the containers test builds.
 */
class ManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("streamscore.containers.dir", "")).toAbsolutePath().getParent();
    private static final Pattern ENV_NAME = Pattern.compile("STREAMSCORE_[A-Z0-9_]+");

    @Test
    void everyKubernetesResourceHasItsRequiredFields() throws IOException {
        List<Map<String, Object>> resources = k8sResources();
        assertThat(resources).hasSizeGreaterThan(15);
        for (Map<String, Object> r : resources) {
            assertThat(r).as("a resource").containsKeys("apiVersion", "kind");
            if (r.get("kind").equals("Kustomization")) {
                assertThat(r).as("a kustomization").containsKey("resources");
                continue;
            }
            assertThat(map(r, "metadata")).as(r.get("kind") + " metadata").containsKey("name");
            switch ((String) r.get("kind")) {
                case "Deployment" -> {
                    Map<String, Object> spec = map(r, "spec");
                    assertThat(spec).containsKeys("replicas", "selector", "template");
                    for (Map<String, Object> c : containers(map(map(spec, "template"), "spec"))) {
                        assertThat(c).as(name(r) + " container").containsKeys("name", "image", "resources", "readinessProbe",
                                "livenessProbe");
                    }
                }
                case "FlinkDeployment" -> {
                    Map<String, Object> spec = map(r, "spec");
                    assertThat(spec).containsKeys("image", "flinkVersion", "jobManager", "taskManager", "flinkConfiguration");
                    Map<String, Object> job = map(spec, "job");
                    assertThat(job.get("entryClass")).isEqualTo("dev.streamscore.scoring.ScoringJob");
                    assertThat(job.get("upgradeMode")).isEqualTo("savepoint");
                    assertThat((String) job.get("jarURI")).startsWith("local:///opt/flink/usrlib/");
                    assertThat(map(spec, "flinkConfiguration")).containsKeys("high-availability.type",
                            "execution.checkpointing.dir", "metrics.reporter.prom.factory.class");
                }
                case "KafkaTopic" -> assertThat(map(r, "spec")).containsKeys("partitions", "replicas");
                case "ServiceMonitor" -> assertThat(map(r, "spec")).containsKeys("selector", "endpoints");
                default -> { }
            }
        }
    }

    @Test
    void theDriftDeploymentIsProbedOnItsHealthEndpointAndHasAHeadlessService() throws IOException {
        Map<String, Object> drift = resource("Deployment", "drift-stream");
        Map<String, Object> container = containers(map(map(map(drift, "spec"), "template"), "spec")).get(0);
        assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).isEqualTo("/health");
        assertThat(map(map(container, "livenessProbe"), "httpGet").get("path")).isEqualTo("/health");
        assertThat(map(resource("Service", "drift-stream"), "spec").get("clusterIP")).isEqualTo("None");
    }

    @Test
    void topicsAreTheCodesDefaults() throws IOException {
        Set<String> expected = StreamScoreTopics.all().stream().map(TopicDescriptor::defaultName).collect(Collectors.toCollection(TreeSet::new));
        expected.add("drift-dlq");
        Set<String> k8s = k8sResources().stream().filter(r -> "KafkaTopic".equals(r.get("kind"))).map(ManifestsTest::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(k8s).isEqualTo(expected);
        String compose = Files.readString(DEPLOY.resolve("compose/docker-compose.yml"));
        Matcher created = Pattern.compile("\\n\\s+t ([a-z-]+) --partitions").matcher(compose);
        Set<String> composeTopics = new TreeSet<>();
        while (created.find()) {
            composeTopics.add(created.group(1));
        }
        assertThat(composeTopics).isEqualTo(expected);
        for (Map<String, Object> r : k8sResources()) {
            if ("KafkaTopic".equals(r.get("kind")) && List.of("model-updates", "model-baselines").contains(name(r))) {
                assertThat(map(map(r, "spec"), "config").get("cleanup.policy")).isEqualTo("compact");
            }
        }
    }

    @Test
    void everyStreamScoreSettingIsOneTheAppsKnow() throws Exception {
        Set<String> known = new HashSet<>(keys("dev.streamscore.scoring.ScoringConfig"));
        known.addAll(keys("dev.streamscore.drift.DriftConfig"));
        Set<String> used = new TreeSet<>();
        for (Path file : manifestFiles()) {
            Matcher m = ENV_NAME.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).contains("STREAMSCORE_BOOTSTRAP_SERVERS", "STREAMSCORE_REGISTRY_URL");
        for (String env : used) {
            String key = env.substring("STREAMSCORE_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
            if (key.startsWith("image-") || key.startsWith("kafka-")) {
                continue; // image overrides (compose), Kafka client pass-through
            }
            assertThat(known).as(env + " in " + DEPLOY).contains(key);
        }
    }

    @Test
    void everyImageIsPinnedAndTheAppImagesAreTheOnesTheTestBuilds() throws IOException {
        Pattern image = Pattern.compile("(?m)^\\s*(?:-\\s*)?image:\\s*\"?([^\\s\"]+)");
        Set<String> images = new TreeSet<>();
        for (Path file : manifestFiles()) {
            Matcher m = image.matcher(Files.readString(file));
            while (m.find()) {
                images.add(m.group(1).replaceAll("^\\$\\{[A-Z_]+:-(.*)}$", "$1"));
            }
        }
        assertThat(images).contains(Images.SCORING, Images.DRIFT);
        for (String i : images) {
            String tag = i.contains(":") ? i.substring(i.lastIndexOf(':') + 1) : "";
            assertThat(tag).as("tag of " + i).isNotEmpty().isNotEqualTo("latest");
        }
    }

    private static Set<String> keys(String configClass) throws Exception {
        Field field = Class.forName(configClass, false, ManifestsTest.class.getClassLoader()).getDeclaredField("KEYS");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        Set<String> keys = (Set<String>) field.get(null);
        return keys;
    }

    private static List<Path> manifestFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("k8s", "compose")) {
            try (Stream<Path> walk = Files.walk(DEPLOY.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> k8sResources() throws IOException {
        List<Map<String, Object>> resources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(DEPLOY.resolve("k8s"))) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object doc : new Yaml(new LoaderOptions()).loadAll(reader)) {
                        if (doc != null) {
                            resources.add((Map<String, Object>) doc);
                        }
                    }
                }
            }
        }
        return resources;
    }

    private static Map<String, Object> resource(String kind, String name) throws IOException {
        return k8sResources().stream().filter(r -> kind.equals(r.get("kind")) && name.equals(name(r))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        return (List<Map<String, Object>>) podSpec.get("containers");
    }

    private static String name(Map<String, Object> resource) {
        return (String) map(resource, "metadata").get("name");
    }
}
