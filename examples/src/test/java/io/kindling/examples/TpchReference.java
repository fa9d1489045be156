package io.kindling.examples;

import io.trino.tpch.Distributions;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.TextPool;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TPC-H Q1 and Q6 computed in plain Java, by iterating the generator's rows and aggregating them
 * with exact decimals: the answers Spark's results are checked against. Public, with {@link TpchAnswers},
 * in this module's test-jar so the platform's job tests check a TPC-H job run on a real cluster the same way.
 */
public record TpchReference(Map<String, Q1Group> q1, BigDecimal q6Revenue, long rows) {

    private static final long Q1_LAST_SHIP_DAY = LocalDate.of(1998, 12, 1).minusDays(90).toEpochDay();
    private static final long Q6_FIRST_SHIP_DAY = LocalDate.of(1994, 1, 1).toEpochDay();
    private static final long Q6_END_SHIP_DAY = LocalDate.of(1995, 1, 1).toEpochDay();

    /** One Q1 group, keyed {@code returnflag|linestatus}; sums exact, as Spark's decimal sums are. */
    public record Q1Group(BigDecimal sumQty, BigDecimal sumBasePrice, BigDecimal sumDiscPrice, BigDecimal sumCharge,
            BigDecimal sumDisc, long count) {

        static final Q1Group EMPTY = new Q1Group(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, 0);

        Q1Group plus(BigDecimal qty, BigDecimal price, BigDecimal disc, BigDecimal tax) {
            BigDecimal discPrice = price.multiply(BigDecimal.ONE.subtract(disc));
            return new Q1Group(sumQty.add(qty), sumBasePrice.add(price), sumDiscPrice.add(discPrice),
                    sumCharge.add(discPrice.multiply(BigDecimal.ONE.add(tax))), sumDisc.add(disc), count + 1);
        }

        public BigDecimal avgQty() {
            return average(sumQty);
        }

        public BigDecimal avgPrice() {
            return average(sumBasePrice);
        }

        public BigDecimal avgDisc() {
            return average(sumDisc);
        }

        private BigDecimal average(BigDecimal sum) {
            return sum.divide(BigDecimal.valueOf(count), 6, RoundingMode.HALF_UP);
        }
    }

    /**
     * The answers over the whole table at {@code scaleFactor}, from the generator alone (no Spark classes, so
     * any test classpath can call it). The text pool is small: {@code l_comment} is the only column drawn
     * from it, and neither query reads it.
     */
    public static TpchReference atScaleFactor(double scaleFactor) {
        TextPool smallPool = new TextPool(1024 * 1024, Distributions.getDefaultDistributions());
        return compute(new LineItemGenerator(scaleFactor, 1, 1, Distributions.getDefaultDistributions(), smallPool));
    }

    static TpchReference compute(Iterable<LineItem> items) {
        Map<String, Q1Group> q1 = new TreeMap<>();
        BigDecimal q6 = BigDecimal.ZERO;
        long rows = 0;
        for (LineItem item : items) {
            rows++;
            BigDecimal qty = BigDecimal.valueOf(item.getQuantity());
            BigDecimal price = BigDecimal.valueOf(item.getExtendedPriceInCents(), 2);
            BigDecimal disc = BigDecimal.valueOf(item.getDiscountPercent(), 2);
            BigDecimal tax = BigDecimal.valueOf(item.getTaxPercent(), 2);
            long shipDay = item.getShipDate();
            if (shipDay <= Q1_LAST_SHIP_DAY) {
                q1.merge(item.getReturnFlag() + "|" + item.getStatus(), Q1Group.EMPTY.plus(qty, price, disc, tax),
                        (a, b) -> a.plus(qty, price, disc, tax));
            }
            if (shipDay >= Q6_FIRST_SHIP_DAY && shipDay < Q6_END_SHIP_DAY
                    && item.getDiscountPercent() >= 5 && item.getDiscountPercent() <= 7
                    && item.getQuantity() < 24) {
                q6 = q6.add(price.multiply(disc));
            }
        }
        return new TpchReference(q1, q6, rows);
    }

    /**
     * The '|'-separated answer lines the tpch jar ships for scale factor 0.01 ("tiny"),
     * {@code io/trino/tpch/queries/<q>.result}: a check that does not depend on this generator's use.
     */
    public static List<String[]> published(String query) throws IOException {
        try (InputStream in = LineItem.class.getResourceAsStream("queries/" + query + ".result")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("--"))
                    .map(line -> line.split("\\|"))
                    .toList();
        }
    }
}
