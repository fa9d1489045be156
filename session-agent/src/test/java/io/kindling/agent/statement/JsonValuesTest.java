package io.kindling.agent.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class JsonValuesTest {

    @Test
    void keepsScalarsAsTheyAre() {
        assertThat(JsonValues.value(null)).isNull();
        assertThat(JsonValues.value(true)).isEqualTo(true);
        assertThat(JsonValues.value("x")).isEqualTo("x");
        assertThat(JsonValues.value(2)).isEqualTo(2);
        assertThat(JsonValues.value(499_999_500_000L)).isEqualTo(499_999_500_000L);
        assertThat(JsonValues.value(1.5d)).isEqualTo(1.5d);
        assertThat(JsonValues.value(new BigDecimal("12.340"))).isEqualTo(new BigDecimal("12.340"));
        assertThat(JsonValues.value((byte) 7)).isEqualTo((byte) 7);
    }

    @Test
    void writesDatesAndTimesAsIsoStrings() {
        assertThat(JsonValues.value(Date.valueOf("2024-02-29"))).isEqualTo("2024-02-29");
        assertThat(JsonValues.value(Timestamp.from(Instant.parse("2024-02-29T10:15:30.123Z"))))
                .isEqualTo("2024-02-29T10:15:30.123Z");
        assertThat(JsonValues.value(LocalDate.of(2024, 1, 2))).isEqualTo("2024-01-02");
        assertThat(JsonValues.value(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(JsonValues.value(LocalDateTime.of(2024, 1, 2, 3, 4, 5))).isEqualTo("2024-01-02T03:04:05");
    }

    @Test
    void turnsRowsAndSequencesIntoListsAndMapsIntoObjects() {
        Row nested = RowFactory.create(1L, "a");
        Object scalaSeq = CollectionConverters.asScala(List.of(1, 2, 3)).toSeq();
        Map<String, Integer> javaMap = new LinkedHashMap<>();
        javaMap.put("k", 1);
        Object scalaMap = CollectionConverters.asScala(javaMap);

        assertThat(JsonValues.value(nested)).isEqualTo(List.of(1L, "a"));
        assertThat(JsonValues.value(scalaSeq)).isEqualTo(List.of(1, 2, 3));
        assertThat(JsonValues.value(Arrays.asList(1, null))).isEqualTo(Arrays.asList(1, null));
        assertThat(JsonValues.value(scalaMap)).isEqualTo(Map.of("k", 1));
        assertThat(JsonValues.value(Map.of(1, Date.valueOf("2024-01-01")))).isEqualTo(Map.of("1", "2024-01-01"));
    }

    @Test
    void encodesBinaryAsBase64AndFallsBackToToString() {
        assertThat(JsonValues.value(new byte[] {1, 2, 3})).isEqualTo("AQID");
        assertThat(JsonValues.value(new StringBuilder("sb"))).isEqualTo("sb");
    }

    @Test
    void convertsAWholeRow() {
        Row row = RowFactory.create(2, null, RowFactory.create("x", Date.valueOf("2020-01-01")));

        assertThat(JsonValues.row(row)).isEqualTo(Arrays.asList(2, null, List.of("x", "2020-01-01")));
    }
}
