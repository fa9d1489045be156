package io.kindling.examples;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Generates TPC-H {@code lineitem} at a scale factor inside Spark tasks (see {@link LineItems}),
 * caches it as the view {@code lineitem}, runs TPC-H Q1 and Q6 (or the ones asked for) in Spark
 * SQL, writes each result as CSV with a header to {@code <outputFolder>/q1}, {@code .../q6}
 * (replacing them) and prints each query's row count and elapsed milliseconds.
 */
public final class TpchQueries {

    static final String USAGE = "TpchQueries <scaleFactor> <outputFolder> [queries]   "
            + "(e.g. 0.01 /tmp/tpch q1,q6; default all of q1,q6; results replace <outputFolder>/q1, /q6)";
    private static final double MAX_SCALE_FACTOR = 100_000;

    private TpchQueries() {
    }

    record Args(double scaleFactor, String output, List<TpchQuery> queries) {
        static Args parse(String[] args) {
            JobArgs.requireCount(args, 2, 3);
            double scaleFactor = scaleFactor(args[0]);
            String output = JobArgs.pathArg("outputFolder", args[1]);
            Set<TpchQuery> queries = EnumSet.noneOf(TpchQuery.class);
            if (args.length == 3) {
                for (String query : args[2].split(",")) {
                    queries.add(TpchQuery.parse(query));
                }
            } else {
                queries.addAll(EnumSet.allOf(TpchQuery.class));
            }
            return new Args(scaleFactor, output, List.copyOf(queries));
        }

        private static double scaleFactor(String text) {
            try {
                double value = Double.parseDouble(text.trim());
                if (value > 0 && value <= MAX_SCALE_FACTOR) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    "scaleFactor must be a number above 0 and at most " + (long) MAX_SCALE_FACTOR + ", got '" + text + "'");
        }
    }

    public static void main(String[] args) {
        Args parsed = JobArgs.parseOrExit(USAGE, args, Args::parse);
        SparkSession spark = SparkSession.builder().appName("TpchQueries").getOrCreate();
        try {
            String scale = BigDecimal.valueOf(parsed.scaleFactor()).stripTrailingZeros().toPlainString();
            int parts = LineItems.partsFor(parsed.scaleFactor(), spark.sparkContext().defaultParallelism());
            long started = System.nanoTime();
            Dataset<Row> lineitem = LineItems.generate(spark, parsed.scaleFactor(), parts)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long rows = lineitem.count();
            System.out.printf("lineitem: %d rows at scale factor %s in %d parts, generated in %d ms%n",
                    rows, scale, parts, millisSince(started));
            lineitem.createOrReplaceTempView("lineitem");
            for (TpchQuery query : parsed.queries()) {
                run(spark, query, parsed.output() + "/" + query.id());
            }
            lineitem.unpersist();
        } finally {
            spark.stop();
        }
    }

    /** Runs one query (the timed part), then writes its (small) result as one CSV part file. */
    private static void run(SparkSession spark, TpchQuery query, String folder) {
        long started = System.nanoTime();
        Dataset<Row> result = spark.sql(query.sql());
        List<Row> rows = new ArrayList<>(result.collectAsList());
        long elapsed = millisSince(started);
        // written from the collected rows: a local relation keeps the query's ORDER BY in the file
        spark.createDataFrame(rows, result.schema()).coalesce(1)
                .write().mode(SaveMode.Overwrite).option("header", "true").csv(folder);
        System.out.printf("%s: %d rows in %d ms -> %s%n", query.id(), rows.size(), elapsed, folder);
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
