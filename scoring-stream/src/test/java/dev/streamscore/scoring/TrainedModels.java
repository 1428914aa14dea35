package dev.streamscore.scoring;

import dev.streamscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Demo models trained once per test JVM (about 2 s each) and shared by the integration tests. */
final class TrainedModels {
    private static final Map<String, ModelBundle> MODELS = new HashMap<>();
    private static Path root;

    private TrainedModels() {
    }

    static synchronized ModelBundle version(String version) {
        return MODELS.computeIfAbsent(version, v -> TransactionFixtures.trainModel(root(), v, Long.parseLong(v), 3000));
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("streamscore-models-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
