package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.ItKafka.Tail;
import dev.streamscore.drift.ItKafka.Timed;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.drift.simulation.SimulatedTraffic;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.card.GroupMetrics;
import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.simulator.Scenario;
import dev.streamscore.simulator.ScenarioSchedule;
import dev.streamscore.simulator.SimulatorConfig;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard as a user sees it: the real {@link DriftApp} on the real broker and registry, fed
 * the demo model's predictions (scored in-process as the scoring job does) and the simulator's
 * delayed labels, with the {@code covariate_shift} scenario switched on half way, so a PSI alert
 * for {@code amount} fires; then the page loaded in a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, driven by Selenium) and checked for what a person
 * would look at: a drift chart with points for every feature, the score distribution beside the
 * baseline's, the performance chart, and the alert row naming the feature. Its screenshot is kept
 * in {@code target/dashboard-it/} (the README's {@code docs/dashboard.png} is one of them).
 */
@ExtendWith(LocalStackExtension.class)
class DashboardIT {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardIT.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration MAX_LABEL_DELAY = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int WINDOWS = 12;
    private static final int ONSET_WINDOW = 6;
    private static final int EVENTS_PER_WINDOW = 400;
    private static final long SEED = 43;
    private static final String MODEL = "fraud";

    @TempDir
    Path stateDir;
    @TempDir
    Path browserProfile;

    @Test
    void theDashboardShowsDriftPerFeatureTheScoreDistributionPerformanceAndTheAlert(TestStack stack) throws Exception {
        // Checked first: a missing browser is a broken machine, not a reason to skip.
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("DashboardIT needs Debian's headless Chromium and its driver at %s and %s; install them with: "
                        + "apt-get install -y chromium chromium-driver", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        SimulatedModel model = SimulatedModel.shared();
        DriftItTopics topics = DriftItTopics.create(stack, "dashboard", 1);
        Instant start = ItKafka.recentStart();

        SimulatorConfig simulator = SimulatorConfig.defaults().withSeed(SEED).withStartTime(start)
                .withEventsPerSecond(EVENTS_PER_WINDOW / (double) WINDOW.toSeconds())
                .withLabelDelayMedian(Duration.ofSeconds(2))
                .withSchedule(ScenarioSchedule.switchingTo(Scenario.COVARIATE_SHIFT, WINDOW.multipliedBy(ONSET_WINDOW)));
        SimulatedTraffic traffic = SimulatedTraffic.generate(simulator, EVENTS_PER_WINDOW * WINDOWS, model, MODEL);
        List<Timed> records = new ArrayList<>();
        long expectedLabeled = 0;
        for (int i = 0; i < traffic.predictions().size(); i++) {
            Prediction p = traffic.predictions().get(i);
            Label l = traffic.labels().get(i);
            records.add(new Timed(topics.predictions(), p.getEntityId(), p, p.getEventTime().toEpochMilli()));
            records.add(new Timed(topics.labels(), l.getEventId(), l, l.getLabelTime().toEpochMilli()));
            if (!l.getLabelTime().isAfter(p.getEventTime().plus(MAX_LABEL_DELAY))) {
                expectedLabeled++;
            }
        }
        ItKafka.sendInTimeOrder(stack, List.of(new Timed(topics.baselines(), MODEL + "@" + SimulatedModel.VERSION,
                model.baseline(MODEL), 0L)));
        // What the lifecycle app wrote about the model: a retrained version 2 passed its gate and is a shadow.
        String modelEvents = stack.createTopic("dashboard-model-events", 1);
        ItKafka.sendInTimeOrder(stack, List.of(
                new Timed(modelEvents, MODEL, lifecycleStep("gate_passed", null, start.plusSeconds(30)),
                        start.plusSeconds(30).toEpochMilli()),
                new Timed(modelEvents, MODEL, lifecycleStep("published_shadow", ModelRole.SHADOW, start.plusSeconds(31)),
                        start.plusSeconds(31).toEpochMilli())));
        // Every input partition read 20 minutes past the data closes every served and performance window.
        records.addAll(ItKafka.ticks(topics, traffic.predictions().get(0), start.plus(Duration.ofMinutes(20)).toEpochMilli()));
        ItKafka.sendInTimeOrder(stack, records);

        long appStarted = System.nanoTime();
        try (DriftApp app = DriftApp.start(config(stack, topics, modelEvents))) {
            try (Tail<Object> labeled = new Tail<>(stack, topics.labeled())) {
                long expected = expectedLabeled;
                assertThat(labeled.await(r -> r.size() >= expected, TIMEOUT)).hasSize((int) expected);
            }
            String base = "http://127.0.0.1:" + app.httpPort();
            String modelKey = MODEL + "@" + SimulatedModel.VERSION;
            awaitTrue(() -> get(base + "/alerts/open?model=" + modelKey).contains("\"feature\":\"amount\"")
                    && everyWindowServedAndLabeled(get(base + "/metrics/history?model=" + modelKey)),
                    "the PSI alert for amount and every window's served and performance metrics in the app's state");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            LOG.info("Every window closed and the alert open {} s after the app started",
                    Duration.ofNanos(System.nanoTime() - appStarted).toSeconds());

            assertThat(status(base + "/metrics/history?model=nobody@1")).isEqualTo(404);
            assertThat(status(base + "/models/fairness?model=nobody@1")).isEqualTo(404);
            assertThat(status(base + "/models/fairness")).isEqualTo(400);
            assertThat(status(base + "/scores/latest")).isEqualTo(400);
            assertThat(status(base + "/dashboard/nothing.js")).isEqualTo(404);
            assertThat(status(base + "/lifecycle")).isEqualTo(400);
            awaitTrue(() -> get(base + "/lifecycle?model=" + modelKey).contains("published_shadow"), "the lifecycle steps");
            JsonNode lifecycle = JSON.readTree(get(base + "/lifecycle?model=" + modelKey));
            assertThat(lifecycle.path("model").asText()).as("steps are per model name").isEqualTo(MODEL);
            assertThat(lifecycle.path("steps")).extracting(s -> s.path("step").asText()).as("newest first")
                    .containsExactly("published_shadow", "gate_passed");
            assertThat(JSON.readTree(get(base + "/lifecycle?model=nobody")).path("steps")).isEmpty();

            List<String> features = model.card().features().stream().map(FeatureSpec::name).sorted().toList();
            withBrowser(driver -> {
                // The page polls: its "updated" time moves on by itself.
                driver.get(base + "/dashboard?refresh=1000");
                awaitTrue(() -> "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-loaded")),
                        "the page's first load");
                String firstUpdate = driver.findElement(By.id("status")).getText();
                assertThat(firstUpdate).startsWith("Kafka Streams RUNNING · updated ");
                awaitTrue(() -> !driver.findElement(By.id("status")).getText().equals(firstUpdate), "the page's next poll");

                // Then a page that holds still while it is inspected (a redraw replaces the elements).
                driver.get(base + "/dashboard?refresh=600000");
                awaitTrue(() -> "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-loaded"))
                        && !driver.findElements(By.cssSelector("#alerts tr.alert-row")).isEmpty(), "the page's first load");

                assertThat(driver.findElement(By.id("model")).getDomProperty("value")).isEqualTo(modelKey);
                // Drift: one chart per feature, a point per window.
                List<WebElement> charts = driver.findElements(By.cssSelector("#drift-charts .feature-chart"));
                assertThat(charts).extracting(c -> c.getDomAttribute("data-feature")).containsExactlyElementsOf(features);
                for (WebElement chart : charts) {
                    assertThat(chart.findElements(By.cssSelector("circle.point")))
                            .as("PSI points of %s", chart.getDomAttribute("data-feature")).hasSize(WINDOWS);
                }
                WebElement amount = driver.findElement(By.cssSelector("#drift-charts .feature-chart[data-feature='amount']"));
                assertThat(amount.getDomAttribute("class")).contains("alerting", "CRITICAL");
                assertThat(amount.findElements(By.cssSelector("line.threshold.critical"))).hasSize(1);
                // The score distribution: 20 bins of the latest window beside the holdout's.
                assertThat(driver.findElements(By.cssSelector("#score-chart g.bars rect.bar.live"))).hasSize(20);
                assertThat(driver.findElements(By.cssSelector("#score-chart g.bars rect.bar.baseline"))).hasSize(20);
                assertThat(driver.findElement(By.id("score-caption")).getText())
                        .contains(EVENTS_PER_WINDOW + " predictions").contains("PSI");
                // Performance: AUC per window against the holdout AUC.
                assertThat(driver.findElements(By.cssSelector("#performance-chart circle.point"))).hasSize(WINDOWS);
                assertThat(driver.findElements(By.cssSelector("#performance-chart line.threshold.baseline"))).hasSize(1);
                assertThat(driver.findElement(By.id("performance-caption")).getText()).contains("holdout");
                // The estimate from calibrated scores (the card's calibration) is charted beside the realized AUC.
                assertThat(driver.findElements(By.cssSelector("#performance-metric button")))
                        .extracting(b -> b.getDomAttribute("data-metric")).contains("auc", "estimated_auc", "auc_estimate_gap");
                // The alert a person acts on.
                List<WebElement> rows = driver.findElements(By.cssSelector("#alerts tr.alert-row"));
                assertThat(rows).anySatisfy(row -> {
                    assertThat(row.findElement(By.cssSelector("td.metric")).getText()).isEqualTo("data_drift / psi");
                    assertThat(row.findElement(By.cssSelector("td.subject")).getText()).isEqualTo("amount");
                    assertThat(row.findElement(By.cssSelector("td.message")).getText()).startsWith("PSI of amount is ");
                });
                // The card's holdout groups, as the trainer wrote them: one row per customer segment.
                Map<String, GroupMetrics> groups = model.card().fairnessOrEmpty().groups("customer_segment");
                List<WebElement> fairness = driver.findElements(By.cssSelector("#fairness tr.fairness-row"));
                assertThat(fairness).extracting(row -> row.findElements(By.tagName("td")).get(1).getText())
                        .containsExactlyInAnyOrderElementsOf(groups.keySet());
                assertThat(fairness).allSatisfy(row -> assertThat(row.findElements(By.tagName("td")).get(2).getText())
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%,d",
                                groups.get(row.findElements(By.tagName("td")).get(1).getText()).examples())));
                assertThat(driver.findElement(By.id("fairness-caption")).getText())
                        .startsWith("customer_segment: demographic parity gap ");
                List<WebElement> steps = driver.findElements(By.cssSelector("#lifecycle tr.lifecycle-row"));
                assertThat(steps).extracting(row -> row.getDomAttribute("data-step"))
                        .containsExactly("published_shadow", "gate_passed");
                assertThat(steps.get(0).findElement(By.cssSelector("td.role")).getText()).isEqualTo("SHADOW");
                assertThat(steps.get(1).findElement(By.cssSelector("td.figures")).getText())
                        .isEqualTo("gate AUC 0.871 vs 0.812");
                assertThat(driver.findElement(By.id("lifecycle-caption")).getText())
                        .startsWith("fraud@2 is on trial as a shadow since ");

                assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();

                Path shots = Path.of("target", "dashboard-it");
                Files.createDirectories(shots);
                Path shot = shots.resolve("dashboard.png");
                Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("Screenshot of the dashboard: {}", shot.toAbsolutePath());
            });
        }
    }

    /** Runs {@code check} in a fresh headless Chromium, which is stopped (with its driver) whatever happens. */
    private void withBrowser(BrowserCheck check) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1440,2000",
                "--user-data-dir=" + browserProfile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/dashboard-it-chromedriver.log"))
                .build();
        ChromeDriver driver = null;
        try {
            driver = new ChromeDriver(service, options);
            check.run(driver);
        } finally {
            try {
                if (driver != null) {
                    driver.quit();
                }
            } finally {
                service.stop();
                // If quit failed half way, no browser process may outlive the test.
                ProcessHandle.current().descendants()
                        .filter(p -> p.info().command().map(c -> c.contains("chromedriver") || c.contains("chromium")).orElse(false))
                        .forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    @FunctionalInterface
    private interface BrowserCheck {
        void run(ChromeDriver driver) throws Exception;
    }

    private static ModelEvent lifecycleStep(String step, ModelRole role, Instant time) {
        return ModelEvent.newBuilder().setModelName(MODEL).setCandidateVersion("2").setChampionVersion("1")
                .setStep(step).setRole(role).setTrigger("command").setFigures(Map.of("candidate_auc", 0.871,
                        "champion_auc", 0.812)).setTime(time).build();
    }

    private DriftConfig config(TestStack stack, DriftItTopics topics, String modelEvents) {
        List<String> args = new ArrayList<>(List.of(
                "--application-id", stack.topic("dashboard-app"), "--bootstrap-servers", stack.bootstrapServers(),
                "--registry-url", stack.registryUrl(), "--state-dir", stateDir.toString(),
                "--window-size", WINDOW.toSeconds() + "s", "--max-label-delay", MAX_LABEL_DELAY.toSeconds() + "s",
                "--http-port", "0", "--kafka.commit.interval.ms", "500"));
        args.addAll(topics.flags());
        args.addAll(List.of("--model-events-topic", modelEvents));
        return DriftConfig.from(args.toArray(String[]::new), Map.of());
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String get(String uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static int status(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Whether the history holds all {@link #WINDOWS} windows, each with predictions and labeled pairs. */
    private static boolean everyWindowServedAndLabeled(String historyJson) {
        try {
            JsonNode windows = JSON.readTree(historyJson).path("windows");
            if (windows.size() != WINDOWS) {
                return false;
            }
            for (JsonNode w : windows) {
                if (w.path("events").asLong() == 0 || w.path("labeled").asLong() == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
