package io.chatgateway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Aligned text columns for {@code --output table}; cells are kept on one line and long ones cut. */
final class Table {

    private static final int MAX_CELL = 60;
    private static final int MAX_LAST_CELL = 200;

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers.clone();
    }

    /** @param cells one cell per column; {@code null} prints as {@code -} @return this */
    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cell(cells[i], i == cells.length - 1 ? MAX_LAST_CELL : MAX_CELL);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, headers, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        out.flush();
    }

    private static void line(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    /** @param value any value @return its one-line, length-capped text; {@code null} as {@code -} */
    static String cell(Object value) {
        return cell(value, MAX_CELL);
    }

    private static String cell(Object value, int max) {
        if (value == null) {
            return "-";
        }
        String text = oneLine(String.valueOf(value));
        if (text.isEmpty()) {
            return "-";
        }
        return text.length() > max ? text.substring(0, max - 1) + "…" : text;
    }

    /** @param text any text @return the text with line breaks and control characters as single spaces */
    static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    @Override
    public String toString() {
        return "Table" + Arrays.toString(headers) + " rows=" + rows.size();
    }
}
