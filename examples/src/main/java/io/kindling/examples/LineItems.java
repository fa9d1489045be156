package io.kindling.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;

import io.trino.tpch.Distributions;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.TextPool;
import java.math.BigDecimal;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The TPC-H {@code lineitem} table, generated inside Spark tasks by the {@code io.trino.tpch} port
 * of dbgen: partition {@code i} of {@code n} runs the generator's part {@code i} of {@code n}, so
 * no row passes through the driver and the union of the parts is exactly the whole table.
 *
 * <p>Columns follow the TPC-H DDL: keys {@code bigint}, money and rates {@code decimal(15,2)},
 * dates {@code date}. One deviation: {@code l_comment} is drawn from a {@value #TEXT_POOL_BYTES}
 * byte text pool instead of dbgen's 300 MB one (which costs 300 MB of heap and seconds of CPU in
 * every executor). Each column has its own random stream, so every other column is identical to
 * the standard data; only the comment strings differ.
 */
final class LineItems {

    static final int TEXT_POOL_BYTES = 10 * 1024 * 1024;
    /** Rows per generator part at most, roughly: about four parts per unit of scale factor. */
    private static final double PARTS_PER_SCALE_FACTOR = 4;
    private static final DataType MONEY = DataTypes.createDecimalType(15, 2);

    /** As generated; the {@code *_days} columns are days since 1970-01-01, turned into dates by {@link #generate}. */
    static final StructType GENERATED = new StructType()
            .add("l_orderkey", DataTypes.LongType, false)
            .add("l_partkey", DataTypes.LongType, false)
            .add("l_suppkey", DataTypes.LongType, false)
            .add("l_linenumber", DataTypes.IntegerType, false)
            .add("l_quantity", MONEY, false)
            .add("l_extendedprice", MONEY, false)
            .add("l_discount", MONEY, false)
            .add("l_tax", MONEY, false)
            .add("l_returnflag", DataTypes.StringType, false)
            .add("l_linestatus", DataTypes.StringType, false)
            .add("l_shipdate_days", DataTypes.IntegerType, false)
            .add("l_commitdate_days", DataTypes.IntegerType, false)
            .add("l_receiptdate_days", DataTypes.IntegerType, false)
            .add("l_shipinstruct", DataTypes.StringType, false)
            .add("l_shipmode", DataTypes.StringType, false)
            .add("l_comment", DataTypes.StringType, false);

    private LineItems() {
    }

    /** The whole table at {@code scaleFactor}, in {@code parts} partitions (one generator part each). */
    static Dataset<Row> generate(SparkSession spark, double scaleFactor, int parts) {
        Dataset<Row> generated = spark.range(1, parts + 1L, 1, parts).flatMap(
                (FlatMapFunction<Long, Row>) part -> rows(scaleFactor, Math.toIntExact(part), parts),
                Encoders.row(GENERATED));
        Column[] columns = new Column[GENERATED.size()];
        for (int i = 0; i < columns.length; i++) {
            String name = GENERATED.fieldNames()[i];
            columns[i] = name.endsWith("_days")
                    ? date_from_unix_date(col(name)).as(name.substring(0, name.length() - "_days".length()))
                    : col(name);
        }
        return generated.select(columns);
    }

    /** How many generator parts (and partitions) for a scale factor: at least one per core. */
    static int partsFor(double scaleFactor, int defaultParallelism) {
        return Math.max(Math.max(1, defaultParallelism), (int) Math.ceil(scaleFactor * PARTS_PER_SCALE_FACTOR));
    }

    /** The generator of part {@code part} (1-based) of {@code parts}, with the small shared text pool. */
    static LineItemGenerator generator(double scaleFactor, int part, int parts) {
        return new LineItemGenerator(scaleFactor, part, parts, Distributions.getDefaultDistributions(), Pool.TEXT);
    }

    static Iterator<Row> rows(double scaleFactor, int part, int parts) {
        Iterator<LineItem> items = generator(scaleFactor, part, parts).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Row next() {
                return toRow(items.next());
            }
        };
    }

    /** One row in {@link #GENERATED}'s column order; money and rates exact, from the generator's integers. */
    static Row toRow(LineItem item) {
        return RowFactory.create(
                item.getOrderKey(),
                item.getPartKey(),
                item.getSupplierKey(),
                item.getLineNumber(),
                BigDecimal.valueOf(item.getQuantity() * 100, 2),
                BigDecimal.valueOf(item.getExtendedPriceInCents(), 2),
                BigDecimal.valueOf(item.getDiscountPercent(), 2),
                BigDecimal.valueOf(item.getTaxPercent(), 2),
                item.getReturnFlag(),
                item.getStatus(),
                item.getShipDate(),
                item.getCommitDate(),
                item.getReceiptDate(),
                item.getShipInstructions(),
                item.getShipMode(),
                item.getComment());
    }

    /** One text pool per JVM (driver or executor), built on first use. */
    private static final class Pool {
        static final TextPool TEXT = new TextPool(TEXT_POOL_BYTES, Distributions.getDefaultDistributions());
    }
}
