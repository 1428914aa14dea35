package dev.streamscore.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The child processes a stack recorded in its data dir ({@code pids/<name>.pid}), for
 * {@code streamscore stack status} and {@code stack down} from another terminal.
 */
public final class StackProcesses {
    private static final Duration OWNER_GRACE = Duration.ofSeconds(30);

    private StackProcesses() {
    }

    /** One recorded child: its PID, whether it runs, and the PID of the JVM that started it. */
    public record StackProcess(String name, long pid, boolean alive, Optional<Long> ownerPid) {
    }

    public static List<StackProcess> list(Path dataDir) {
        StackLayout layout = new StackLayout(dataDir, dataDir.resolve("logs"));
        List<StackProcess> processes = new ArrayList<>();
        if (!Files.isDirectory(layout.pidDir())) {
            return processes;
        }
        try (Stream<Path> files = Files.list(layout.pidDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                Optional<Long> pid = ChildProcess.readPid(file);
                if (pid.isEmpty()) {
                    continue;
                }
                Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
                processes.add(new StackProcess(name, pid.get(), handle.isPresent(), handle.flatMap(StackProcesses::owner)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + layout.pidDir(), e);
        }
        return processes;
    }

    /**
     * Stops the stack of {@code dataDir}: asks the JVM that started it to exit (its shutdown hook
     * stops the children in order), then stops any child still running. Returns how many of the
     * recorded children were running.
     */
    public static int stop(Path dataDir) {
        List<StackProcess> running = list(dataDir).stream().filter(StackProcess::alive).toList();
        for (StackProcess process : running) {
            process.ownerPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(owner -> {
                owner.destroy();
                owner.onExit().completeOnTimeout(owner, OWNER_GRACE.toMillis(), TimeUnit.MILLISECONDS).join();
            });
        }
        for (StackProcess process : running) {
            ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)
                    .ifPresent(handle -> ChildProcess.terminate(handle, process.name()));
        }
        return running.size();
    }

    private static Optional<Long> owner(ProcessHandle child) {
        return child.info().arguments().map(Arrays::asList).flatMap(args -> {
            int watchdog = args.indexOf(ParentWatchdog.class.getName());
            return watchdog >= 0 && args.size() > watchdog + 1
                    ? Optional.of(Long.parseLong(args.get(watchdog + 1))) : Optional.empty();
        });
    }
}
