package io.kindling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.tpch.LineItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LineItemsTest {

    @Test
    void aRowHoldsTheGeneratorsValuesExactly() {
        LineItem item = LineItems.generator(0.01, 1, 1).iterator().next();
        Row row = LineItems.toRow(item);

        assertThat(row.size()).isEqualTo(LineItems.GENERATED.size());
        assertThat(row.getLong(0)).isEqualTo(item.getOrderKey());
        assertThat((BigDecimal) row.get(4)).isEqualByComparingTo(BigDecimal.valueOf(item.getQuantity()));
        assertThat(((BigDecimal) row.get(5)).doubleValue()).isEqualTo(item.getExtendedPrice());
        assertThat(((BigDecimal) row.get(6)).doubleValue()).isEqualTo(item.getDiscount());
        assertThat(((BigDecimal) row.get(7)).doubleValue()).isEqualTo(item.getTax());
        assertThat(row.getInt(10)).isEqualTo(item.getShipDate());
        assertThat(row.getString(15)).isEqualTo(item.getComment());
    }

    @Test
    void thePartsTogetherAreTheWholeTable() {
        List<Long> whole = keys(0.001, 1, 1);
        List<Long> parts = new ArrayList<>();
        for (int part = 1; part <= 3; part++) {
            parts.addAll(keys(0.001, part, 3));
        }

        assertThat(parts).isNotEmpty().containsExactlyElementsOf(whole);
    }

    @Test
    void atLeastOnePartPerCoreAndAboutFourPerScaleFactor() {
        assertThat(LineItems.partsFor(0.01, 2)).isEqualTo(2);
        assertThat(LineItems.partsFor(10, 2)).isEqualTo(40);
        assertThat(LineItems.partsFor(0.5, 0)).isEqualTo(2);
    }

    /** Order key and line number of every row, as one long. */
    private static List<Long> keys(double scaleFactor, int part, int parts) {
        List<Long> keys = new ArrayList<>();
        LineItems.generator(scaleFactor, part, parts).forEach(item -> keys.add(item.getOrderKey() * 10 + item.getLineNumber()));
        return keys;
    }
}
