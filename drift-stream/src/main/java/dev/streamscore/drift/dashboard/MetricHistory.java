package dev.streamscore.drift.dashboard;

import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The last windows of one model version, for the dashboard's charts: per window its event-time
 * bounds, its sizes and the values of the charted metrics (per-feature drift distances and skew
 * shares, prediction drift, performance, label rate), plus each series' latest baseline. Served
 * and performance reports of one window (the latter arrive a label delay later) fill the same
 * entry. At most {@code capacity} windows are kept, the newest by start; a report of a window
 * older than all kept ones, once full, is dropped, and so is one with nothing charted. So the size
 * depends on the model's features and the capacity, never on traffic.
 *
 * @param windows   oldest first
 * @param baselines latest baseline per series id (training or holdout reference)
 */
public record MetricHistory(List<Window> windows, Map<String, Double> baselines) {
    /** 3 adds whether a window's performance values are provisional; 2 (late events, revision) and 1 are still read. */
    private static final byte FORMAT = 3;
    private static final byte FORMAT_WITHOUT_PROVISIONAL = 2;
    private static final byte FORMAT_WITHOUT_REVISIONS = 1;
    private static final Set<String> DATA_DRIFT = Set.of(MetricName.PSI, MetricName.JS_DISTANCE, MetricName.WASSERSTEIN_NORM);

    public MetricHistory {
        windows = List.copyOf(windows);
        baselines = Map.copyOf(baselines);
    }

    /**
     * One window.
     *
     * @param start   event-time start (epoch ms)
     * @param end     event-time end (epoch ms)
     * @param events     predictions in it (0 until its served report arrives)
     * @param labeled    labeled pairs in it (0 until its performance report arrives)
     * @param lateEvents of its predictions, how many arrived after it closed (merged by revisions)
     * @param revision   the latest revision of its served or performance result (0: none revised)
     * @param provisional whether its performance values are provisional (labels in, the final result
     *                    still to come at the label delay)
     * @param values     by series id; NaN where the metric could not be computed
     */
    public record Window(long start, long end, long events, long labeled, long lateEvents, int revision,
            boolean provisional, Map<String, Double> values) {
        public Window {
            values = Map.copyOf(values);
        }
    }

    public static MetricHistory empty() {
        return new MetricHistory(List.of(), Map.of());
    }

    /** {@code kind|metric|feature}, the feature {@code -} for model-level metrics. */
    public static String seriesId(String kind, String metric, String feature) {
        return kind + "|" + metric + "|" + (feature == null ? "-" : feature);
    }

    /**
     * Whether a metric is charted: distances rather than test statistics or p-values (whose scale
     * says little across windows of different sizes), and no per-segment values.
     */
    static boolean charted(MetricValue m) {
        if (m.segment() != null) {
            return false;
        }
        return switch (m.kind()) {
            case MetricKind.DATA_DRIFT -> m.feature() != null && DATA_DRIFT.contains(m.metric());
            case MetricKind.SKEW -> m.feature() != null;
            case MetricKind.PREDICTION_DRIFT -> true;
            // Late labels are counted in the window of their label time, which may hold nothing else:
            // charted, such a window would be an empty point after the data. Counts are kept apart.
            case MetricKind.PERFORMANCE -> !Set.of(MetricName.LATE_LABELS, MetricName.EVENTS, MetricName.LABELED_PAIRS,
                    MetricName.LATE_EVENTS).contains(m.metric());
            case MetricKind.LABEL_DRIFT -> MetricName.LABEL_RATE.equals(m.metric());
            default -> false;
        };
    }

