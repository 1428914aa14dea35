package dev.streamscore.cli;

import dev.streamscore.config.LocalStackDefaults;
import dev.streamscore.drift.DriftFlags;
import dev.streamscore.lifecycle.LifecycleFlags;
import dev.streamscore.local.AppLaunch;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.LocalStackException;
import dev.streamscore.local.LocalStackMain;
import dev.streamscore.local.StackProcesses;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingSpec;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.scoring.core.ScoringCore;
import dev.streamscore.scoring.publish.PublishMain;
import dev.streamscore.simulator.ScenarioSchedule;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.files.TrainingDataWriter;
import dev.streamscore.simulator.live.LiveStreamConfig;
import dev.streamscore.simulator.live.LiveStreamProducer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamscore demo}: the whole system on this machine. Starts the local stack (or uses a
 * running one), trains the demo model once (kept for the next run), publishes it, starts the
 * scoring job and the drift monitor in JVMs of their own, streams simulated transactions and
 * delayed labels with a drift scenario that begins after {@code --drift-after}, and shows a live
 * view until Ctrl-C (or {@code --duration}). Everything it started stops with it, the stack too
 * unless {@code --keep}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole system locally with a drift scenario and a live terminal view.")
final class DemoCommand implements Callable<Integer> {
    private static final String BOOTSTRAP = LocalStackDefaults.BOOTSTRAP_SERVERS;
    private static final String REGISTRY = LocalStackDefaults.REGISTRY_URL;

    @Option(names = "--scenario", defaultValue = "covariate_shift",
            description = "Drift to switch on: covariate_shift, concept_drift, skew_bug_cents, new_merchant_category, "
                    + "bias_creep, or stationary for none (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--drift-after", defaultValue = "90s", description = "When the scenario starts (default: ${DEFAULT-VALUE}).")
    String driftAfter;

    @Option(names = "--rate", defaultValue = "200", description = "Transactions per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", description = "Stop after this long (e.g. 5m); default: until Ctrl-C.")
    String duration;

    @Option(names = "--window-size", defaultValue = "20s",
            description = "Monitoring window, short so alerts show within minutes (default: ${DEFAULT-VALUE}).")
    String windowSize;

    @Option(names = "--label-delay", defaultValue = "10s", description = "Median label delay (default: ${DEFAULT-VALUE}).")
    String labelDelay;

    @Option(names = "--auto-retrain", description = "Also run the lifecycle app: a performance alert retrains the "
            + "model on its labeled stream, and a candidate that passes the gate is rolled out (shadow, challenger, "
            + "champion) or rolled back, each step in the live view.")
    boolean autoRetrain;

    @Option(names = "--keep", description = "Leave the stack running afterwards (stop it with: streamscore stack down).")
    boolean keep;

