package dev.streamscore.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The classpath of one of StreamScore's apps, to start it in a JVM of its own: the jar (or classes
 * folder) that holds {@code resource}, followed by the runtime classpath that the app's module
 * recorded in that resource at build time ({@code maven-dependency-plugin:build-classpath}). The
 * scoring job needs kafka-clients 4.2.0 and the drift app 4.4.0, so they never share a JVM.
 */
public final class AppClasspath {
    private AppClasspath() {
    }

    /** For example {@code /dev/streamscore/scoring/runtime.classpath}. */
    public static String of(String resource) {
        URL url = AppClasspath.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("The app classpath " + resource + " is missing: build with ./mvnw install -DskipTests");
        }
        return appLocation(url, resource) + File.pathSeparator + read(url);
    }

    private static String appLocation(URL url, String resource) {
        try {
            String external = url.toExternalForm();
            if (external.startsWith("jar:")) {
                return Path.of(new URL(external.substring("jar:".length(), external.indexOf("!/"))).toURI()).toString();
            }
            Path root = Path.of(url.toURI());
            for (int depth = resource.replaceAll("^/", "").split("/").length; depth > 0; depth--) {
                root = root.getParent();
            }
            return root.toString();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the app of " + url, e);
        }
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + url, e);
        }
    }
}
