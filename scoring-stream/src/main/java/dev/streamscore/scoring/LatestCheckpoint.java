package dev.streamscore.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a checkpoint directory ({@code <dir>/<job id>/chk-N}
 * with a {@code _metadata} file, the layout Flink's filesystem checkpoint storage writes), so a
 * restarted job can resume with {@code --restore-from latest}.
 */
public final class LatestCheckpoint {
    private LatestCheckpoint() {
    }

    public static Optional<Path> find(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(checkpointDir, 3)) {
            return walk.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong(LatestCheckpoint::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for checkpoints in " + checkpointDir, e);
        }
    }

    private static long modified(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
