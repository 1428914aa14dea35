package dev.streamscore.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one child JVM runs: a name (for its log and PID files), working directory, classpath, JVM
 * options, main class and arguments. {@link ChildProcess} turns it into a command line.
 *
 * @param name       short process name, e.g. {@code kafka}; names {@code logs/<name>.log} and {@code pids/<name>.pid}
 * @param workDir    working directory of the child; created if missing
 * @param classpath  the child's own classpath (path-separator joined)
 * @param jvmOptions options before the main class, e.g. {@code -Xmx256m}, {@code -Dkey=value}
 * @param mainClass  the real main class, run by {@link ParentWatchdog}
 * @param args       arguments of the real main class
 */
record JvmCommand(String name, Path workDir, String classpath, List<String> jvmOptions, String mainClass,
                  List<String> args) {

    JvmCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(mainClass, "mainClass");
        jvmOptions = List.copyOf(jvmOptions);
        args = List.copyOf(args);
    }
}
