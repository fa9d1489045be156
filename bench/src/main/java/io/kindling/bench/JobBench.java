package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batch jobs through the gateway, as a user submits them: SparkPi (100 slices) from submit to succeeded, on a new
 * cluster (cold, each run a new owner after the previous cluster is gone) and on the warm cluster its previous
 * run left; and TPC-H Q1 at scale factor 1 (the job, and the query alone as the driver reports it).
 */
final class JobBench {

    private static final Pattern QUERY_TIME = Pattern.compile("q1: \\d+ rows in (\\d+) ms");

    private JobBench() {
    }

    static void run(int runs, Path report, Path runtimeRoot, Path examplesJar) throws Exception {
        Path work = Files.createTempDirectory("kindling-bench-jobs");
        try (Platform platform = Platform.start(PlatformOptions.forTests(work, runtimeRoot).withOverrides(Map.of(
                "kindling.teardown.cluster-grace", "20s")))) {
            Gateway gateway = new Gateway(platform.gatewayUrl(), platform::token);
            // trains the class-data archives of the cluster roles, as a first cold start of an install does
            String code = gateway.uploadArtifact("bench-jobs-warmup", examplesJar);
            job(gateway, "bench-jobs-warmup", spec(code, "io.kindling.examples.SparkPi", "10", "1g"));
            List<Long> cold = new ArrayList<>();
            List<Long> warm = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                String owner = "bench-jobs-" + i;
                String artifact = gateway.uploadArtifact(owner, examplesJar);
                String pi = spec(artifact, "io.kindling.examples.SparkPi", "100", "1g");
                EnvironmentBench.awaitNoLiveCluster(platform);
                long c = job(gateway, owner, pi).millis();
                long w = job(gateway, owner, pi).millis();
                cold.add(c);
                warm.add(w);
                System.out.printf("jobs run %d: SparkPi(100) cold %d ms, warm %d ms%n", i, c, w);
            }
            EnvironmentBench.awaitNoLiveCluster(platform);
            String owner = "bench-jobs-tpch";
            Path out = work.resolve("tpch-out");
            Run tpch = job(gateway, owner, spec(gateway.uploadArtifact(owner, examplesJar),
                    "io.kindling.examples.TpchQueries", "1 " + out + " q1", "2g"));
            Matcher query = QUERY_TIME.matcher(gateway.jobLog(owner, tpch.id(), "stdout"));
            if (!query.find()) {
                throw new IllegalStateException("TpchQueries printed no q1 time");
            }
            long queryMillis = Long.parseLong(query.group(1));
            System.out.printf("TPC-H Q1 SF1: job %d ms, query %d ms%n", tpch.millis(), queryMillis);
            List<Report.Row> rows = List.of(
                    Report.row("SparkPi (100 slices) on a new cluster: submit -> succeeded", cold),
                    Report.row("SparkPi (100 slices) on its warm cluster: submit -> succeeded", warm),
                    Report.row("TPC-H Q1, scale factor 1 (6M lineitem rows generated in the job): submit -> "
                            + "succeeded", List.of(tpch.millis())),
                    Report.row("TPC-H Q1, scale factor 1: the query alone (as the driver timed it)",
                            List.of(queryMillis)));
            rows.forEach(r -> System.out.println(r.format()));
            Report.write(report, "jobs", "Batch jobs (N=" + runs + ", 1 executor of 1 core, through the gateway)",
                    rows, "bin/kindling bench --runs " + runs + " --only jobs");
        }
    }

    private record Run(String id, long millis) {
    }

    /** Submits and waits for success. */
    private static Run job(Gateway gateway, String owner, String yaml) throws Exception {
        long t0 = System.nanoTime();
        String id = gateway.submitJob(owner, yaml);
        gateway.awaitJob(owner, id, Duration.ofMinutes(20));
        return new Run(id, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String spec(String code, String mainClass, String args, String memory) {
        return """
                type: spark
                code: %s
                entry:
                  class_name: %s
                jars: [%s]
                args: %s
                conf:
                  spark.driver.cores: 1
                  spark.driver.memory: 1g
                  spark.executor.cores: 1
                  spark.executor.memory: %s
                  spark.executor.instances: 1
                resources:
                  instance_type: standard_e4s_v3
                  runtime_version: "4.2"
                """.formatted(code, mainClass, "kindling-examples.jar", args, memory);
    }
}
