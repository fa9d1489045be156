package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks the CSV folders {@link TpchQueries} writes ({@code <out>/q1}, {@code <out>/q6}) against
 * {@link TpchReference}: shared by this module's local-Spark test and the platform's job test.
 */
public final class TpchAnswers {

    static final List<String> Q1_HEADER = List.of("l_returnflag", "l_linestatus", "sum_qty", "sum_base_price",
            "sum_disc_price", "sum_charge", "avg_qty", "avg_price", "avg_disc", "count_order");
    private static final BigDecimal AVERAGE_TOLERANCE = new BigDecimal("0.000001");

    private TpchAnswers() {
    }

    /** Q1's four groups, in order, each sum exact and each average within 1e-6 of the Java aggregation. */
    public static void assertQ1Matches(Path folder, TpchReference reference) throws IOException {
        List<Map<String, String>> rows = csv(folder, Q1_HEADER);

        assertThat(rows).extracting(row -> row.get("l_returnflag") + "|" + row.get("l_linestatus"))
                .containsExactly("A|F", "N|F", "N|O", "R|F")
                .containsExactlyElementsOf(reference.q1().keySet());
        for (Map<String, String> row : rows) {
            TpchReference.Q1Group expected = reference.q1().get(row.get("l_returnflag") + "|" + row.get("l_linestatus"));
            assertThat(decimal(row, "sum_qty")).isEqualByComparingTo(expected.sumQty());
            assertThat(decimal(row, "sum_base_price")).isEqualByComparingTo(expected.sumBasePrice());
            assertThat(decimal(row, "sum_disc_price")).isEqualByComparingTo(expected.sumDiscPrice());
            assertThat(decimal(row, "sum_charge")).isEqualByComparingTo(expected.sumCharge());
            assertThat(decimal(row, "avg_qty")).isCloseTo(expected.avgQty(), within(AVERAGE_TOLERANCE));
            assertThat(decimal(row, "avg_price")).isCloseTo(expected.avgPrice(), within(AVERAGE_TOLERANCE));
            assertThat(decimal(row, "avg_disc")).isCloseTo(expected.avgDisc(), within(AVERAGE_TOLERANCE));
            assertThat(Long.parseLong(row.get("count_order"))).isEqualTo(expected.count());
        }
    }

    /** Q6's single revenue, exactly the Java aggregation's. */
    public static void assertQ6Matches(Path folder, TpchReference reference) throws IOException {
        List<Map<String, String>> rows = csv(folder, List.of("revenue"));

        assertThat(rows).hasSize(1);
        assertThat(decimal(rows.get(0), "revenue")).isEqualByComparingTo(reference.q6Revenue());
    }

    /** Both results against the answers the tpch jar publishes for scale factor 0.01, rounded as published. */
    static void assertMatchPublished(Path out) throws IOException {
        List<Map<String, String>> q1 = csv(out.resolve("q1"), Q1_HEADER);
        List<String[]> published = TpchReference.published("q1");

        assertThat(q1).hasSameSizeAs(published);
        for (int i = 0; i < q1.size(); i++) {
            Map<String, String> row = q1.get(i);
            String[] answer = published.get(i);
            assertThat(row.get("l_returnflag") + "|" + row.get("l_linestatus")).isEqualTo(answer[0] + "|" + answer[1]);
            for (int column = 2; column <= 5; column++) {
                assertThat(decimal(row, Q1_HEADER.get(column))).as(Q1_HEADER.get(column))
                        .isEqualByComparingTo(answer[column]);
            }
            for (int column = 6; column <= 8; column++) {
                assertThat(decimal(row, Q1_HEADER.get(column)).setScale(2, RoundingMode.HALF_UP))
                        .as(Q1_HEADER.get(column)).isEqualByComparingTo(answer[column]);
            }
            assertThat(row.get("count_order")).isEqualTo(answer[9]);
        }
        assertThat(decimal(csv(out.resolve("q6"), List.of("revenue")).get(0), "revenue"))
                .isEqualByComparingTo(TpchReference.published("q6").get(0)[0]);
    }

    /** The single CSV part file of a result folder, checking its header, as rows by column name. */
    private static List<Map<String, String>> csv(Path folder, List<String> header) throws IOException {
        assertThat(folder.resolve("_SUCCESS")).exists();
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(file -> file.getFileName().toString().startsWith("part-")).toList();
        }
        assertThat(parts).hasSize(1);
        List<String> lines = Files.readAllLines(parts.get(0));
        assertThat(lines.get(0).split(",")).containsExactlyElementsOf(header);
        return lines.stream().skip(1).map(line -> {
            String[] values = line.split(",", -1);
            assertThat(values).hasSameSizeAs(header);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                row.put(header.get(i), values[i]);
            }
            return row;
        }).toList();
    }

    private static BigDecimal decimal(Map<String, String> row, String column) {
        return new BigDecimal(row.get(column));
    }
}
