package io.kindling.examples;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a command on the executors, as {@code RDD.pipe} does: once per partition, with the partition's numbers on
 * its stdin, one per line, and its working directory the executor's. Prints each line the command writes as
 * {@code pipe: <line>}. A job's conda environment is unpacked as {@code ./environment} there, so a command such as
 * {@code ./environment/bin/python -c ...} shows what the executors got.
 */
public final class Pipe {

    static final String USAGE = "Pipe <partitions> <command> [arguments...]   (e.g. 2 ./environment/bin/python -V)";

    private Pipe() {
    }

    record Args(int partitions, List<String> command) {
        static Args parse(String[] args) {
            if (args.length < 2) {
                throw new IllegalArgumentException("expected at least 2 arguments, got " + args.length);
            }
            return new Args(JobArgs.intArg("partitions", args[0], 1, 1_000),
                    List.copyOf(Arrays.asList(args).subList(1, args.length)));
        }
    }

    public static void main(String[] args) {
        Args parsed = JobArgs.parseOrExit(USAGE, args, Args::parse);
        SparkSession spark = SparkSession.builder().appName("Pipe").getOrCreate();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<Integer> numbers = context.parallelize(
                    java.util.stream.IntStream.range(0, parsed.partitions()).boxed().toList(), parsed.partitions());
            for (String line : numbers.pipe(parsed.command()).collect()) {
                System.out.println("pipe: " + line);
            }
        } finally {
            spark.stop();
        }
    }
}
