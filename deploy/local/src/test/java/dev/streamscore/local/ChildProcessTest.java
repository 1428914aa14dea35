package dev.streamscore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real (tiny) child JVMs: log file, PID file, stop, failure report, and the parent watchdog. */
class ChildProcessTest {

    /** A child that reports and then waits to be stopped. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("sleeper started with " + String.join(",", args));
            Thread.sleep(120_000);
        }
    }

    /** A child that fails at once. */
    public static final class Crasher {
        public static void main(String[] args) {
            System.err.println("boom: cannot bind");
            System.exit(3);
        }
    }

    @TempDir
    Path dataDir;

    private static String testClasses() throws Exception {
        return Path.of(ChildProcessTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private ChildProcess start(String name, Class<?> mainClass, String... args) throws Exception {
        return ChildProcess.start(new JvmCommand(name, dataDir.resolve(name), testClasses(), List.of("-Xmx32m"),
                mainClass.getName(), List.of(args)), new StackLayout(dataDir, dataDir.resolve("logs")));
    }

    @Test
    void logsToItsLogFileKeepsAPidFileAndStopsByPid() throws Exception {
        ChildProcess child = start("sleeper", Sleeper.class, "a", "b");
        Path pidFile = dataDir.resolve("pids/sleeper.pid");
        try {
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(child.pid()));
            child.awaitReady("sleeper", Instant.now().plusSeconds(30),
                    () -> child.logTail(5).contains("sleeper started with a,b"));
        } finally {
            child.stop();
        }

        assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pidFile).doesNotExist();
        assertThat(Files.readString(dataDir.resolve("logs/sleeper.log"), StandardCharsets.UTF_8))
                .contains("starting: ").contains(ParentWatchdog.class.getName());
    }

    @Test
    void aRelativeClasspathEntryOfOursStillNamesTheClassesInTheChildsOwnWorkingDirectory() throws Exception {
        String relative = Path.of("").toAbsolutePath().relativize(Path.of(testClasses())).toString();
        ChildProcess child = ChildProcess.start(new JvmCommand("relative", dataDir.resolve("relative"), relative,
                List.of("-Xmx32m"), Sleeper.class.getName(), List.of("c")), new StackLayout(dataDir, dataDir.resolve("logs")));
        try {
            child.awaitReady("relative", Instant.now().plusSeconds(30), () -> child.logTail(5).contains("sleeper started with c"));
        } finally {
            child.stop();
        }
    }

    @Test
    void awaitReadyNamesTheLogAndQuotesItWhenTheChildDies() throws Exception {
        ChildProcess child = start("crasher", Crasher.class);

        assertThatThrownBy(() -> child.awaitReady("The crasher", Instant.now().plusSeconds(30), () -> false))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("The crasher exited with code 3")
                .hasMessageContaining(dataDir.resolve("logs/crasher.log").toString())
                .hasMessageContaining("boom: cannot bind");
    }

    @Test
    void awaitReadyGivesUpAtTheDeadline() throws Exception {
        ChildProcess child = start("sleeper", Sleeper.class);
        try {
            assertThatThrownBy(() -> child.awaitReady("The sleeper", Instant.now().plusMillis(300), () -> false))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("The sleeper was not ready before the startup deadline");
        } finally {
            child.stop();
        }
    }

    @Test
    void recognisesItsRunningChildEvenWithAClasspathLongerThanTheJdkReadsOfACommandLine() throws Exception {
        // The broker's classpath is over 4 KB; ProcessHandle.Info gives no arguments for command lines that long.
        String longClasspath = testClasses() + File.pathSeparator + "/no/such/dir/padding.jar:".repeat(300);
        ChildProcess child = ChildProcess.start(new JvmCommand("sleeper", dataDir.resolve("sleeper"), longClasspath,
                List.of("-Xmx32m"), Sleeper.class.getName(), List.of()), new StackLayout(dataDir, dataDir.resolve("logs")));
        try {
            child.awaitReady("sleeper", Instant.now().plusSeconds(30),
                    () -> ProcessHandle.of(child.pid()).flatMap(h -> h.info().arguments()).isPresent());

            assertThatThrownBy(() -> ChildProcess.stopStale(new StackLayout(dataDir, dataDir.resolve("logs")), "sleeper"))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("already running");
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.stop();
        }
    }

    @Test
    void watchdogHaltsTheChildWhenItsParentDies() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        String mainClasses = Path.of(ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx32m",
                "-cp", mainClasses + File.pathSeparator + testClasses(),
                ParentWatchdog.class.getName(), Long.toString(parent.pid()), Sleeper.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("watched.log").toFile())
                .start();
        try {
            assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("child runs while its parent lives").isFalse();

            parent.destroyForcibly().waitFor();

            assertThat(child.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(1);
            assertThat(Files.readString(dataDir.resolve("watched.log"))).contains("is gone, halting");
        } finally {
            child.destroyForcibly();
            parent.destroyForcibly();
        }
    }
}