    /** This history with {@code report}'s charted values added, keeping the newest {@code capacity} windows. */
    public MetricHistory with(WindowReport report, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        if (report.metrics().stream().noneMatch(MetricHistory::charted)) {
            return this;
        }
        TreeMap<Long, Window> byStart = new TreeMap<>();
        windows.forEach(w -> byStart.put(w.start(), w));
        if (!byStart.containsKey(report.windowStart()) && byStart.size() >= capacity
                && report.windowStart() < byStart.firstKey()) {
            return this;
        }
        Window current = byStart.get(report.windowStart());
        Map<String, Double> values = new HashMap<>(current == null ? Map.of() : current.values());
        Map<String, Double> nextBaselines = new HashMap<>(baselines);
        long events = current == null ? 0 : current.events();
        long labeled = current == null ? 0 : current.labeled();
        long late = current == null ? 0 : current.lateEvents();
        int revision = Math.max(current == null ? 0 : current.revision(), report.revision());
        boolean performance = report.metrics().stream()
                .anyMatch(m -> MetricKind.PERFORMANCE.equals(m.kind()) && MetricName.LABELED_PAIRS.equals(m.metric()));
        boolean provisional = performance ? report.provisional() : current != null && current.provisional();
        for (MetricValue m : report.metrics()) {
            if (MetricKind.SERVED.equals(m.kind()) && MetricName.EVENTS.equals(m.metric())) {
                events = m.sampleSize();
            } else if (MetricKind.SERVED.equals(m.kind()) && MetricName.LATE_EVENTS.equals(m.metric())) {
                late = (long) m.value();
            } else if (MetricKind.PERFORMANCE.equals(m.kind()) && MetricName.LABELED_PAIRS.equals(m.metric())) {
                labeled = m.sampleSize();
            }
            if (!charted(m)) {
                continue;
            }
            String id = seriesId(m.kind(), m.metric(), m.feature());
            values.put(id, m.value());
            if (m.baseline() != null) {
                nextBaselines.put(id, m.baseline());
            }
        }
        byStart.put(report.windowStart(),
                new Window(report.windowStart(), report.windowEnd(), events, labeled, late, revision, provisional, values));
        while (byStart.size() > capacity) {
            byStart.pollFirstEntry();
        }
        return new MetricHistory(new ArrayList<>(byStart.values()), nextBaselines);
    }

    /** Every series id with a value in some window, sorted. */
    public Set<String> seriesIds() {
        Set<String> ids = new TreeSet<>();
        windows.forEach(w -> ids.addAll(w.values().keySet()));
        return ids;
    }

    /**
     * Compact binary: a table of the series ids, then per window its bounds, sizes and one double
     * per series (NaN where absent), since most windows carry every series.
     */
    public byte[] toBytes() {
        List<String> ids = new ArrayList<>(seriesIds());
        ids.addAll(new TreeSet<>(baselines.keySet()).stream().filter(id -> !ids.contains(id)).toList());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(ids.size());
            for (String id : ids) {
                out.writeUTF(id);
            }
            for (String id : ids) {
                Double b = baselines.get(id);
                out.writeDouble(b == null ? Double.NaN : b);
            }
            out.writeInt(windows.size());
            for (Window w : windows) {
                out.writeLong(w.start());
                out.writeLong(w.end());
                out.writeLong(w.events());
                out.writeLong(w.labeled());
                out.writeLong(w.lateEvents());
                out.writeInt(w.revision());
                out.writeBoolean(w.provisional());
                for (String id : ids) {
                    // Absent and NaN differ: absent is "not reported", NaN "reported, not computable".
                    Double v = w.values().get(id);
                    out.writeBoolean(v != null);
                    out.writeDouble(v == null ? 0 : v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static MetricHistory fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_PROVISIONAL && format != FORMAT_WITHOUT_REVISIONS) {
                throw new IOException("Unknown metric history format " + format);
            }
            int n = in.readInt();
            if (n < 0 || n > data.length) {
                throw new IOException("Corrupt metric history: " + n + " series");
            }
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readUTF();
            }
            Map<String, Double> baselines = new HashMap<>();
            for (String id : ids) {
                double b = in.readDouble();
                if (!Double.isNaN(b)) {
                    baselines.put(id, b);
                }
            }
            int count = in.readInt();
            if (count < 0 || count > data.length) {
                throw new IOException("Corrupt metric history: " + count + " windows");
            }
            List<Window> windows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long start = in.readLong();
                long end = in.readLong();
                long events = in.readLong();
                long labeled = in.readLong();
                long late = format != FORMAT_WITHOUT_REVISIONS ? in.readLong() : 0;
                int revision = format != FORMAT_WITHOUT_REVISIONS ? in.readInt() : 0;
                boolean provisional = format == FORMAT && in.readBoolean();
                Map<String, Double> values = new HashMap<>();
                for (String id : ids) {
                    boolean present = in.readBoolean();
                    double v = in.readDouble();
                    if (present) {
                        values.put(id, v);
                    }
                }
                windows.add(new Window(start, end, events, labeled, late, revision, provisional, values));
            }
            windows.sort(Comparator.comparingLong(Window::start));
            return new MetricHistory(windows, baselines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
