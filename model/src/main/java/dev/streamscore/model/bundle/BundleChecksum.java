package dev.streamscore.model.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 over a directory tree: each regular file's relative path (with '/') and contents, in
 * path order, so the same bundle gives the same checksum on any machine and any change to a file,
 * a file name, or the set of files changes it.
 */
public final class BundleChecksum {
    private BundleChecksum() {
    }

    public static String sha256(Path directory) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(Files::isRegularFile)
                        .sorted((a, b) -> relative(directory, a).compareTo(relative(directory, b)))
                        .toList();
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("No files in " + directory);
            }
            byte[] buffer = new byte[64 * 1024];
            for (Path file : files) {
                byte[] name = relative(directory, file).getBytes(StandardCharsets.UTF_8);
                digest.update(name);
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, read);
                    }
                }
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot checksum " + directory, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
