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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class TpchQueriesTest {

    private static final double TINY = 0.01;
    private static final List<String> Q1_HEADER = List.of("l_returnflag", "l_linestatus", "sum_qty", "sum_base_price",
            "sum_disc_price", "sum_charge", "avg_qty", "avg_price", "avg_disc", "count_order");

    @TempDir
    static Path tmp;
    private static String stdout;
    private static TpchReference reference;

    @BeforeAll
    static void runTheJobOnceAndComputeTheAnswersInJava() throws Exception {
        stdout = LocalSpark.runCapturingStdout(
                () -> TpchQueries.main(new String[] {"0.01", tmp.resolve("out").toString()}));
        reference = TpchReference.compute(LineItems.generator(TINY, 1, 1));
    }

    @Test
    void printsTheTableSizeAndEachQuerysRowCountAndTime() {
        assertThat(stdout)
                .containsPattern("lineitem: " + reference.rows() + " rows at scale factor 0.01 in 2 parts, generated in \\d+ ms")
                .containsPattern("q1: 4 rows in \\d+ ms -> .*/out/q1")
                .containsPattern("q6: 1 rows in \\d+ ms -> .*/out/q6");
        assertThat(reference.rows()).isEqualTo(60_175);
    }

    @Test
    void q1GroupsEqualThePlainJavaAggregation() throws IOException {
        List<Map<String, String>> rows = csv(tmp.resolve("out/q1"), Q1_HEADER);

        assertThat(rows).extracting(row -> row.get("l_returnflag") + "|" + row.get("l_linestatus"))
                .containsExactly("A|F", "N|F", "N|O", "R|F")
                .containsExactlyElementsOf(reference.q1().keySet());
        for (Map<String, String> row : rows) {
            TpchReference.Q1Group expected = reference.q1().get(row.get("l_returnflag") + "|" + row.get("l_linestatus"));
            assertThat(decimal(row, "sum_qty")).isEqualByComparingTo(expected.sumQty());
            assertThat(decimal(row, "sum_base_price")).isEqualByComparingTo(expected.sumBasePrice());
            assertThat(decimal(row, "sum_disc_price")).isEqualByComparingTo(expected.sumDiscPrice());
            assertThat(decimal(row, "sum_charge")).isEqualByComparingTo(expected.sumCharge());
            assertThat(decimal(row, "avg_qty")).isCloseTo(expected.avgQty(), within(new BigDecimal("0.000001")));
            assertThat(decimal(row, "avg_price")).isCloseTo(expected.avgPrice(), within(new BigDecimal("0.000001")));
            assertThat(decimal(row, "avg_disc")).isCloseTo(expected.avgDisc(), within(new BigDecimal("0.000001")));
            assertThat(Long.parseLong(row.get("count_order"))).isEqualTo(expected.count());
        }
    }

    @Test
    void q6RevenueEqualsThePlainJavaAggregation() throws IOException {
        List<Map<String, String>> rows = csv(tmp.resolve("out/q6"), List.of("revenue"));

        assertThat(rows).hasSize(1);
        assertThat(decimal(rows.get(0), "revenue"))
                .isCloseTo(reference.q6Revenue(), within(new BigDecimal("0.0001")))
                .isEqualByComparingTo(reference.q6Revenue());
    }

    @Test
    void bothMatchTheAnswersPublishedForScaleFactor001() throws IOException {
        List<Map<String, String>> q1 = csv(tmp.resolve("out/q1"), Q1_HEADER);
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
        assertThat(decimal(csv(tmp.resolve("out/q6"), List.of("revenue")).get(0), "revenue"))
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
