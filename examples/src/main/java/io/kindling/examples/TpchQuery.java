package io.kindling.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The TPC-H queries {@link TpchQueries} runs; the text is in {@code <name>.sql} beside this class. */
enum TpchQuery {
    /** Pricing summary report: lineitem totals per return flag and line status, shipped up to 90 days before 1998-12-01. */
    Q1,
    /** Forecasting revenue change: revenue of 1994 lines with discount 0.06 ± 0.01 and quantity under 24. */
    Q6;

    /** {@code q1}, {@code q6}: the argument spelling and the output subfolder. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String sql() {
        String resource = id() + ".sql";
        try (InputStream in = TpchQuery.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + TpchQuery.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** {@code q1} or {@code Q1} (the {@code q} optional: {@code 1}). */
    static TpchQuery parse(String text) {
        String id = text.trim().toLowerCase(Locale.ROOT);
        for (TpchQuery query : values()) {
            if (query.id().equals(id) || query.id().equals("q" + id)) {
                return query;
            }
        }
        throw new IllegalArgumentException("unknown query '" + text + "'; known: q1, q6");
    }
}
