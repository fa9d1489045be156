package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.examples.TpchAnswers;
import io.kindling.examples.TpchReference;
import io.kindling.kit.job.JobSpecContexts;
import io.kindling.provisioning.ProvisioningProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Real Spark workloads submitted as a user does, through the gateway with the examples jar uploaded as the job's
 * code: SparkPi's output, a word count over a datastore folder whose counts are checked against Java's, and TPC-H
 * Q1 and Q6 whose results are checked against an exact Java aggregation of the same generated rows.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class JobEndToEndTest {

    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]+");

    /** The jobs read and write the install's datastore: their user needs both roles on it. */
    @BeforeAll
    static void grantTheDatastore() {
        WorkspaceEndToEndTest.grant(new GatewayClient(SharedPlatform.platform()), "default", "jobs-e2e",
                "workspaceblobstore");
    }

    @Test
    void sparkPiRunsAndItsDriverOutputIsServed() throws IOException {
        String id = submit("jobs-e2e", JobBusEndToEndTest.spec("io.kindling.examples.SparkPi", "20")
                .replace("code: ./target", "code: ./target\njars: [kindling-examples.jar]"));

        JsonNode job = awaitEnd("jobs-e2e", id);
        assertThat(job.get("state").asString()).isEqualTo("succeeded");
        assertThat(job.get("sparkAppId").asString()).startsWith("driver-");
        assertThat(job.get("history").findValuesAsString("state"))
                .containsSubsequence("queued", "preparing", "running", "succeeded");
        assertThat(client("jobs-e2e").text("/api/v1/jobs/" + id + "/log?stream=stdout")).contains("Pi is roughly 3.1");

        // one trace from the gateway call through every hop to the driver's submission to the cluster (services
        // export their spans in batches, so the whole trace may take a moment to be in the file)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            RecordedSpans.Span submission = RecordedSpans.find("submit driver", "session-service", "kindling.job.id", id);
            assertThat(submission).as("the submission's span").isNotNull();
            assertThat(submission.attribute("kindling.job.driver.id")).isEqualTo(job.get("sparkAppId").asString());
            List<RecordedSpans.Span> trace = RecordedSpans.trace(submission.traceId());
            RecordedSpans.Span root = RecordedSpans.assertOneTree(trace);
            assertThat(root.service()).as("the service at the root of the submission's trace")
                    .isEqualTo("gateway-service");
            assertThat(root.kind()).isEqualTo("SERVER");
            assertThat(RecordedSpans.names(trace)).contains("publish kindling.job.submitted.v1",
                    "process kindling.job.submitted.v1", "publish kindling.job.accepted.v1",
                    "process kindling.job.accepted.v1", "publish kindling.cluster.provisioned.v1");
            assertThat(RecordedSpans.parentOf(trace, submission).name())
                    .isEqualTo("process kindling.cluster.provisioned.v1");
        });
    }

    @Test
    void wordCountsOverADatastoreFolderAreRight() throws IOException {
        Path store = SharedPlatform.bean(JobSpecContexts.class).datastores("default").get("workspaceblobstore");
        String run = JobBusEndToEndTest.newJobId();
        Path input = Files.createDirectories(store.resolve("wc-in-" + run + "/nested"));
        Map<String, String> texts = Map.of(
                "a.txt", "The quick brown fox jumps over the lazy dog.\nThe dog sleeps; the fox does not!\n",
                "nested/b.txt", "Über café — naïve FOX, 42 dogs and 7 foxes.\n",
                "nested/c.txt", "");
        for (Map.Entry<String, String> t : texts.entrySet()) {
            Files.writeString(input.getParent().resolve(t.getKey()), t.getValue());
        }
        String spec = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.WordCount}
                jars: [kindling-examples.jar]
                inputs:
                  corpus: {type: uri_folder, path: kindling://datastores/workspaceblobstore/paths/wc-in-%1$s, mode: direct}
                outputs:
                  counts: {type: uri_folder, path: kindling://datastores/workspaceblobstore/paths/wc-out-%1$s}
                args: ${{inputs.corpus}} ${{outputs.counts}}
                """.formatted(run));

        JsonNode job = awaitEnd("jobs-e2e", submit("jobs-e2e", spec));

        assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
        Map<String, Long> expected = new HashMap<>();
        texts.values().forEach(text -> text.lines().flatMap(NON_LETTERS::splitAsStream).filter(w -> !w.isEmpty())
                .forEach(w -> expected.merge(w.toLowerCase(Locale.ROOT), 1L, Long::sum)));
        Map<String, Long> counted = new HashMap<>();
        try (Stream<Path> parts = Files.list(store.resolve("wc-out-" + run))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    String[] wordAndCount = line.split("\t");
                    counted.put(wordAndCount[0], Long.parseLong(wordAndCount[1]));
                }
            }
        }
        assertThat(counted).isEqualTo(expected).containsEntry("the", 4L).containsEntry("über", 1L);
    }

    /** Its executor is larger than its driver, so it also checks that the driver runs on its own worker. */
    @Test
    void tpchQ1AndQ6OnTheClusterEqualAPlainJavaAggregationOfTheSameRows() throws IOException {
        Path store = SharedPlatform.bean(JobSpecContexts.class).datastores("default").get("workspaceblobstore");
        String run = JobBusEndToEndTest.newJobId();
        String spec = JobBusEndToEndTest.sized("""
                entry: {class_name: io.kindling.examples.TpchQueries}
                jars: [kindling-examples.jar]
                outputs:
                  results: {type: uri_folder, path: kindling://datastores/workspaceblobstore/paths/tpch-%s}
                args: 0.01 ${{outputs.results}} q1,q6
                """.formatted(run)).replace("spark.executor.memory: 512m", "spark.executor.memory: 768m");

        String id = submit("jobs-e2e", spec);
        TpchReference reference = TpchReference.atScaleFactor(0.01);
        JsonNode job = awaitEnd("jobs-e2e", id);

        assertThat(job.get("state").asString()).as("%s", job).isEqualTo("succeeded");
        assertThat(client("jobs-e2e").text("/api/v1/jobs/" + id + "/log?stream=stdout"))
                .contains("lineitem: " + reference.rows() + " rows at scale factor 0.01")
                .containsPattern("q1: 4 rows in \\d+ ms")
                .containsPattern("q6: 1 rows in \\d+ ms");
        // the executor is larger than the driver: had the driver taken the executor's worker, nothing could run
        Path cluster = SharedPlatform.bean(ProvisioningProperties.class).workDir()
                .resolve(job.get("clusterId").asString());
        assertThat(cluster.resolve("worker-1")).isDirectoryContaining("glob:**/driver-*");
        assertThat(cluster.resolve("worker-0")).isDirectoryNotContaining("glob:**/driver-*");
        TpchAnswers.assertQ1Matches(store.resolve("tpch-" + run + "/q1"), reference);
        TpchAnswers.assertQ6Matches(store.resolve("tpch-" + run + "/q6"), reference);
    }

    private static String submit(String user, String spec) throws IOException {
        byte[] jar = Files.readAllBytes(JobBusEndToEndTest.EXAMPLES);
        GatewayClient.Response accepted = JobApiTest.multipart(user, "/api/v1/jobs", null,
                JobApiTest.Part.text("spec", spec), JobApiTest.Part.file("code", "kindling-examples.jar", jar));
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        return accepted.body().get("id").asString();
    }

    private static JsonNode awaitEnd(String user, String id) {
        List<String> ends = List.of("succeeded", "failed", "killed");
        return await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> client(user).get("/api/v1/jobs/" + id).body(),
                        job -> job != null && ends.contains(job.path("state").asString()));
    }

    private static GatewayClient client(String user) {
        return new GatewayClient(SharedPlatform.platform(), user);
    }
}
