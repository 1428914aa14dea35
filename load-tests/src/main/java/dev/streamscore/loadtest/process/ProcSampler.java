package dev.streamscore.loadtest.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples CPU and memory of the processes of a benchmark phase from /proc once a second: average
 * CPU (100 % = one core) over the phase and peak resident memory, per process.
 */
public final class ProcSampler implements AutoCloseable {
    /**
     * One process's figures over a phase.
     *
     * @param cpuSeconds CPU time (user + system) it used over the phase
     */
    public record Usage(String process, double cpuPercent, long peakRssBytes, double cpuSeconds) {
    }

    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    private final Map<String, long[]> firstTicks = new ConcurrentHashMap<>();
    private final Map<String, long[]> lastTicks = new ConcurrentHashMap<>();
    private final Map<String, Long> peakRss = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ProcSampler() {
        thread = new Thread(this::loop, "proc-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a phase: forgets earlier figures and samples these processes from now on. */
    public synchronized void phase(Map<String, Long> processes) {
        pids.clear();
        firstTicks.clear();
        lastTicks.clear();
        peakRss.clear();
        pids.putAll(processes);
        sample();
    }

    /** The figures of the current phase so far. */
    public synchronized Map<String, Usage> usage() {
        sample();
        Map<String, Usage> result = new LinkedHashMap<>();
        pids.keySet().stream().sorted().forEach(name -> {
            long[] first = firstTicks.get(name);
            long[] last = lastTicks.get(name);
            if (first == null || last == null) {
                return;
            }
            double seconds = (last[1] - first[1]) / 1e9;
            double cpu = seconds <= 0 ? 0 : 100.0 * (last[0] - first[0]) / ProcStats.TICKS_PER_SECOND / seconds;
            double cpuSeconds = (last[0] - first[0]) / (double) ProcStats.TICKS_PER_SECOND;
            result.put(name, new Usage(name, cpu, peakRss.getOrDefault(name, 0L), cpuSeconds));
        });
        return result;
    }

    /** Each process's CPU time (user + system) since the phase began, in seconds, sampled now. */
    public synchronized Map<String, Double> cpuSeconds() {
        sample();
        Map<String, Double> result = new LinkedHashMap<>();
        firstTicks.forEach((name, first) -> {
            long[] last = lastTicks.get(name);
            result.put(name, (last[0] - first[0]) / (double) ProcStats.TICKS_PER_SECOND);
        });
        return result;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                sample();
            }
        }
    }

    private void sample() {
        long now = System.nanoTime();
        pids.forEach((name, pid) -> {
            try {
                long ticks = ProcStats.cpuTicks(Files.readString(Path.of("/proc", pid.toString(), "stat")));
                long rss = ProcStats.rssBytes(Files.readString(Path.of("/proc", pid.toString(), "status")));
                firstTicks.putIfAbsent(name, new long[] {ticks, now});
                lastTicks.put(name, new long[] {ticks, now});
                peakRss.merge(name, rss, Math::max);
            } catch (IOException | RuntimeException e) {
                // The process has gone (or this is not Linux): no figures for it.
            }
        });
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
