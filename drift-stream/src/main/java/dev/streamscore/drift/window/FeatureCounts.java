package dev.streamscore.drift.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-feature counts of a window's served values: of the whole window, or of one segment
 * ({@code field=value}) binned like the whole, for data drift against that segment's own training
 * profile. Features are only those the baseline profiles, so the size is bounded by the model card.
 */
public final class FeatureCounts {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCounts.class);
    private final Map<String, NumericFeatureCounts> numeric;
    private final Map<String, CategoricalFeatureCounts> categorical;

    public FeatureCounts() {
        this(new TreeMap<>(), new TreeMap<>());
    }

    private FeatureCounts(Map<String, NumericFeatureCounts> numeric, Map<String, CategoricalFeatureCounts> categorical) {
        this.numeric = numeric;
        this.categorical = categorical;
    }

    NumericFeatureCounts numeric(String feature, double[] edges, double trainMin, double trainMax) {
        return numeric.computeIfAbsent(feature, f -> new NumericFeatureCounts(edges, trainMin, trainMax));
    }

    CategoricalFeatureCounts categorical(String feature) {
        return categorical.computeIfAbsent(feature, f -> new CategoricalFeatureCounts());
    }

    public Map<String, NumericFeatureCounts> numeric() {
        return Collections.unmodifiableMap(numeric);
    }

    public Map<String, CategoricalFeatureCounts> categorical() {
        return Collections.unmodifiableMap(categorical);
    }

    void merge(FeatureCounts other, int maxCategories) {
        other.numeric.forEach((name, counts) -> {
            NumericFeatureCounts mine = numeric.get(name);
            if (mine != null && Arrays.equals(mine.edges(), counts.edges())) {
                mine.merge(counts);
            } else if (mine == null || counts.total() > mine.total()) {
                if (mine != null) {
                    warnEdges(name, mine.total());
                }
                NumericFeatureCounts copy = new NumericFeatureCounts(counts.edges(), counts.trainMin(), counts.trainMax());
                copy.merge(counts);
                numeric.put(name, copy);
            } else {
                warnEdges(name, counts.total());
            }
        });
        other.categorical.forEach((name, counts) ->
                categorical.computeIfAbsent(name, n -> new CategoricalFeatureCounts()).merge(counts, maxCategories));
    }

    /**
     * Partial counts of one window binned on different edges: the model version's baseline was
     * republished with other bins while the window was open, and the partials saw different ones.
     * They cannot be added; the larger is kept, and the feature's drift metrics then rest on it.
     */
    private static void warnEdges(String feature, long dropped) {
        LOG.warn("Window counts of feature {} were binned on different edges (the baseline changed within the window);"
                + " {} values binned on the other edges are left out of its histogram", feature, dropped);
    }

    void writeTo(DataOutput out) throws IOException {
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
    }

    static FeatureCounts readFrom(DataInput in) throws IOException {
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
        return new FeatureCounts(numeric, categorical);
    }
}
