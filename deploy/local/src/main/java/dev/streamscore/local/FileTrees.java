package dev.streamscore.local;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directory trees: deleting them (the throwaway data dir of a test stack, a half-unpacked
 * distribution) and creating them at once (an unpacked distribution in the cache).
 */
final class FileTrees {
    private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

    private FileTrees() {
    }

    /** Writes a tree into a new staging directory and returns the directory under it that becomes the target. */
    @FunctionalInterface
    interface Filler {
        Path fill(Path staging) throws IOException, InterruptedException;
    }

    /**
     * Creates {@code target} from what {@code filler} writes, built in a staging directory beside it and
     * moved into place in one step, so no reader sees a half-written tree; if another process placed it
     * first, theirs is kept. The staging directory is deleted in every case.
     */
    static void createAtomically(Path target, Filler filler) throws IOException {
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
        try {
            Path filled = filler.fill(staging);
            try {
                Files.move(filled, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                LOG.info("{} was created concurrently by another process; using it", target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while creating " + target, e);
        } finally {
            deleteRecursively(staging);
        }
    }

    /** Deletes {@code dir} and everything below it; does nothing if it does not exist. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
