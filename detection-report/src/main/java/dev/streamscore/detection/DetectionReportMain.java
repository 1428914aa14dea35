package dev.streamscore.detection;

import dev.streamscore.drift.alerts.AlertSettings;
import dev.streamscore.drift.simulation.SimulatedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code detection-report/run.sh [--seeds 20] [--first-seed 1001] [--stationary-windows 50]
 * [--events-per-window 2000] [--threads 2] [--only KIND] [--out FILE]}: runs the {@link DetectionReport}, writes
 * the Markdown report to FILE and prints the targets' verdicts.
 */
public final class DetectionReportMain {
    private DetectionReportMain() {
    }

    public static void main(String[] args) throws IOException {
        int seeds = 20;
        long firstSeed = 1001;
        int stationaryWindows = 50;
        int eventsPerWindow = 2_000;
        int threads = 2;
        String only = null;
        Path out = Path.of("detection-report/reports/detection-report.md");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(required(args[i], value));
                case "--first-seed" -> firstSeed = Long.parseLong(required(args[i], value));
                case "--stationary-windows" -> stationaryWindows = Integer.parseInt(required(args[i], value));
                case "--events-per-window" -> eventsPerWindow = Integer.parseInt(required(args[i], value));
                case "--threads" -> threads = Integer.parseInt(required(args[i], value));
                case "--only" -> only = required(args[i], value).toLowerCase(Locale.ROOT);
                case "--out" -> out = Path.of(required(args[i], value));
                case "--help", "-h" -> {
                    System.out.println("detection-report/run.sh [--seeds 20] [--first-seed 1001] [--stationary-windows 50] "
                            + "[--events-per-window 2000] [--threads 2] [--only KIND (e.g. 'unit bug')] [--out FILE]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
            i++;
        }
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedList.add(firstSeed + i);
        }
        String kind = only;
        DetectionReport.Settings settings = new DetectionReport.Settings(seedList, stationaryWindows, eventsPerWindow,
                c -> kind == null || c.kind().contains(kind), threads);
        DetectionReport.Results results = new DetectionReport(SimulatedModel.shared(), settings).run();

        ReportWriter writer = new ReportWriter(AlertSettings.DEFAULTS.raiseAfter());
        String command = "detection-report/run.sh " + String.join(" ", args);
        String markdown = writer.markdown(results, command.strip(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        System.out.print(writer.summary(results));
        System.out.println("Report: " + out + " (" + ReportWriter.duration(results.elapsed()) + ")");
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
