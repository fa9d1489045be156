package io.kindling.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Runs a job's unchanged {@code main} on {@code local[2]}: the master and test-friendly settings go
 * in as {@code spark.*} system properties (which {@code SparkSession.builder().getOrCreate()} reads,
 * as it reads spark-submit's), and are cleared afterwards. Fails if the job left a SparkSession
 * running (and stops it).
 */
final class LocalSpark {

    private static final Map<String, String> SETTINGS = Map.of(
            "spark.master", "local[2]",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1",
            "spark.ui.enabled", "false",
            "spark.sql.shuffle.partitions", "4",
            "spark.sql.warehouse.dir", "target/spark-warehouse");

    /** A job's {@code main}, called with its arguments. */
    interface Job {
        void run() throws Exception;
    }

    private LocalSpark() {
    }

    static void run(Job job) throws Exception {
        SETTINGS.forEach(System::setProperty);
        boolean finished = false;
        try {
            job.run();
            finished = true;
        } finally {
            SETTINGS.keySet().forEach(System::clearProperty);
            boolean leftRunning = stopLeftovers(SparkSession.getActiveSession())
                    | stopLeftovers(SparkSession.getDefaultSession());
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            if (leftRunning && finished) {
                throw new AssertionError("the job left its SparkSession running");
            }
        }
    }

    /** Runs the job and returns what it printed to stdout (which still reaches the test log too). */
    static String runCapturingStdout(Job job) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(captured, original), true, StandardCharsets.UTF_8));
        try {
            run(job);
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static boolean stopLeftovers(Option<SparkSession> session) {
        if (session.isDefined() && !session.get().sparkContext().isStopped()) {
            session.get().stop();
            return true;
        }
        return false;
    }

    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream first;
        private final PrintStream second;

        Tee(ByteArrayOutputStream first, PrintStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            second.flush();
        }
    }
}
