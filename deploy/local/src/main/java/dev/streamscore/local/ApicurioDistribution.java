package dev.streamscore.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked Apicurio Registry server (a Quarkus legacy runner jar plus {@code lib/}), kept in
 * a version-keyed cache dir {@code ${user.home}/.cache/streamscore/apicurio-registry-<version>} so
 * the tarball is unpacked once per machine, not once per start.
 *
 * <p>The tarball is unpacked into a temporary sibling dir and then renamed into place, so a
 * half-unpacked dir (crash, or two stacks starting at once) is never used.
 */
final class ApicurioDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);
    private static final Pattern TARBALL_NAME = Pattern.compile("apicurio-registry-app-(.+)-all\\.tar\\.gz");

    private final Path home;
    private final Path runnerJar;

    private ApicurioDistribution(Path home, Path runnerJar) {
        this.home = home;
        this.runnerJar = runnerJar;
    }

    /** The default cache root: {@code ${user.home}/.cache/streamscore}. */
    static Path defaultCacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "streamscore");
    }

    /** Returns the unpacked distribution of {@code tarball}, unpacking it into {@code cacheRoot} first if needed. */
    static ApicurioDistribution unpacked(Path tarball, Path cacheRoot) {
        Matcher name = TARBALL_NAME.matcher(tarball.getFileName().toString());
        if (!name.matches()) {
            throw new LocalStackException("Unexpected Apicurio Registry tarball name: " + tarball);
        }
        Path home = cacheRoot.resolve("apicurio-registry-" + name.group(1));
        try {
            if (!Files.isDirectory(home)) {
                unpack(tarball, home);
            }
            return new ApicurioDistribution(home, findRunnerJar(home));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + tarball + " into " + home, e);
        }
    }

    Path home() {
        return home;
    }

    Path runnerJar() {
        return runnerJar;
    }

    /** The runner jar's {@code Main-Class}; its manifest {@code Class-Path} brings in {@code lib/}. */
    String mainClass() {
        try (JarFile jar = new JarFile(runnerJar.toFile())) {
            String mainClass = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Main-Class");
            if (mainClass == null) {
                throw new LocalStackException("No Main-Class in the manifest of " + runnerJar);
            }
            return mainClass;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest of " + runnerJar, e);
        }
    }

    private static void unpack(Path tarball, Path home) throws IOException {
        LOG.info("Unpacking {} into {}", tarball, home);
        FileTrees.createAtomically(home, staging -> {
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", staging.toString())
                    .redirectErrorStream(true)
                    .start();
            tar.getOutputStream().close();
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IOException("tar -xzf " + tarball + " failed: " + output);
            }
            findRunnerJar(staging);
            return staging;
        });
    }

    private static Path findRunnerJar(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> runners = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).toList();
            if (runners.size() != 1 || !Files.isDirectory(dir.resolve("lib"))) {
                throw new IOException("Expected one *-runner.jar and a lib/ dir in " + dir + ", found " + runners);
            }
            return runners.get(0);
        }
    }
}
