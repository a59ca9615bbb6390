package org.mviot.edge.core.internal.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text in aligned columns, for the shell: every column as wide as its widest cell, two
 * spaces between columns, the last column not padded (so a long reason does not push trailing
 * blanks). Cells are made printable: control characters (a device's reason, a file name) become
 * {@code ?}, so one row stays one line.
 */
final class TextTable {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    /** @param header the column titles */
    TextTable(String... header) {
        this.header = header.clone();
    }

    /**
     * Adds a row; missing cells are empty, {@code null} cells print as {@code -}.
     *
     * @param cells the cells, in column order
     * @return this table
     */
    TextTable row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length ? printable(cells[i] == null ? "-" : cells[i].toString()) : "";
        }
        rows.add(r);
        return this;
    }

    /** @return whether no row was added */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @return the header and the rows, one line each, every line ending in a newline */
    @Override
    public String toString() {
        int[] width = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    /** @return the column titles (for tests) */
    List<String> header() {
        return Arrays.asList(header);
    }
}
