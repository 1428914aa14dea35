package dev.streamscore.local;

/**
 * StreamScore's apps that run in a JVM of their own, each as its main class and the classpath
 * resource its module records at build time: the one place the CLI, the demo, the benchmarks and the
 * tests that start an app name it. Strings, not classes: the apps need different Kafka clients, so
 * no module that starts them has them all on its own classpath.
 */
public enum StreamScoreApp {
    SCORING_JOB(Modules.SCORING, "dev.streamscore.scoring.ScoringJob"),
    PUBLISH(Modules.SCORING, "dev.streamscore.scoring.publish.PublishMain"),
    DRIFT(Modules.DRIFT, "dev.streamscore.drift.DriftApp"),
    RETRAIN(Modules.LIFECYCLE, "dev.streamscore.lifecycle.RetrainMain"),
    LIFECYCLE(Modules.LIFECYCLE, "dev.streamscore.lifecycle.LifecycleApp");

    /** The runtime classpath resource of each app module. */
    public static final class Modules {
        public static final String SCORING = "/dev/streamscore/scoring/runtime.classpath";
        public static final String DRIFT = "/dev/streamscore/drift/runtime.classpath";
        public static final String LIFECYCLE = "/dev/streamscore/lifecycle/runtime.classpath";

        private Modules() {
        }
    }

    private final String classpathResource;
    private final String mainClass;

    StreamScoreApp(String classpathResource, String mainClass) {
        this.classpathResource = classpathResource;
        this.mainClass = mainClass;
    }

    /** For example {@code /dev/streamscore/scoring/runtime.classpath}. */
    public String classpathResource() {
        return classpathResource;
    }

    public String mainClass() {
        return mainClass;
    }

    /** The app's whole classpath (see {@link AppClasspath}). */
    public String classpath() {
        return AppClasspath.of(classpathResource);
    }
}
