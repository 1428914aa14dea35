package dev.streamscore.drift.window;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What moved most in a drifted feature: the bins or categories whose share changed most between
 * training and the window, with both shares, so that a person reading a data-drift alert sees what
 * changed without opening a notebook.
 */
final class DriftExplanation {
    /** How many bins or categories an explanation names. */
    static final int TOP = 2;
    /** Shares that moved less than this (half a percentage point) are not worth naming. */
    private static final double MIN_MOVE = 0.005;

    private DriftExplanation() {
    }

    /**
     * The bins of a numeric feature that moved most: {@code edges} as in {@link
     * dev.streamscore.model.card.Histogram} (an edge opens the bin to its right), shares per bin;
     * null when nothing moved by half a point.
     */
    static String numeric(String feature, double[] edges, double[] training, double[] window) {
        List<String> labels = new ArrayList<>(training.length);
        for (int i = 0; i < training.length; i++) {
            if (i == 0) {
                labels.add("< " + number(edges[0]));
            } else if (i == edges.length) {
                labels.add(">= " + number(edges[edges.length - 1]));
            } else {
                labels.add("[" + number(edges[i - 1]) + ", " + number(edges[i]) + ")");
            }
        }
        return explain(feature + " in ", labels, training, window);
    }

    /** The categories of a categorical feature that moved most; null when nothing moved by half a point. */
    static String categorical(String feature, List<String> categories, double[] training, double[] window) {
        List<String> labels = categories.stream().map(c -> "'" + c + "'").toList();
        return explain(feature + " = ", labels, training, window);
    }

    private static String explain(String prefix, List<String> labels, double[] training, double[] window) {
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; i < training.length; i++) {
            if (Math.abs(window[i] - training[i]) >= MIN_MOVE) {
                moved.add(i);
            }
        }
        if (moved.isEmpty()) {
            return null;
        }
        moved.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(window[i] - training[i])).thenComparing(i -> i));
        List<String> parts = new ArrayList<>();
        for (int i : moved.subList(0, Math.min(TOP, moved.size()))) {
            parts.add(prefix + labels.get(i) + ": " + percent(training[i]) + " in training, " + percent(window[i])
                    + " in this window");
        }
        return String.join("; ", parts);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
