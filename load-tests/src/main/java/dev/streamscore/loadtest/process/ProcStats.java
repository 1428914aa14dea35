package dev.streamscore.loadtest.process;

/**
 * Parses Linux {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}: CPU time used (user +
 * system clock ticks) and resident memory.
 */
public final class ProcStats {
    /** USER_HZ on Linux x86-64. */
    public static final int TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** utime + stime in clock ticks from a {@code stat} line (fields 14 and 15; the name may hold spaces). */
    public static long cpuTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        String[] fields = statLine.substring(close + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** VmRSS in bytes from a {@code status} file; -1 when absent. */
    public static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
