package dev.streamscore.drift.window;

import dev.streamscore.model.card.Histogram;
import dev.streamscore.model.card.ProfileBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the served-traffic monitors keep for one model version in one event-time window:
 * the score histogram on the training profile's 20 score bins, positive decisions, per-feature
 * histograms and skew counters, and per-segment decision counts. Its size depends on the number
 * of features, bins and (capped) categories and segments, never on the traffic; two windows'
 * states merge by adding counts ({@link #merge}), so partial aggregates can be combined.
 */
public final class ServedWindow {
    /** The score bins: the same edges as the training profile's score histogram. */
    public static final double[] SCORE_EDGES = ProfileBuilder.scoreEdges();
    private static final byte FORMAT = 1;

    private long count;
    private long positiveDecisions;
    private final long[] scoreCounts;
    private final Map<String, NumericFeatureCounts> numeric;
    private final Map<String, CategoricalFeatureCounts> categorical;
    private final SegmentCounts segments;

    public ServedWindow() {
        this(new long[SCORE_EDGES.length + 1], new TreeMap<>(), new TreeMap<>(), new SegmentCounts());
    }

    private ServedWindow(long[] scoreCounts, Map<String, NumericFeatureCounts> numeric,
            Map<String, CategoricalFeatureCounts> categorical, SegmentCounts segments) {
        this.scoreCounts = scoreCounts;
        this.numeric = numeric;
        this.categorical = categorical;
        this.segments = segments;
    }

    void addPrediction(double score, boolean positiveDecision) {
        count++;
        positiveDecisions += positiveDecision ? 1 : 0;
        scoreCounts[Histogram.bin(SCORE_EDGES, score)]++;
    }

    NumericFeatureCounts numeric(String feature, double[] edges, double trainMin, double trainMax) {
        return numeric.computeIfAbsent(feature, f -> new NumericFeatureCounts(edges, trainMin, trainMax));
    }

    CategoricalFeatureCounts categorical(String feature) {
        return categorical.computeIfAbsent(feature, f -> new CategoricalFeatureCounts());
    }

    SegmentCounts segmentCounts() {
        return segments;
    }

    /** Adds {@code other}'s counts to this window's and returns this. */
    public ServedWindow merge(ServedWindow other, int maxCategories, int maxGroups) {
        count += other.count;
        positiveDecisions += other.positiveDecisions;
        for (int i = 0; i < scoreCounts.length; i++) {
            scoreCounts[i] += other.scoreCounts[i];
        }
        other.numeric.forEach((name, counts) -> {
            NumericFeatureCounts mine = numeric.get(name);
            if (mine == null) {
                numeric.put(name, copy(counts));
            } else {
                mine.merge(counts);
            }
        });
        other.categorical.forEach((name, counts) ->
                categorical.computeIfAbsent(name, n -> new CategoricalFeatureCounts()).merge(counts, maxCategories));
        segments.merge(other.segments, maxGroups);
        return this;
    }

    public long count() {
        return count;
    }

    public long positiveDecisions() {
        return positiveDecisions;
    }

    public long[] scoreCounts() {
        return scoreCounts.clone();
    }

    public Map<String, NumericFeatureCounts> numeric() {
        return Collections.unmodifiableMap(numeric);
    }

    public Map<String, CategoricalFeatureCounts> categorical() {
        return Collections.unmodifiableMap(categorical);
    }

    public SegmentCounts segments() {
        return segments;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(count);
            out.writeLong(positiveDecisions);
            StateFormat.writeLongs(out, scoreCounts);
            out.writeInt(numeric.size());
            for (Map.Entry<String, NumericFeatureCounts> e : numeric.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().writeTo(out);
            }
            out.writeInt(categorical.size());
            for (Map.Entry<String, CategoricalFeatureCounts> e : categorical.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().writeTo(out);
            }
            segments.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServedWindow fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            StateFormat.expectFormat(in, FORMAT, "Served window");
            long count = in.readLong();
            long positives = in.readLong();
            long[] scores = StateFormat.readLongs(in);
            if (scores.length != SCORE_EDGES.length + 1) {
                throw new IOException("Corrupt served window state: " + scores.length + " score bins");
            }
            Map<String, NumericFeatureCounts> numeric = new TreeMap<>();
            int numericCount = in.readInt();
            for (int i = 0; i < numericCount; i++) {
                numeric.put(in.readUTF(), NumericFeatureCounts.readFrom(in));
            }
            Map<String, CategoricalFeatureCounts> categorical = new TreeMap<>();
            int categoricalCount = in.readInt();
            for (int i = 0; i < categoricalCount; i++) {
                categorical.put(in.readUTF(), CategoricalFeatureCounts.readFrom(in));
            }
            ServedWindow window = new ServedWindow(scores, numeric, categorical, SegmentCounts.readFrom(in));
            window.count = count;
            window.positiveDecisions = positives;
            return window;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read served window state", e);
        }
    }

    private static NumericFeatureCounts copy(NumericFeatureCounts counts) {
        NumericFeatureCounts copy = new NumericFeatureCounts(counts.edges(), counts.trainMin(), counts.trainMax());
        copy.merge(counts);
        return copy;
    }
}
