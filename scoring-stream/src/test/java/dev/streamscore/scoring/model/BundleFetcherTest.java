package dev.streamscore.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.streamscore.model.bundle.BundleChecksum;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFetcherTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger downloads = new AtomicInteger();
    private Path bundle;
    private String checksum;

    @BeforeEach
    void bundle() throws IOException {
        bundle = dir.resolve("fraud-3");
        Files.createDirectories(bundle.resolve("saved_model/variables"));
        Files.writeString(bundle.resolve("model.json"), "{\"name\":\"fraud\"}");
        Files.writeString(bundle.resolve("saved_model/saved_model.pb"), "graph");
        Files.writeString(bundle.resolve("saved_model/variables/variables.index"), "index");
        checksum = BundleChecksum.sha256(bundle);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aDirectoryIsUsedWhereItIs() throws Exception {
        BundleFetcher fetcher = new BundleFetcher(dir.resolve("cache"));
        assertThat(fetcher.fetch(bundle.toString(), checksum, "fraud@3")).isEqualTo(bundle);
        assertThat(fetcher.fetch(bundle.toUri().toString(), checksum, "fraud@3")).isEqualTo(bundle);
    }

    @Test
    void aZipOverHttpIsDownloadedOnceAndUnpackedToTheSameBundle() throws Exception {
        Path zip = zip(bundle, dir.resolve("fraud-3.zip"), "fraud-3/");
        String url = serve(zip);
        BundleFetcher fetcher = new BundleFetcher(dir.resolve("cache"));

        Path fetched = fetcher.fetch(url, checksum, "fraud@3");
        assertThat(BundleChecksum.sha256(fetched)).isEqualTo(checksum);
        assertThat(fetcher.fetch(url, checksum, "fraud@3")).isEqualTo(fetched);
        assertThat(downloads).hasValue(1);
    }

    @Test
    void refusesWhatItCannotServe() throws Exception {
        BundleFetcher fetcher = new BundleFetcher(dir.resolve("cache"));
        assertThatThrownBy(() -> fetcher.fetch("s3://bucket/fraud-3.zip", checksum, "fraud@3"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("scheme 's3' is not supported");
        assertThatThrownBy(() -> fetcher.fetch(dir.resolve("nope").toString(), checksum, "fraud@3"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("nothing at");

        String url = serve(dir.resolve("missing.zip"));
        assertThatThrownBy(() -> fetcher.fetch(url, checksum, "fraud@3"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("HTTP 404");

        Path evil = dir.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write(1);
            out.closeEntry();
        }
        assertThatThrownBy(() -> fetcher.fetch(evil.toString(), "ab" + checksum, "fraud@3"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("outside the bundle");
        assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
    }

    private String serve(Path file) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (!Files.exists(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            downloads.incrementAndGet();
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + file.getFileName();
    }

    private static Path zip(Path source, Path zipFile, String prefix) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zipFile));
                var files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(prefix + source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return zipFile;
    }
}
