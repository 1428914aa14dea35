package dev.streamscore.drift.window;

import dev.streamscore.drift.serde.ByteArrayOutput;
import dev.streamscore.model.card.Histogram;
import dev.streamscore.model.card.ProfileBuilder;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
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
public final class ServedWindow implements WindowState {
    /** The score bins: the same edges as the training profile's score histogram. */
    public static final double[] SCORE_EDGES = ProfileBuilder.scoreEdges();
    /** 3 adds the expected outcomes (performance estimate), 2 the per-segment feature counts; 1 and 2 are still read. */
    private static final byte FORMAT = 3;
    private static final byte FORMAT_WITHOUT_ESTIMATES = 2;
    private static final byte FORMAT_WITHOUT_SEGMENT_FEATURES = 1;

    private long count;
    private long positiveDecisions;
    private final long[] scoreCounts;
    private final FeatureCounts features;
    private final SegmentCounts segments;
    /** By segment ({@code field=value}): only segments the baseline has a profile for. */
    private final Map<String, FeatureCounts> segmentFeatures;
    /** Expected outcomes from the calibrated scores of the predictions counted with a calibration. */
    private ExpectedOutcomes expected = new ExpectedOutcomes();
    /** Not part of the state: how large {@link #toBytes} should start its buffer. */
    private int lastSize = 4096;

    public ServedWindow() {
        this(new long[SCORE_EDGES.length + 1], new FeatureCounts(), new SegmentCounts(), new TreeMap<>());
    }

    private ServedWindow(long[] scoreCounts, FeatureCounts features, SegmentCounts segments,
            Map<String, FeatureCounts> segmentFeatures) {
        this.scoreCounts = scoreCounts;
        this.features = features;
        this.segments = segments;
        this.segmentFeatures = segmentFeatures;
    }

    void addPrediction(double score, boolean positiveDecision) {
        count++;
        positiveDecisions += positiveDecision ? 1 : 0;
        scoreCounts[Histogram.bin(SCORE_EDGES, score)]++;
    }

    FeatureCounts features() {
        return features;
    }

    FeatureCounts segmentFeatures(String segment) {
        return segmentFeatures.computeIfAbsent(segment, s -> new FeatureCounts());
    }

    SegmentCounts segmentCounts() {
        return segments;
    }

    ExpectedOutcomes expected() {
        return expected;
    }

    /** Adds {@code other}'s counts to this window's and returns this. */
    public ServedWindow merge(ServedWindow other, int maxCategories, int maxGroups) {
        count += other.count;
        positiveDecisions += other.positiveDecisions;
        for (int i = 0; i < scoreCounts.length; i++) {
            scoreCounts[i] += other.scoreCounts[i];
        }
        features.merge(other.features, maxCategories);
        other.segmentFeatures.forEach((segment, counts) -> segmentFeatures(segment).merge(counts, maxCategories));
        segments.merge(other.segments, maxGroups);
        expected.merge(other.expected);
        return this;
    }

    public long count() {
        return count;
    }

    /** The predictions counted. */
    @Override
    public long events() {
        return count;
    }

    public long positiveDecisions() {
        return positiveDecisions;
    }

    public long[] scoreCounts() {
        return scoreCounts.clone();
    }

    public Map<String, NumericFeatureCounts> numeric() {
        return features.numeric();
    }

    public Map<String, CategoricalFeatureCounts> categorical() {
        return features.categorical();
    }

    /** Feature counts by segment ({@code field=value}), for the segments the baseline profiles. */
    public Map<String, FeatureCounts> segmentFeatures() {
        return Collections.unmodifiableMap(segmentFeatures);
    }

    public SegmentCounts segments() {
        return segments;
    }

    @Override
    public byte[] toBytes() {
        try {
            // Sized for what it wrote last time: written on every event, it grew by copying several times.
            ByteArrayOutput out = new ByteArrayOutput(lastSize);
            out.writeByte(FORMAT);
            out.writeLong(count);
            out.writeLong(positiveDecisions);
            StateFormat.writeLongs(out, scoreCounts);
            features.writeTo(out);
            segments.writeTo(out);
            out.writeInt(segmentFeatures.size());
            for (Map.Entry<String, FeatureCounts> e : segmentFeatures.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().writeTo(out);
            }
            expected.writeTo(out);
            lastSize = out.size() + 256;
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServedWindow fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_ESTIMATES && format != FORMAT_WITHOUT_SEGMENT_FEATURES) {
                throw new IOException("Served window state has format " + format + ", this version reads "
                        + FORMAT_WITHOUT_SEGMENT_FEATURES + " to " + FORMAT);
            }
            long count = in.readLong();
            long positives = in.readLong();
            long[] scores = StateFormat.readLongs(in);
            if (scores.length != SCORE_EDGES.length + 1) {
                throw new IOException("Corrupt served window state: " + scores.length + " score bins");
            }
            FeatureCounts features = FeatureCounts.readFrom(in);
            SegmentCounts segments = SegmentCounts.readFrom(in);
            Map<String, FeatureCounts> segmentFeatures = new TreeMap<>();
            if (format >= FORMAT_WITHOUT_ESTIMATES) {
                int segmentCount = in.readInt();
                if (segmentCount < 0 || segmentCount > 100_000) {
                    throw new IOException("Corrupt served window state: " + segmentCount + " segments");
                }
                for (int i = 0; i < segmentCount; i++) {
                    segmentFeatures.put(in.readUTF(), FeatureCounts.readFrom(in));
                }
            }
            ServedWindow window = new ServedWindow(scores, features, segments, segmentFeatures);
            window.count = count;
            window.positiveDecisions = positives;
            if (format == FORMAT) {
                window.expected = ExpectedOutcomes.readFrom(in);
            }
            return window;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read served window state", e);
        }
    }
}
