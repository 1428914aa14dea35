package dev.streamscore.scoring.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Makes a model update's bundle available as a local directory. A location is a directory (a path
 * or a {@code file:} URI, e.g. on a volume every task manager mounts), or a zip archive of the
 * bundle (a path, {@code file:}, {@code http:} or {@code https:} URL), which is downloaded and
 * unpacked once into a cache directory named after its checksum. Archive entries that would land
 * outside the target directory are refused.
 */
public final class BundleFetcher {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);
    private final Path cacheDir;

    public BundleFetcher(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public Path fetch(String location, String checksum, String what) throws ModelLoadException {
        if (location == null || location.isBlank()) {
            throw new ModelLoadException("Model " + what + ": the update has no location");
        }
        URI uri = toUri(location, what);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            Path path = Path.of(uri);
            if (Files.isDirectory(path)) {
                return path;
            }
            if (!Files.isRegularFile(path)) {
                throw new ModelLoadException("Model " + what + ": nothing at " + path);
            }
        } else if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ModelLoadException("Model " + what + ": location scheme '" + scheme
                    + "' is not supported; use a path, a file: URI, or an http(s) URL of a zip of the bundle");
        }
        Path target = cacheDir.resolve(safeName(what) + "-" + checksum.substring(0, Math.min(16, checksum.length())));
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDir);
            Path archive = Files.createTempFile(cacheDir, "download-", ".zip");
            try {
                download(uri, archive, what);
                Path unpacked = Files.createTempDirectory(cacheDir, "unpack-");
                unzip(archive, unpacked, what);
                Path root = bundleRoot(unpacked);
                try {
                    Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // Another task unpacked the same version first: use theirs.
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                }
                deleteTree(unpacked);
                return target;
            } finally {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            throw new ModelLoadException("Model " + what + ": cannot fetch " + location + ": " + e, e);
        }
    }

    private static URI toUri(String location, String what) throws ModelLoadException {
        if (location.startsWith("/") || !location.contains(":")) {
            return Path.of(location).toAbsolutePath().toUri();
        }
        try {
            URI uri = URI.create(location);
            if (uri.getScheme() == null) {
                return Path.of(location).toAbsolutePath().toUri();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Model " + what + ": invalid location " + location, e);
        }
    }

    private static void download(URI uri, Path archive, String what) throws IOException, ModelLoadException {
        if (uri.getScheme().equalsIgnoreCase("file")) {
            Files.copy(Path.of(uri), archive, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(archive));
            if (response.statusCode() != 200) {
                throw new ModelLoadException("Model " + what + ": GET " + uri + " answered HTTP " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("Model " + what + ": interrupted while downloading " + uri, e);
        }
    }

    private static void unzip(Path archive, Path into, String what) throws IOException, ModelLoadException {
        int entries = 0;
        try (InputStream raw = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new ModelLoadException("Model " + what + ": archive entry '" + entry.getName()
                            + "' points outside the bundle; refused");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
                entries++;
            }
        }
        if (entries == 0) {
            throw new ModelLoadException("Model " + what + ": the location is not a zip archive of a bundle");
        }
    }

    /** The bundle may be zipped as its files, or as one folder holding them. */
    private static Path bundleRoot(Path unpacked) throws IOException {
        if (Files.exists(unpacked.resolve("model.json"))) {
            return unpacked;
        }
        try (Stream<Path> children = Files.list(unpacked)) {
            List<Path> list = children.toList();
            return list.size() == 1 && Files.isDirectory(list.get(0)) ? list.get(0) : unpacked;
        }
    }

    private static String safeName(String what) {
        return what.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
