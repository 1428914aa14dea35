package dev.streamscore.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of every child JVM of the local stack:
 * {@code ParentWatchdog <parentPid> <realMainClass> <args...>}.
 *
 * <p>Starts a daemon thread that halts this JVM as soon as the parent process is gone, then runs
 * the real main class. A shutdown hook in the parent cannot run after {@code kill -9}; this
 * watchdog is what guarantees that no broker or registry outlives the JVM that started it.
 *
 * <p>Uses the JDK only (it runs on the broker's and the registry's classpaths, which do not
 * contain this module's dependencies), so it reports to stderr, which goes to the child's log file.
 */
public final class ParentWatchdog {

    private static final long POLL_MILLIS = 500;

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("Usage: ParentWatchdog <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        String mainClass = args[1];
        String[] mainArgs = Arrays.copyOfRange(args, 2, args.length);

        Thread watchdog = new Thread(() -> watch(parentPid), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Method main = Class.forName(mainClass, true, ClassLoader.getSystemClassLoader())
                .getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) mainArgs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** This JVM's java binary, for a child to run on the same one. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The directory or jar this class comes from, to put on a child's classpath. */
    public static String location() {
        try {
            return Path.of(ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the classes of " + ParentWatchdog.class.getName(), e);
        }
    }

    private static void watch(long parentPid) {
        while (true) {
            boolean parentAlive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
            if (!parentAlive) {
                System.err.println("ParentWatchdog: parent process " + parentPid + " is gone, halting");
                Runtime.getRuntime().halt(1);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
