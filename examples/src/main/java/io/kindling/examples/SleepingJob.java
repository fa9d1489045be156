package io.kindling.examples;

import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one Spark job whose tasks (one per default-parallelism slot) sleep for the given seconds, so
 * a test can kill the application while its tasks run. Prints a line when the tasks start and when
 * they are done.
 */
public final class SleepingJob {

    static final String USAGE = "SleepingJob [seconds]   (default " + SleepingJob.DEFAULT_SECONDS + ")";
    static final int DEFAULT_SECONDS = 60;

    private SleepingJob() {
    }

    record Args(int seconds) {
        static Args parse(String[] args) {
            JobArgs.requireCount(args, 0, 1);
            return new Args(args.length == 0 ? DEFAULT_SECONDS : JobArgs.intArg("seconds", args[0], 1, 86_400));
        }
    }

    public static void main(String[] args) {
        Args parsed = JobArgs.parseOrExit(USAGE, args, Args::parse);
        SparkSession spark = SparkSession.builder().appName("SleepingJob").getOrCreate();
        try {
            int tasks = spark.sparkContext().defaultParallelism();
            long sleepMillis = TimeUnit.SECONDS.toMillis(parsed.seconds());
            System.out.printf("SleepingJob: %d tasks sleeping %d s%n", tasks, parsed.seconds());
            System.out.flush();
            long started = System.nanoTime();
            spark.range(0, tasks, 1, tasks).foreach((ForeachFunction<Long>) i -> Thread.sleep(sleepMillis));
            System.out.printf("SleepingJob: done after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } finally {
            spark.stop();
        }
    }
}
