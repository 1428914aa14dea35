package dev.streamscore.loadtest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine the figures were measured on: CPU, cores, memory, load, Java. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        String cpu = "unknown CPU";
        String memory = "";
        String load = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(", %.1f GiB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("");
            load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // Not Linux: the CPU count and Java version still say something.
        }
        return String.format("%s, %d cores%s%s, Java %s (%s)", cpu, Runtime.getRuntime().availableProcessors(),
                memory, load, System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    /** The 1-minute load average now, or -1. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
