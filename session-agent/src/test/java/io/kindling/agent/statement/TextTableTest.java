package io.kindling.agent.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void rendersLikeShow() {
        String table = TextTable.render(List.of("two", "name"),
                List.of(List.of(2, "alice"), Arrays.asList(10, null)), false);

        assertThat(table).isEqualTo("""
                +---+-----+
                |two| name|
                +---+-----+
                |  2|alice|
                | 10| NULL|
                +---+-----+
                """);
    }

    @Test
    void cutsLongCellsAndEscapesLineBreaks() {
        String table = TextTable.render(List.of("s"), List.of(List.of("abcdefghijklmnopqrstuvwxyz"), List.of("a\nb")), false);

        assertThat(table).contains("|abcdefghijklmnopq...|").contains("|                a\\nb|");
    }

    @Test
    void showsNestedValues() {
        assertThat(TextTable.cell(List.of(1, 2))).isEqualTo("[1, 2]");
        assertThat(TextTable.cell(Map.of("k", Arrays.asList(1, null)))).isEqualTo("{k -> [1, NULL]}");
    }

    @Test
    void showsAtMostTwentyRowsAndSaysSo() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(List.of(i));
        }

        String table = TextTable.render(List.of("id"), rows, false);

        assertThat(table).contains("| 19|").doesNotContain("| 20|").endsWith("only showing top 20 rows\n");
        assertThat(TextTable.render(List.of("id"), rows.subList(0, 1), true)).endsWith("only showing top 1 row\n");
    }

    @Test
    void rendersNothingWithoutColumns() {
        assertThat(TextTable.render(List.of(), List.of(), false)).isEmpty();
    }
}
