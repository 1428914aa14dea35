package dev.streamscore.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal SVG charts written by hand (no plotting library): a line chart with optional log axes
 * and a grouped bar chart. Enough for the report's plots; every chart is a self-contained string.
 */
public final class Svg {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 720;
    private static final int H = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Svg() {
    }

    /** Lines of (x, y) points per series; log scales where asked (values <= 0 are left out there). */
    public static String lines(String title, String xLabel, String yLabel, boolean logX, boolean logY,
            Map<String, List<double[]>> series) {
        List<double[]> all = series.values().stream().flatMap(List::stream)
                .filter(p -> (!logX || p[0] > 0) && (!logY || p[1] > 0)).toList();
        StringBuilder s = header(title);
        if (all.isEmpty()) {
            return s.append(text(W / 2.0, H / 2.0, "no data", "middle")).append("</svg>\n").toString();
        }
        Axis x = Axis.of(all.stream().mapToDouble(p -> p[0]).min().orElse(0), all.stream().mapToDouble(p -> p[0]).max().orElse(1), logX, LEFT, W - RIGHT);
        Axis y = Axis.of(logY ? all.stream().mapToDouble(p -> p[1]).min().orElse(1) : 0,
                all.stream().mapToDouble(p -> p[1]).max().orElse(1), logY, H - BOTTOM, TOP);
        axes(s, x, y, xLabel, yLabel);
        int i = 0;
        for (var e : series.entrySet()) {
            String color = COLORS[i % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : e.getValue()) {
                if ((logX && p[0] <= 0) || (logY && p[1] <= 0)) {
                    continue;
                }
                path.append(path.isEmpty() ? "M" : " L").append(f(x.map(p[0]))).append(',').append(f(y.map(p[1])));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>%n",
                        f(x.map(p[0])), f(y.map(p[1])), color));
            }
            s.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, color));
            legend(s, i++, e.getKey(), color);
        }
        return s.append("</svg>\n").toString();
    }

    /** Grouped bars: one group per category, one bar per series. */
    public static String bars(String title, String yLabel, List<String> categories, Map<String, double[]> series,
            boolean logY) {
        StringBuilder s = header(title);
        double max = series.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        double min = logY ? series.values().stream().flatMapToDouble(java.util.Arrays::stream).filter(v -> v > 0).min()
                .orElse(1) : 0;
        Axis y = Axis.of(min, Math.max(max, min * 1.01 + 1e-9), logY, H - BOTTOM, TOP);
        axes(s, null, y, "", yLabel);
        double groupWidth = (W - RIGHT - LEFT) / (double) Math.max(1, categories.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int si = 0;
        for (var e : series.entrySet()) {
            String color = COLORS[si % COLORS.length];
            for (int c = 0; c < categories.size(); c++) {
                double v = c < e.getValue().length ? e.getValue()[c] : 0;
                if (v <= 0 || (logY && v < min)) {
                    continue;
                }
                double x0 = LEFT + c * groupWidth + groupWidth * 0.1 + si * barWidth;
                double top = y.map(v);
                s.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\">"
                                + "<title>%s %s: %s</title></rect>%n", f(x0), f(top), f(barWidth * 0.95),
                        f(H - BOTTOM - top), color, esc(categories.get(c)), esc(e.getKey()), Axis.label(v)));
            }
            if (series.size() > 1) {
                legend(s, si, e.getKey(), color);
            }
            si++;
        }
        for (int c = 0; c < categories.size(); c++) {
            double cx = LEFT + (c + 0.5) * groupWidth;
            s.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" "
                    + "transform=\"rotate(-25 %s %d)\">%s</text>%n", f(cx), H - BOTTOM + 14, f(cx), H - BOTTOM + 14,
                    esc(categories.get(c))));
        }
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H + 30, W, H + 30));
        s.append(text(W / 2.0, 22, title, "middle").replace("<text ", "<text font-weight=\"bold\" font-size=\"15\" "));
        return s;
    }

    private static void axes(StringBuilder s, Axis x, Axis y, String xLabel, String yLabel) {
        s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, H - BOTTOM));
        for (double t : y.ticks()) {
            double py = y.map(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#ddd\"/>%n", LEFT, f(py), W - RIGHT, f(py)));
            s.append(text(LEFT - 6, py + 4, Axis.label(t), "end").replace("<text ", "<text font-size=\"11\" "));
        }
        if (x != null) {
            for (double t : x.ticks()) {
                double px = x.map(t);
                s.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#ddd\"/>%n", f(px), TOP, f(px), H - BOTTOM));
                s.append(text(px, H - BOTTOM + 16, Axis.label(t), "middle").replace("<text ", "<text font-size=\"11\" "));
            }
            s.append(text((LEFT + W - RIGHT) / 2.0, H - 12, xLabel, "middle"));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
                (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, esc(yLabel)));
    }

    private static void legend(StringBuilder s, int i, String name, String color) {
        int y = TOP + 10 + i * 18;
        s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", W - RIGHT + 12, y - 10, color));
        s.append(text(W - RIGHT + 30, y, name, "start").replace("<text ", "<text font-size=\"11\" "));
    }

    private static String text(double x, double y, String text, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\">%s</text>%n", f(x), f(y), anchor, esc(text));
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A linear or log10 axis from data range to pixels. */
    record Axis(double min, double max, boolean log, double from, double to) {
        static Axis of(double min, double max, boolean log, double from, double to) {
            if (log) {
                double lo = Math.pow(10, Math.floor(Math.log10(min)));
                double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
                return new Axis(lo, hi, true, from, to);
            }
            double hi = max <= min ? min + 1 : max * 1.05;
            return new Axis(Math.min(0, min), hi, false, from, to);
        }

        double map(double v) {
            double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
            return from + f * (to - from);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
                return ticks;
            }
            double raw = (max - min) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
            for (double t = Math.ceil(min / step) * step; t <= max; t += step) {
                ticks.add(t);
            }
            return ticks;
        }

        static String label(double v) {
            if (Math.abs(v) >= 1e6) {
                return String.format(Locale.ROOT, "%.3gM", v / 1e6);
            }
            if (Math.abs(v) >= 1e3) {
                return String.format(Locale.ROOT, "%.3gk", v / 1e3);
            }
            return String.format(Locale.ROOT, "%.3g", v);
        }
    }
}
