package io.kindling.examples;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Monte Carlo estimate of Pi, as Spark's own SparkPi: {@value #POINTS_PER_SLICE} random points per
 * slice (task) in the square [-1, 1]², the share inside the unit circle is Pi/4. Prints
 * {@code Pi is roughly <value>}.
 */
public final class SparkPi {

    static final String USAGE = "SparkPi [slices]   (default 2 slices of " + SparkPi.POINTS_PER_SLICE + " points)";
    static final int POINTS_PER_SLICE = 100_000;

    private SparkPi() {
    }

    /** @param slices the number of tasks, each drawing {@value #POINTS_PER_SLICE} points */
    record Args(int slices) {
        static Args parse(String[] args) {
            JobArgs.requireCount(args, 0, 1);
            return new Args(args.length == 0 ? 2 : JobArgs.intArg("slices", args[0], 1, 10_000));
        }
    }

    public static void main(String[] args) {
        Args parsed = JobArgs.parseOrExit(USAGE, args, Args::parse);
        SparkSession spark = SparkSession.builder().appName("SparkPi").getOrCreate();
        try {
            long points = (long) POINTS_PER_SLICE * parsed.slices();
            long inside = spark.range(0, points, 1, parsed.slices())
                    .filter((FilterFunction<Long>) i -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        double x = random.nextDouble() * 2 - 1;
                        double y = random.nextDouble() * 2 - 1;
                        return x * x + y * y <= 1;
                    })
                    .count();
            System.out.println("Pi is roughly " + 4.0 * inside / points);
        } finally {
            spark.stop();
        }
    }
}
