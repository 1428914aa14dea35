package dev.streamscore.containers;

import dev.streamscore.local.AppClasspath;
import dev.streamscore.local.StreamScoreApp;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images under test: their names (base images overridable, for machines without Docker Hub),
 * and the build contexts of the three app images, assembled from the apps' runtime classpaths
 * (the classpath files inside their jars) next to the Dockerfiles in {@code images/}.
 */
final class Images {
    static final String TAG = System.getProperty("streamscore.image.tag", "0.1.0-SNAPSHOT");
    static final String SCORING = "streamscore/scoring-stream:" + TAG;
    static final String DRIFT = "streamscore/drift-stream:" + TAG;
    static final String LIFECYCLE = "streamscore/lifecycle:" + TAG;

    private static final Path MODULE = Path.of(System.getProperty("streamscore.containers.dir", "")).toAbsolutePath();
    /** Jars every Flink image's lib/ already has; the job's class loader must not load a second copy. */
    private static final List<String> IN_FLINK_LIB = List.of("flink-", "log4j-", "slf4j-", "kryo-", "minlog-",
            "reflectasm-", "objenesis-");
    /** Flink jars that are the job's own (connectors, formats): no Flink distribution's lib/ has them. */
    private static final List<String> JOB_FLINK_JARS = List.of("flink-connector-kafka-", "flink-connector-base-",
            "flink-avro-");
    /** TensorFlow Java and what it links: into lib/, parent-first, loaded once per TaskManager. */
    private static final List<String> TENSORFLOW = List.of("tensorflow-", "ndarray-", "javacpp-", "protobuf-java-");

    private Images() {
    }

    /** A base image: the environment variable (local-docker.sh env), else the system property (the pom's default). */
    static String base(String name) {
        String env = System.getenv("STREAMSCORE_IMAGE_" + name.toUpperCase());
        return env != null && !env.isBlank() ? env : System.getProperty("streamscore.image." + name);
    }

    static String buildScoring() {
        Path context = context("scoring-stream");
        for (Path jar : dependencies(StreamScoreApp.SCORING_JOB)) {
            String name = jar.getFileName().toString();
            if (startsWithAny(name, TENSORFLOW)) {
                copy(jar, context.resolve("lib"));
            } else if (!startsWithAny(name, IN_FLINK_LIB) || startsWithAny(name, JOB_FLINK_JARS)) {
                copy(jar, context.resolve("usrlib"));
            }
        }
        copy(ownJar(StreamScoreApp.SCORING_JOB), context.resolve("usrlib"));
        // The simulator (a small jar): deploy/compose trains the demo model with it in this image.
        copy(jarOf(dev.streamscore.simulator.SimulatorMain.class), context.resolve("usrlib"));
        // The Prometheus reporter plugin (the official image does not enable it in plugins/ by default).
        copy(reporterJar(), context.resolve("plugins").resolve("metrics-prometheus"));
        return build(SCORING, context, base("flink"));
    }

    static String buildDrift() {
        Path context = context("drift-stream");
        for (Path jar : dependencies(StreamScoreApp.DRIFT)) {
            copy(jar, context.resolve("lib"));
        }
        copy(ownJar(StreamScoreApp.DRIFT), context.resolve("lib"));
        // The simulator (a small jar): deploy/compose runs it as the producer from this image.
        copy(jarOf(dev.streamscore.simulator.SimulatorMain.class), context.resolve("lib"));
        return build(DRIFT, context, base("jre"));
    }

    static String buildLifecycle() {
        Path context = context("lifecycle");
        for (Path jar : dependencies(StreamScoreApp.LIFECYCLE)) {
            copy(jar, context.resolve("lib"));
        }
        copy(ownJar(StreamScoreApp.LIFECYCLE), context.resolve("lib"));
        return build(LIFECYCLE, context, base("jre"));
    }

    private static String build(String image, Path context, String baseImage) {
        return new ImageFromDockerfile(image, false)
                .withFileFromPath(".", context)
                .withBuildArg("BASE_IMAGE", baseImage)
                .get();
    }

    /** target/images/NAME: the Dockerfile and files of images/NAME, to which the jars are added. */
    private static Path context(String name) {
        Path source = MODULE.resolve("images").resolve(name);
        Path target = MODULE.resolve("target").resolve("images").resolve(name);
        try {
            if (Files.exists(target)) {
                try (Stream<Path> files = Files.walk(target)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jars of the app's recorded runtime classpath (see {@link AppClasspath}), without its own. */
    private static List<Path> dependencies(StreamScoreApp app) {
        List<Path> entries = classpath(app);
        return entries.subList(1, entries.size()).stream().filter(p -> p.toString().endsWith(".jar")).toList();
    }

    /** The app's own jar: the first entry of its classpath, which must be a jar to go into an image. */
    private static Path ownJar(StreamScoreApp app) {
        Path own = classpath(app).get(0);
        if (!own.toString().endsWith(".jar")) {
            throw new IllegalStateException(app + " is a classes folder here (" + own + "), not a jar: build with `install` first");
        }
        return own;
    }

    private static List<Path> classpath(StreamScoreApp app) {
        return Arrays.stream(AppClasspath.of(app.classpathResource()).split(File.pathSeparator)).map(Path::of).toList();
    }

    private static Path jarOf(Class<?> type) {
        try {
            Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(type + " is not in a jar (" + path + "): install the module first");
            }
            return path;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** flink-metrics-prometheus, a test dependency of this module. */
    private static Path reporterJar() {
        try {
            return Path.of(org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path jar, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        return prefixes.stream().anyMatch(name::startsWith);
    }
}
