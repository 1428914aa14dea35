package dev.streamscore.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/** A small document (headings, paragraphs, tables, images) rendered both as Markdown and as HTML. */
final class Doc {
    private final List<Object> blocks = new ArrayList<>();

    private record Heading(int level, String text) {
    }

    private record Para(String text) {
    }

    private record Table(List<String> header, List<List<String>> rows) {
    }

    private record Image(String file, String svg, String alt) {
    }

    Doc heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    Doc para(String text) {
        blocks.add(new Para(text));
        return this;
    }

    Doc table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows));
        return this;
    }

    Doc image(String file, String svg, String alt) {
        blocks.add(new Image(file, svg, alt));
        return this;
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        for (Object b : blocks) {
            if (b instanceof Heading h) {
                s.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Para p) {
                s.append(p.text()).append("\n\n");
            } else if (b instanceof Table t) {
                s.append(markdownTable(t.header(), t.rows())).append('\n');
            } else if (b instanceof Image i) {
                s.append("![").append(i.alt()).append("](").append(i.file()).append(")\n\n");
            }
        }
        return s.toString();
    }

    static String markdownTable(List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder();
        s.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> s.append("---|"));
        s.append('\n');
        for (List<String> row : rows) {
            s.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        }
        return s.toString();
    }

    String html(String title) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(Svg.esc(title)).append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;}"
                        + "table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;"
                        + "text-align:left}th{background:#f0f0f0}code{background:#f4f4f4}</style></head><body>\n");
        for (Object b : blocks) {
            if (b instanceof Heading h) {
                s.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Para p) {
                s.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (b instanceof Table t) {
                s.append("<table><tr>");
                t.header().forEach(c -> s.append("<th>").append(inline(c)).append("</th>"));
                s.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    s.append("<tr>");
                    row.forEach(c -> s.append("<td>").append(inline(c)).append("</td>"));
                    s.append("</tr>\n");
                }
                s.append("</table>\n");
            } else if (b instanceof Image i) {
                s.append("<div>").append(i.svg()).append("</div>\n");
            }
        }
        return s.append("</body></html>\n").toString();
    }

    /** Escapes HTML and turns `code` and **bold** into tags. */
    private static String inline(String text) {
        return Svg.esc(text).replaceAll("`([^`]*)`", "<code>$1</code>").replaceAll("\\*\\*([^*]*)\\*\\*", "<b>$1</b>");
    }
}
