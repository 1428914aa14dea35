package dev.streamscore.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.loadtest.meter.LatencyStats;
import dev.streamscore.loadtest.process.ProcSampler;
import dev.streamscore.loadtest.run.FixedRateCpu;
import dev.streamscore.loadtest.run.JmhRow;
import dev.streamscore.loadtest.run.ProbeResult;
import dev.streamscore.loadtest.run.SystemResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static ProbeResult probe(String system, double rate, double p99, boolean ok) {
        Map<String, LatencyStats> latency = new LinkedHashMap<>();
        latency.put("read_uncommitted", new LatencyStats(1000, p99 / 3, p99 / 2, p99, p99 * 1.2, p99 * 1.5));
        latency.put("read_committed", new LatencyStats(1000, 600, 900, 1050, 1090, 1100));
        return new ProbeResult(system, rate, latency, rate, 0, 1000, 0, 1, ok, ok ? "" : "p99 too high");
    }

    private static SystemResult system(String name, Double max, Double lowestFailed, long rss, ProbeResult... probes) {
        return new SystemResult(name, name + " under test", List.of(probes), max, lowestFailed,
                Map.of(name, new ProcSampler.Usage(name, 80, rss, 12.0), "kafka-broker",
                        new ProcSampler.Usage("kafka-broker", 50, rss, 6.0)), "", 100_000,
                List.of(new FixedRateCpu(5000, 50_000, 1.5, 1.0)));
    }

    static BenchReport report() {
        List<SystemResult> systems = List.of(
                system("scoring-demo", 9000.0, 12000.0, 1_300_000_000L, probe("scoring-demo", 5000, 15, true),
                        probe("scoring-demo", 9000, 40, true), probe("scoring-demo", 12000, 400, false)),
                system("scoring-demo-eos", null, null, 1_300_000_000L, probe("scoring-demo-eos", 5000, 30, true)),
                system("scoring-demo-batch1", 1500.0, 1700.0, 1_300_000_000L),
                system("pass-through", 10000.0, 11500.0, 1_000_000_000L, probe("pass-through", 5000, 8, true)),
                system("drift-stream", 12000.0, 14000.0, 500_000_000L));
        return new BenchReport("2026-11-29 18:00 UTC", "test machine", 0.5, Duration.ofSeconds(600), false, 433, 27137,
                List.of(new JmhRow("tfBatch", "demo", 64, 50, 1), new JmhRow("tfBatch", "demo", 1, 40, 1)), systems,
                Targets.evaluate(systems, 1000));
    }

    @Test
    void writesMarkdownHtmlAndPlots(@TempDir Path dir) throws Exception {
        Path md = ReportWriter.write(dir, report());
        String markdown = Files.readString(md);
        assertThat(markdown).contains("2026-11-29 18:00 UTC", "test machine", "load-tests/run-report.sh",
                "| scoring-demo | 9,000 | 12,000 | 40.0 |", "| pass-through | 10,000 | 11,500 |",
                "![latency-vs-rate](latency-vs-rate.svg)");
        // 12 s of the system's CPU and 6 s of the broker's over 100,000 events.
        assertThat(markdown).contains("## CPU time per event", "| scoring-demo | 100,000 | 120.0 | 60.0 | - |");
        // 1.5 s of the system's CPU and 1 s of the broker's over the 50,000 events of the 5,000/s probe.
        assertThat(markdown).contains("| scoring-demo | 5,000 | 50,000 | 30.0 | 20.0 |");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<svg", "<table>", "scoring-demo-eos");
        for (String svg : List.of("latency-vs-rate.svg", "max-rate.svg", "jmh-inference.svg", "cpu.svg", "memory.svg")) {
            assertThat(Files.readString(dir.resolve(svg))).startsWith("<svg").endsWith("</svg>\n");
        }
    }

    @Test
    void summaryMarksEveryTarget() {
        String summary = ReportWriter.summary(report());
        assertThat(summary).contains("at-least-once: p99 <= 20 ms at 5,000 events/s | p99 15.0 ms (p50 5.0 ms) | met | 5.0 ms to spare");
        assertThat(summary).contains("exactly-once").contains("p99 1050 ms at 5,000/s | met");
        assertThat(summary).contains("9,000 vs 10,000 events/s = 90 % | met | +10 points");
        assertThat(summary).contains("9,000 vs 1,500 events/s = 6.0x | met | +1.0x");
        assertThat(summary).contains("300 MB more RSS than the pass-through JVM");
        assertThat(summary).contains("drift-stream keeps up with scoring-stream's maximum rate | 12,000 vs 9,000");
        assertThat(summary).contains("micro-batched >= 5x per-event scoring (28K FFNN) | not measured in this run");
    }
}
