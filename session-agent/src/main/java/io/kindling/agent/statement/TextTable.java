package io.kindling.agent.statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders rows as a small ASCII table, like Spark's {@code Dataset.show()}: at most
 * {@link #MAX_ROWS} rows, cells right-aligned and cut to {@link #MAX_CELL} characters,
 * {@code NULL} for nulls.
 */
public final class TextTable {

    /** Rows shown, as {@code show()} does by default. */
    public static final int MAX_ROWS = 20;
    /** Longest cell; longer values end in {@code ...}. */
    public static final int MAX_CELL = 20;

    private TextTable() {
    }

    /**
     * @param columns column names
     * @param rows JSON-friendly row values (see {@link JsonValues}); more than {@link #MAX_ROWS}
     *     adds an "only showing top" line
     * @param truncated whether rows were already cut before rendering
     */
    public static String render(List<String> columns, List<List<Object>> rows, boolean truncated) {
        if (columns.isEmpty()) {
            return "";
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns.stream().map(TextTable::cut).toList());
        rows.stream().limit(MAX_ROWS)
                .forEach(row -> cells.add(row.stream().map(v -> cut(cell(v))).toList()));
        int[] widths = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(Math.max(widths[i], 3), line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = separator(widths);
        out.append(rule);
        for (int r = 0; r < cells.size(); r++) {
            out.append('|');
            for (int i = 0; i < widths.length; i++) {
                out.append(" ".repeat(widths[i] - cells.get(r).get(i).length())).append(cells.get(r).get(i)).append('|');
            }
            out.append('\n');
            if (r == 0) {
                out.append(rule);
            }
        }
        out.append(rule);
        if (rows.size() > MAX_ROWS || truncated) {
            out.append("only showing top ").append(Math.min(rows.size(), MAX_ROWS))
                    .append(rows.size() == 1 ? " row" : " rows").append('\n');
        }
        return out.toString();
    }

    /** How one JSON-friendly value is shown in a cell. */
    static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TextTable::cell).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + " -> " + cell(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return value.toString();
    }

    private static String cut(String raw) {
        String text = raw.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
    }

    private static String separator(int[] widths) {
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width)).append('+');
        }
        return rule.append('\n').toString();
    }
}
