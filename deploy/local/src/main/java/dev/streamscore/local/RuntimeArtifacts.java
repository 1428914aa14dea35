package dev.streamscore.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads where the broker jars and the registry tarball are, as recorded at build time by
 * {@code streamscore-local-runtime} (two classpath resources), and checks that they still exist
 * in the local Maven repository.
 */
final class RuntimeArtifacts {

    private static final String KAFKA_CLASSPATH_RESOURCE = "/dev/streamscore/local/runtime/kafka-broker.classpath";
    private static final String REGISTRY_PATH_RESOURCE = "/dev/streamscore/local/runtime/apicurio-registry.path";
    private static final String FIX = "Run ./mvnw install -pl deploy/local-runtime to resolve the broker and registry artifacts.";

    private RuntimeArtifacts() {
    }

    /** The broker's full classpath (kafka_2.13, kafka-server, log4j2 binding), every entry checked to exist. */
    static String kafkaBrokerClasspath() {
        String classpath = readResource(KAFKA_CLASSPATH_RESOURCE);
        List<String> entries = Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
        if (entries.isEmpty()) {
            throw new LocalStackException("The broker classpath in " + KAFKA_CLASSPATH_RESOURCE + " is empty. " + FIX);
        }
        for (String entry : entries) {
            requireExists(Path.of(entry), "Kafka broker jar");
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The Apicurio Registry {@code -all.tar.gz} in the local Maven repository. */
    static Path apicurioRegistryTarball() {
        Path tarball = Path.of(readResource(REGISTRY_PATH_RESOURCE));
        requireExists(tarball, "Apicurio Registry tarball");
        return tarball;
    }

    private static String readResource(String resource) {
        try (InputStream in = RuntimeArtifacts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalStackException("Classpath resource " + resource
                        + " is missing: streamscore-local-runtime is not on the classpath. " + FIX);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static void requireExists(Path path, String what) {
        if (!Files.exists(path)) {
            throw new LocalStackException(what + " does not exist: " + path + ". " + FIX);
        }
    }
}
