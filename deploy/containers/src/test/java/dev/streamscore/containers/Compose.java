package dev.streamscore.containers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Compose project of a compose file, driven through the Compose command line a user has:
 * {@code docker-compose} (v1, Debian's package) or else the {@code docker compose} plugin (v2).
 */
final class Compose {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final List<String> command;
    private final Map<String, String> environment;

    Compose(Path file, String project, Map<String, String> environment) {
        List<String> base = new ArrayList<>(onPath("docker-compose") ? List.of("docker-compose") : List.of("docker", "compose"));
        base.addAll(List.of("--project-name", project, "--file", file.toString()));
        this.command = List.copyOf(base);
        this.environment = Map.copyOf(environment);
    }

    /** Runs a Compose subcommand to its end: its standard output, or an exception with both outputs. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        Path output = Files.createTempFile("compose-", ".out");
        Path errors = Files.createTempFile("compose-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(output.toFile()).redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", full) + " did not end in " + COMMAND_TIMEOUT);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + text
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