    @Option(names = "--work-dir", description = "Training data, model bundles and logs (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of(System.getProperty("user.home"), ".streamscore", "demo");

    @Option(names = "--data-dir", description = StackCommand.DATA_DIR_HELP)
    Path dataDir = StackCommand.defaultDataDir();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        ScenarioSchedule schedule = ScenarioSchedule.parse("stationary," + scenario + "@" + driftAfter);
        Duration limit = duration == null ? null : Cli.duration(duration, "--duration");
        List<LocalProcess> apps = new ArrayList<>();
        Thread onCtrlC = null;
        CountDownLatch cleanedUp = new CountDownLatch(1);
        LocalStack stack = null;
        LiveStreamProducer producer = null;
        LiveView view = null;
        Thread watcher = null;
        try {
            if (StackProcesses.list(dataDir).stream().anyMatch(StackProcesses.StackProcess::alive)) {
                out.println("Using the stack already running for " + dataDir);
            } else if (keep) {
                out.println("Starting Kafka and the schema registry to keep running after the demo (log "
                        + logs.resolve("stack.log") + ") ...");
                startDetachedStack(logs.resolve("stack.log"));
            } else {
                out.println("Starting Kafka and the schema registry (logs in " + dataDir.resolve("logs") + ") ...");
                stack = LocalStack.start(LocalStackConfig.persistent(dataDir).withTopics(LocalStackMain.TOPICS));
            }
            ModelBundle model = demoModel(out);
            out.println("Publishing " + model.card().key() + " ...");
            try (LocalProcess publish = start("publish", publish(model.directory()), logs)) {
                if (publish.awaitExit(PUBLISH_WAIT).orElse(-1) != 0) {
                    throw new IllegalStateException("Publishing failed; see " + publish.logFile());
                }
            }
            out.println("Starting the scoring job and the drift monitor (logs in " + logs + ") ...");
            // A fresh monitor each run, reading from now: the stack keeps earlier runs' predictions,
            // whose windows and alerts (and their cooldowns) would otherwise mix with this run's.
            String run = "streamscore-demo-drift-" + System.currentTimeMillis();
            Launches launches = launches(Cli.duration(windowSize, "--window-size"), run, workDir);
            apps.add(start("score", launches.score(), logs));
            apps.add(start("monitor", launches.monitor(), logs));
            if (autoRetrain) {
                apps.add(start("lifecycle", launches.lifecycle(), logs));
            }

            // Events produced before the job serves a model would be dead letters (NO_MODEL).
            awaitModelServed(out, apps.get(0));

            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", BOOTSTRAP);
            SimulatorConfig simulation = SimulatorConfig.defaults()
                    .withSeed(System.currentTimeMillis())
                    .withEventsPerSecond(rate)
                    .withStartTime(Instant.now())
                    .withSchedule(schedule)
                    .withLabelDelayMedian(Cli.duration(labelDelay, "--label-delay"));
            producer = new LiveStreamProducer(simulation, LiveStreamConfig.defaults().withRegistryUrl(REGISTRY)
                    .withMaxDuration(limit == null ? Duration.ZERO : limit), kafka);
            LiveStreamProducer running = producer;
            Thread producing = new Thread(running::run, "demo-producer");
            producing.setDaemon(true);
            producing.start();

            view = new LiveView(BOOTSTRAP, REGISTRY);
            LiveView shown = view;
            // Ctrl-C: end the view, then let the JVM exit only once the cleanup below has run.
            onCtrlC = new Thread(() -> {
                shown.stop();
                try {
                    cleanedUp.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            String header = "StreamScore demo: " + rate + " transactions/s, scenario '" + scenario + "' from "
                    + driftAfter + " after start, " + windowSize + " monitoring windows"
                    + (autoRetrain ? ", automatic retraining" : "") + ". Logs: " + logs
                    + "\nDrift dashboard: http://127.0.0.1:" + DASHBOARD_PORT + "/ (charts appear as windows close)";
            AtomicReference<String> died = new AtomicReference<>();
            watcher = watchApps(apps, logs, died, shown);
            view.run(out, header, limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos());
            out.println();
            out.println("Demo summary: " + view.summary());
            if (died.get() != null) {
                out.println("The demo stopped: " + died.get());
                return 1;
            }
            return 0;
        } finally {
            if (onCtrlC != null && Thread.currentThread() != onCtrlC) {
                try {
                    // Ending normally: the hook would wait for this thread, which then waits in exit.
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for this cleanup, as it should.
                }
            }
            if (watcher != null) {
                watcher.interrupt();
            }
            if (producer != null) {
                producer.close();
            }
            if (view != null) {
                view.close();
            }
            apps.forEach(LocalProcess::requestStop);
            apps.forEach(LocalProcess::close);
            if (stack != null && !keep) {
                stack.close();
            }
            if (keep) {
                out.println("The stack keeps running (streamscore stack down stops it).");
            }
            cleanedUp.countDown();
        }
    }

    /**
     * Stops the view when one of the demo's apps exits by itself (a bad setting, a missing class, a
     * crash), saying which and where its log is, rather than showing a view that silently lacks it.
     */
    private static Thread watchApps(List<LocalProcess> apps, Path logs, AtomicReference<String> died, LiveView view) {
        List<String> names = List.of("the scoring job (score.log)", "the drift monitor (monitor.log)",
                "the lifecycle app (lifecycle.log)");
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    for (int i = 0; i < apps.size(); i++) {
                        Optional<Integer> exit = apps.get(i).awaitExit(Duration.ZERO);
                        if (exit.isPresent()) {
                            died.set(names.get(i) + " exited with status " + exit.get() + "; see its log in " + logs);
                            view.stop();
                            return;
                        }
                    }
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }, "demo-apps-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    /**
     * A stack in a JVM of its own that outlives this one (an in-process stack stops with its JVM),
     * started like {@code streamscore stack up}; returns once it answers.
     */
    private void startDetachedStack(Path log) throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, LocalStackMain.class.getName()));
        command.addAll(LocalStackMain.SPEC.toArgs(Map.of("data-dir", dataDir)));
        // Not under the watchdog: with --keep the stack outlives the demo (streamscore stack down stops it).
        new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + LocalStackConfig.DEFAULT_STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Press Ctrl-C to stop.")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The stack did not start in time; see " + log);
    }

    /**
     * Names the demo model's folder; changed whenever the simulator's world or the model card's
     * content changes, so that a newer StreamScore trains afresh instead of reusing a model an
     * older one trained (2: 50,000 cards and per-segment training profiles; 3: 80,000 rows, so the card holds
     * holdout figures for every customer segment, and a calibration).
     */
    private static final String DEMO_MODEL_EDITION = "e3";
    /** The drift app's HTTP port (its default): health, the JSON queries and the dashboard page. */
    private static final int DASHBOARD_PORT = Integer.parseInt(DriftFlags.SPEC.defaultValue("http-port"));
    /** The job's start and the model's load (TensorFlow's native library first) take 10-40 s here. */
    private static final Duration MODEL_WAIT = Duration.ofMinutes(3);
    /** Publishing reads the bundle and writes two records: seconds, unless the broker is unreachable. */
    private static final Duration PUBLISH_WAIT = Duration.ofMinutes(2);

    /** The demo model, trained on first use and reused afterwards. */
    private ModelBundle demoModel(PrintStream out) throws IOException {
        Path bundle = workDir.resolve("models").resolve("fraud-1-" + DEMO_MODEL_EDITION);
        if (Files.exists(bundle.resolve(ModelBundle.CARD_FILE))) {
            out.println("Using the demo model trained earlier: " + bundle);
            return ModelBundle.load(bundle);
        }
        Path data = workDir.resolve("train.csv");
        out.println("Writing 80,000 simulated training transactions to " + data + " ...");
        // 80,000: the holdout (a fifth) then has 30+ fraud cases among business cards, the smallest segment, so
        // bias alerts can compare its recall with validation.
        new TrainingDataWriter(SimulatorConfig.defaults().withSeed(42)).writeCsv(data, 80_000);
        out.println("Training the demo model ...");
        ModelBundle trained = Trainer.train(TrainingSpec.demo(), data, "1", 42, null, bundle, Cli::progress);
        out.printf("%nTrained %s: holdout AUC %.3f%n", trained.card().key(), trained.card().holdout().auc());
        return trained;
    }

    /** Waits until the scoring job's log says it serves a model, at most {@link #MODEL_WAIT}; says so if not, and goes on. */
    private static void awaitModelServed(PrintStream out, LocalProcess job) {
        out.println("Waiting for the scoring job to load the model ...");
        try {
            job.awaitLog(ScoringCore.SERVING, MODEL_WAIT);
        } catch (LocalStackException notYet) {
            if (!job.isAlive()) {
                throw new IllegalStateException("The scoring job exited; see " + job.logFile(), notYet);
            }
            out.println("The scoring job has not reported serving a model after " + MODEL_WAIT.toSeconds()
                    + " s; producing anyway (events before it does become NO_MODEL dead letters). See " + job.logFile());
        }
    }

    /** The demo's long-running apps and the settings they start with. */
    record Launches(AppLaunch score, AppLaunch monitor, AppLaunch lifecycle) {
    }

    /**
     * What the demo starts, rendered through each app's own settings declaration (a key an app
     * does not take fails here, before anything starts); the apps' defaults are the local stack.
     */
    static Launches launches(Duration windowSize, String run, Path workDir) {
        AppLaunch score = AppLaunch.of(StreamScoreApp.SCORING_JOB, ScoringFlags.SPEC, Map.of(
                "bootstrap-servers", BOOTSTRAP, "registry-url", REGISTRY, "group-id", "streamscore-demo",
                "starting-offsets", "latest"));
        AppLaunch monitor = AppLaunch.of(StreamScoreApp.DRIFT, DriftFlags.SPEC, Map.of(
                "bootstrap-servers", BOOTSTRAP, "registry-url", REGISTRY, "window-size", windowSize,
                "max-label-delay", Duration.ofMinutes(2), "application-id", run, "kafka.auto.offset.reset", "latest",
                // A version that stops scoring (replaced by a retrained one) has its alerts resolved soon.
                "alert-idle-resolve", Duration.ofMinutes(1),
                "state-dir", workDir.resolve("drift-state").resolve(run)));
        // The newest 20,000 pairs: about 100 s of demo traffic, so a retraining after a drift
        // learns the world as it is now. A cooldown of minutes, not hours, for a demo.
        AppLaunch lifecycle = AppLaunch.of(StreamScoreApp.LIFECYCLE, LifecycleFlags.LIFECYCLE, Map.of(
                "bootstrap-servers", BOOTSTRAP, "registry-url", REGISTRY, "group-id", run + "-lifecycle",
                "out-dir", workDir.resolve("retrained"), "max-examples", 20_000, "cooldown", Duration.ofMinutes(2)));
        return new Launches(score, monitor, lifecycle);
    }

    static AppLaunch publish(Path bundle) {
        return AppLaunch.of(StreamScoreApp.PUBLISH, PublishMain.SPEC,
                Map.of("bundle", bundle, "bootstrap-servers", BOOTSTRAP, "registry-url", REGISTRY));
    }

    private LocalProcess start(String name, AppLaunch launch, Path logs) {
        return LocalProcess.start(name, workDir, logs, List.of(), launch);
    }
}
