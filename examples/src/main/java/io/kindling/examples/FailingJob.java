package io.kindling.examples;

import org.apache.spark.sql.SparkSession;

/**
 * Fails on purpose, for testing how failures are reported: starts a SparkSession, runs one small
 * Spark job, stops the session and throws {@code IllegalStateException("planned failure: ...")}, so
 * the driver exits non-zero after real Spark work.
 */
public final class FailingJob {

    static final String USAGE = "FailingJob   (no arguments; always fails after one Spark job)";

    private FailingJob() {
    }

    public static void main(String[] args) {
        JobArgs.parseOrExit(USAGE, args, given -> {
            JobArgs.requireCount(given, 0, 0);
            return given;
        });
        SparkSession spark = SparkSession.builder().appName("FailingJob").getOrCreate();
        try {
            long rows = spark.range(0, 1000, 1, 2).count();
            System.out.println("FailingJob: counted " + rows + " rows, now failing as planned");
            throw new IllegalStateException("planned failure: FailingJob always fails after its first Spark job");
        } finally {
            spark.stop();
        }
    }
}
