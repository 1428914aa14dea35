package dev.streamscore.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.DriftConfig;
import dev.streamscore.drift.DriftFlags;
import dev.streamscore.lifecycle.LifecycleFlags;
import dev.streamscore.lifecycle.LifecycleSettings;
import dev.streamscore.lifecycle.RetrainSettings;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import dev.streamscore.scoring.ScoringConfig;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.schemas.topics.TopicDescriptor;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * image names the containers test builds. The Kubernetes deployment is secure as shipped: Kafka
 * only over TLS with SCRAM and ACLs, each app's user allowed exactly what its configuration needs,
 * no credential in any file, network policies on the registry and the apps.
 */
class ManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("streamscore.containers.dir", "")).toAbsolutePath().getParent();
    private static final Pattern ENV_NAME = Pattern.compile("STREAMSCORE_[A-Z0-9_]+");

    /**
     * A renamed or moved class breaks a deployment only when it starts; so every StreamScore class
     * a deploy file names (entry points, entry classes, commands) must exist, and each app image
     * starts the main class {@link StreamScoreApp} has for it.
     */
    @Test
    void everyClassADeployFileNamesExistsAndTheImagesStartTheAppsMainClasses() throws IOException {
        Pattern className = Pattern.compile("dev\\.streamscore(?:\\.[a-z0-9]+)+\\.[A-Z]\\w*");
        Set<String> named = new HashSet<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/target/"))
                    .filter(f -> f.getFileName().toString().matches("Dockerfile|.*\\.(sh|ya?ml)")).toList()) {
                Matcher m = className.matcher(Files.readString(file));
                while (m.find()) {
                    named.add(m.group());
                    assertThat(getClass().getClassLoader().getResource(m.group().replace('.', '/') + ".class"))
                            .as("%s names %s", DEPLOY.relativize(file), m.group()).isNotNull();
                }
            }
        }
        assertThat(named).contains(StreamScoreApp.SCORING_JOB.mainClass(), StreamScoreApp.PUBLISH.mainClass(),
                StreamScoreApp.DRIFT.mainClass(), StreamScoreApp.LIFECYCLE.mainClass());
        assertThat(Files.readString(DEPLOY.resolve("containers/images/drift-stream/entrypoint.sh")))
                .contains(StreamScoreApp.DRIFT.mainClass());
        assertThat(Files.readString(DEPLOY.resolve("containers/images/lifecycle/Dockerfile")))
                .contains(StreamScoreApp.LIFECYCLE.mainClass());
    }

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
                        assertThat(c).as(name(r) + " container").containsKeys("name", "image", "resources");
                        // What serves a port is probed on it; the lifecycle app serves nothing, and exits on failure.
                        if (c.containsKey("ports")) {
                            assertThat(c).as(name(r) + " container").containsKeys("readinessProbe", "livenessProbe");
                        }
                    }
                }
                case "FlinkDeployment" -> {
                    Map<String, Object> spec = map(r, "spec");
                    assertThat(spec).containsKeys("image", "flinkVersion", "jobManager", "taskManager", "flinkConfiguration");
                    Map<String, Object> job = map(spec, "job");
                    assertThat(job.get("entryClass")).isEqualTo(StreamScoreApp.SCORING_JOB.mainClass());
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
        Set<String> known = new HashSet<>(ScoringFlags.SPEC.keys());
        known.addAll(DriftFlags.SPEC.keys());
        known.addAll(LifecycleFlags.LIFECYCLE.keys());
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
            if (key.startsWith("image-") || key.startsWith("port-") || key.startsWith("kafka-")
                    || key.startsWith("schema-registry-") || key.startsWith("basic-auth-")) {
                continue; // image and host port overrides (compose), Kafka and registry client pass-through
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
        assertThat(images).contains(Images.SCORING, Images.DRIFT, Images.LIFECYCLE);
        for (String i : images) {
            String tag = i.contains(":") ? i.substring(i.lastIndexOf(':') + 1) : "";
            assertThat(tag).as("tag of " + i).isNotEmpty().isNotEqualTo("latest");
        }
    }

    @Test
    void kafkaAuthenticatesEveryClientOverTlsAndAuthorizesWithAcls() throws IOException {
        Map<String, Object> kafka = map(resource("Kafka", "streamscore"), "spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) map(kafka, "kafka").get("listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.get("tls")).as("listener " + listener.get("name") + " tls").isEqualTo(true);
            assertThat(map(listener, "authentication").get("type")).isEqualTo("scram-sha-512");
            assertThat(listener).containsKey("networkPolicyPeers");
        });
        assertThat(map(map(kafka, "kafka"), "authorization").get("type")).isEqualTo("simple");
        for (Path file : manifestFiles()) {
            if (file.startsWith(DEPLOY.resolve("k8s"))) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("PLAINTEXT");
            }
        }
    }

    @Test
    void eachAppsKafkaUserAllowsWhatItsConfigurationNeedsAndNoMore() throws IOException {
        Map<String, String> shared = configMap("streamscore-config");
        Map<String, String> scoringEnv = new HashMap<>(shared);
        scoringEnv.putAll(configMap("scoring-stream-config"));
        ScoringConfig scoring = ScoringConfig.from(new String[0], scoringEnv);
        assertThat(scoring.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        Set<String> scoringNeeds = new TreeSet<>(List.of(
                "topic:" + scoring.inputTopic() + ":literal:Read", "topic:" + scoring.modelUpdatesTopic() + ":literal:Read",
                "group:" + scoring.groupId() + ":prefix:Read", "transactionalId:" + scoring.groupId() + ":prefix:Write"));
        for (String output : List.of(scoring.predictionsTopic(), scoring.deadLetterTopic(), scoring.alertsTopic())) {
            scoringNeeds.add("topic:" + output + ":literal:Write");
            scoringNeeds.add("topic:" + output + ":literal:Read"); // exactly-once: DescribeProducers at start
        }
        assertThat(granted("scoring-stream")).isEqualTo(scoringNeeds);

        Map<String, String> driftEnv = new HashMap<>(shared);
        driftEnv.putAll(configMap("drift-stream-config"));
        DriftConfig drift = DriftConfig.from(new String[0], driftEnv);
        DriftConfig.Topics topics = drift.topics();
        Set<String> driftNeeds = new TreeSet<>();
        // model-events: the dashboard's lifecycle view.
        for (String input : List.of(topics.predictions(), topics.labels(), topics.modelBaselines(), topics.modelEvents())) {
            driftNeeds.add("topic:" + input + ":literal:Read");
        }
        for (String output : List.of(topics.labeledPredictions(), topics.driftMetrics(), topics.alerts(), topics.deadLetters())) {
            driftNeeds.add("topic:" + output + ":literal:Write");
            driftNeeds.add("topic:" + output + ":literal:Read"); // its meters read its outputs back
        }
        driftNeeds.addAll(List.of("topic:" + drift.applicationId() + ":prefix:All", "group:" + drift.applicationId() + ":prefix:Read",
                "transactionalId:" + drift.applicationId() + ":prefix:Write"));
        assertThat(granted("drift-stream")).isEqualTo(driftNeeds);

        Map<String, String> lifecycleEnv = new HashMap<>(shared);
        lifecycleEnv.putAll(configMap("lifecycle-config"));
        LifecycleSettings lifecycle = LifecycleSettings.from(new String[0], lifecycleEnv);
        RetrainSettings retrain = lifecycle.retrain();
        assertThat(retrain.kafka()).containsEntry("security.protocol", "SASL_SSL");
        Set<String> lifecycleNeeds = new TreeSet<>(List.of(
                "topic:" + retrain.labeledPredictionsTopic() + ":literal:Read", "topic:" + lifecycle.metricsTopic() + ":literal:Read",
                "group:" + lifecycle.groupId() + ":literal:Read"));
        // Written, and read back: the champion's baseline, the updates a restart completes, the steps, the alerts.
        for (String topic : List.of(retrain.modelBaselinesTopic(), retrain.modelUpdatesTopic(), retrain.modelEventsTopic(),
                lifecycle.alertsTopic())) {
            lifecycleNeeds.add("topic:" + topic + ":literal:Write");
            lifecycleNeeds.add("topic:" + topic + ":literal:Read");
        }
        assertThat(granted("lifecycle")).isEqualTo(lifecycleNeeds);
        assertThat(retrain.outDir().toString()).as("where the scoring job's TaskManagers mount the models").isEqualTo("/models");
        assertThat(granted("streamscore-cli")).noneMatch(acl -> acl.contains(":All") || acl.startsWith("cluster:"));
    }

    @Test
    void noCredentialIsWrittenInTheManifests() throws IOException {
        assertThat(k8sResources()).noneMatch(r -> "Secret".equals(r.get("kind")));
        for (Path file : manifestFiles()) {
            if (file.startsWith(DEPLOY.resolve("k8s"))) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContainIgnoringCase("password=")
                        .doesNotContain("ScramLoginModule");
            }
        }
        for (String app : List.of("scoring-stream", "drift-stream")) {
            String text = Files.readString(DEPLOY.resolve("k8s/base/" + app + ".yaml"));
            Matcher jaas = Pattern.compile("name: STREAMSCORE_KAFKA_SASL_JAAS_CONFIG\\s+valueFrom:\\s+secretKeyRef:\\s+name: ([a-z-]+)\\s+key: sasl.jaas.config")
                    .matcher(text);
            assertThat(jaas.find()).as(app + " reads its JAAS config from its KafkaUser's Secret").isTrue();
            assertThat(jaas.group(1)).isEqualTo(app);
            assertThat(text).containsPattern("name: STREAMSCORE_KAFKA_SSL_TRUSTSTORE_PASSWORD\\s+valueFrom:\\s+secretKeyRef:")
                    .contains("secretName: streamscore-cluster-ca-cert");
        }
        String compose = Files.readString(DEPLOY.resolve("compose/docker-compose.yml"));
        // Compose writes the JAAS lines and the broker's store passwords from generated values only.
        Matcher password = Pattern.compile("(?i)password[=:]\\s*(\\S+)").matcher(compose);
        List<String> passwordValues = new ArrayList<>();
        while (password.find()) {
            passwordValues.add(password.group(1));
        }
        assertThat(passwordValues).isNotEmpty()
                .allMatch(v -> v.matches("\\\\?\"?\\$.*"), "a value made at run time (a shell or compose expansion)");
        assertThat(compose).contains("GF_AUTH_ANONYMOUS_ENABLED: \"false\"")
                .containsPattern("GF_SECURITY_ADMIN_PASSWORD: \\$\\{GRAFANA_ADMIN_PASSWORD:\\?");
    }

    /** Compose: clients only over SASL_SSL, every principal with its KafkaUser's ACLs, its secrets mounted only where it runs. */
    @Test
    @SuppressWarnings("unchecked")
    void composeAuthenticatesEveryClientAndGrantsEachPrincipalItsKafkaUsersAcls() throws IOException {
        String text = Files.readString(DEPLOY.resolve("compose/docker-compose.yml"));
        assertThat(text).contains("listener.security.protocol.map=BROKER:SASL_SSL,HOST:SASL_SSL,CONTROLLER:PLAINTEXT")
                .contains("CONTROLLER://localhost:9093")
                .contains("authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .contains("allow.everyone.if.no.acl.found=false");

        Matcher allow = Pattern.compile("\\n\\s+allow ([a-z-]+) (topic|group|transactionalId) (literal|prefix) ([A-Za-z,]+) ([^\\n]+)")
                .matcher(text);
        Map<String, Set<String>> granted = new TreeMap<>();
        while (allow.find()) {
            for (String name : allow.group(5).trim().split(" +")) {
                for (String operation : allow.group(4).split(",")) {
                    if (!operation.equals("Describe")) {
                        granted.computeIfAbsent(allow.group(1), k -> new TreeSet<>())
                                .add(allow.group(2) + ":" + name + ":" + allow.group(3) + ":" + operation);
                    }
                }
            }
        }
        assertThat(granted).containsOnlyKeys("scoring-stream", "drift-stream", "streamscore-cli");
        for (String principal : granted.keySet()) {
            assertThat(granted.get(principal)).as(principal).isEqualTo(granted(principal));
        }

        Map<String, Object> compose = new Yaml(new LoaderOptions()).load(text);
        Map<String, Object> env = (Map<String, Object>) compose.get("x-streamscore-env");
        assertThat(env).containsEntry("STREAMSCORE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("STREAMSCORE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("STREAMSCORE_KAFKA_SASL_JAAS_CONFIG", "$${file:/secrets/client.properties:sasl.jaas.config}");
        Map<String, String> secretsOf = Map.of("kafka", "secrets-broker", "topics", "secrets-broker",
                "jobmanager", "secrets-scoring-stream", "taskmanager", "secrets-scoring-stream", "drift-stream", "secrets-drift-stream",
                "model", "secrets-cli", "simulator", "secrets-cli");
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        services.forEach((name, value) -> {
            List<String> volumes = (List<String>) ((Map<String, Object>) value).getOrDefault("volumes", List.of());
            List<String> secrets = volumes.stream().filter(v -> v.startsWith("secrets-")).toList();
            if (name.equals("secrets")) {
                assertThat(secrets).hasSize(5);
            } else if (secretsOf.containsKey(name)) {
                assertThat(secrets).as(name).containsExactly(secretsOf.get(name) + ":/secrets:ro");
            } else {
                assertThat(secrets).as(name).isEmpty();
            }
        });
    }

    /**
     * The registry serves HTTPS only, with cert-manager's certificate for the name the apps use, and
     * authenticates every request; each app trusts only that CA (never mounting the registry's key)
     * and logs in with its own client from a Secret.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theRegistryServesOnlyHttpsAndAuthenticatesEveryApp() throws IOException {
        Map<String, Object> registrySpec = map(map(map(resource("Deployment", "registry"), "spec"), "template"), "spec");
        Map<String, Object> registry = containers(registrySpec).get(0);
        Map<String, Object> env = new HashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) registry.get("env")) {
            env.put((String) e.get("name"), e.get("value"));
        }
        assertThat(env).containsEntry("AUTH_ENABLED", "true").containsEntry("CLIENT_CREDENTIALS_BASIC_AUTH_ENABLED", "true")
                .containsEntry("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled")
                .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "/etc/registry/tls/tls.crt")
                .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", "/etc/registry/tls/tls.key");
        assertThat(configMap("registry-auth")).containsKeys("KEYCLOAK_URL", "KEYCLOAK_REALM");
        assertThat(configMap("registry-auth").get("KEYCLOAK_URL")).startsWith("https://");
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(map(map(registry, probe), "httpGet").get("scheme")).as(probe).isEqualTo("HTTPS");
        }
        List<Map<String, Object>> registryVolumes = (List<Map<String, Object>>) registrySpec.get("volumes");
        assertThat(registryVolumes).anySatisfy(v -> assertThat(map(v, "secret").get("secretName")).isEqualTo("registry-tls"));

        java.net.URI url = java.net.URI.create(configMap("streamscore-config").get("STREAMSCORE_REGISTRY_URL"));
        assertThat(url.getScheme()).isEqualTo("https");
        Map<String, Object> certificate = map(resource("Certificate", "registry-tls"), "spec");
        assertThat((List<String>) certificate.get("dnsNames")).contains(url.getHost());
        assertThat(certificate.get("secretName")).isEqualTo("registry-tls");
        List<Map<String, Object>> servicePorts = (List<Map<String, Object>>) map(resource("Service", "registry"), "spec").get("ports");
        assertThat(servicePorts).extracting(port -> port.get("port")).containsExactly(url.getPort());
        String truststore = configMap("streamscore-config").get("STREAMSCORE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION");
        assertThat(configMap("streamscore-config")).containsEntry("STREAMSCORE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE", "PEM");

        Map<String, Map<String, Object>> podSpecs = Map.of(
                "scoring-stream", map(map(resource("FlinkDeployment", "scoring-stream"), "spec"), "podTemplate"),
                "drift-stream", map(map(map(resource("Deployment", "drift-stream"), "spec"), "template"), "spec"),
                "lifecycle", map(map(map(resource("Deployment", "lifecycle"), "spec"), "template"), "spec"));
        podSpecs.forEach((app, pod) -> {
            Map<String, Object> podSpec = pod.containsKey("containers") ? pod : map(pod, "spec");
            Map<String, Object> container = containers(podSpec).get(0);
            assertThat((List<Map<String, Object>>) container.get("env")).as(app).anySatisfy(e -> {
                assertThat(e.get("name")).isEqualTo("STREAMSCORE_BASIC_AUTH_USER_INFO");
                Map<String, Object> ref = map(map(e, "valueFrom"), "secretKeyRef");
                assertThat(ref).containsEntry("name", app + "-registry").containsEntry("key", "user-info");
            });
            Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                    .filter(m -> truststore.startsWith(m.get("mountPath") + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(app + " mounts nothing at " + truststore));
            Map<String, Object> volume = ((List<Map<String, Object>>) podSpec.get("volumes")).stream()
                    .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
            assertThat(map(volume, "secret").get("secretName")).isEqualTo("registry-tls");
            assertThat((List<Map<String, Object>>) map(volume, "secret").get("items")).as(app + ": the CA only, never the key")
                    .containsExactly(Map.of("key", "ca.crt", "path", "ca.crt"));
        });
    }

    @Test
    void theRegistryAndTheAppsAcceptOnlyTheConnectionsTheyNeed() throws IOException {
        for (String name : List.of("registry", "drift-stream", "scoring-stream")) {
            Map<String, Object> spec = map(resource("NetworkPolicy", name), "spec");
            assertThat(map(map(spec, "podSelector"), "matchLabels")).containsEntry("app.kubernetes.io/name", name);
            assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress"));
        }
    }

    /** A KafkaUser's ACLs as type:name:pattern:operation, one per operation (Describe, implied by the others, left out). */
    @SuppressWarnings("unchecked")
    private static Set<String> granted(String user) throws IOException {
        Map<String, Object> spec = map(resource("KafkaUser", user), "spec");
        assertThat(map(spec, "authentication").get("type")).isEqualTo("scram-sha-512");
        Set<String> acls = new TreeSet<>();
        for (Map<String, Object> acl : (List<Map<String, Object>>) map(spec, "authorization").get("acls")) {
            Map<String, Object> r = map(acl, "resource");
            for (String operation : (List<String>) acl.get("operations")) {
                if (!operation.equals("Describe")) {
                    acls.add(r.get("type") + ":" + r.get("name") + ":" + r.get("patternType") + ":" + operation);
                }
            }
        }
        return acls;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> configMap(String name) throws IOException {
        Map<String, String> data = new HashMap<>();
        map(resource("ConfigMap", name), "data").forEach((k, v) -> data.put(k, String.valueOf(v)));
        return data;
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
