package dev.streamscore.drift.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjustment of p-values for the false discovery rate (Benjamini and Hochberg,
 * 1995): with many features tested every window, comparing each raw p-value with 0.05 would
 * raise a false alarm somewhere almost every window; comparing the adjusted values keeps the
 * expected share of false alarms among the alarms at 5 %. Same as R's {@code p.adjust(p, "BH")}.
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /** Adjusted p-values (q-values) in the input order; NaN inputs stay NaN and do not count as tests. */
    public static double[] adjust(double[] pValues) {
        Integer[] order = IntStream.range(0, pValues.length).boxed()
                .filter(i -> !Double.isNaN(pValues[i])).toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        int m = order.length;
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int index = order[rank - 1];
            running = Math.min(running, pValues[index] * m / rank);
            adjusted[index] = Math.min(1, running);
        }
        return adjusted;
    }
}
